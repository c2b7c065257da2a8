package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;

import org.govmail.server.testing.DistributedEngines;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.LineConversation;
import org.govmail.server.testing.MailClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three govmail nodes of the distributed profile on one Cassandra keyspace, one RabbitMQ virtual host and one
 * PostgreSQL database (run by the distributed pass only): mail accepted by one node is delivered by whichever
 * node takes it from the queue and wakes an IMAP IDLE on another; an account retired through a third node's
 * admin API loses its session on the second; and a node killed with SIGKILL in the middle of an ingest loses
 * and doubles nothing that was answered 250.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedClusterEndToEndTest {
    private static final String DOMAIN = "cluster.go.test";
    private static final String PASSWORD = "correct horse battery";
    private static final int INGEST_MESSAGES = 2_000;
    private static final int SENDERS = 6;
    /** The kill comes when this many messages were answered 250, a third of the way. */
    private static final int KILL_AFTER = INGEST_MESSAGES / 3;
    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(6);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path first;
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path second;
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path third;

    private final List<GovmailProcess> nodes = new ArrayList<>();

    @BeforeAll
    void startNodes() throws Exception {
        Assumptions.assumeTrue(DistributedEngines.requested(), "the distributed pass runs this");
        GovmailProcess node1 = GovmailProcess.prepare(first).start();
        node1.webAdmin().addDomain(DOMAIN);
        nodes.add(node1);
        nodes.add(GovmailProcess.prepareNodeOf(second, node1).start());
        nodes.add(GovmailProcess.prepareNodeOf(third, node1).start());
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    private GovmailProcess node(int number) {
        return nodes.get(number - 1);
    }

    @Test
    @Order(1)
    void mailAcceptedByNodeOneWakesAnIdleOnNodeTwo() throws Exception {
        String reader = enroll("reader", "정독자");
        try (LineConversation idle = idlingImap(node(2), reader)) {
            Instant sent = Instant.now();
            send(node(1), "outside@example.test", reader, "<idle-1@example.test>", "Cross-node delivery");
            String exists = idle.lineUntil(line -> line.endsWith(" EXISTS"), Duration.ofSeconds(30));
            assertThat(exists).as("node 2's IDLE hears of the mail node 1 took").isEqualTo("* 1 EXISTS");
            System.out.printf("cluster: IDLE on node 2 notified %d ms after node 1 answered 250%n",
                Duration.between(sent, Instant.now()).toMillis());
            idle.send("DONE");
            assertThat(idle.command("a4 FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])", "a4 "))
                .startsWith("a4 OK");
        }
    }

    @Test
    @Order(2)
    void retiringThroughNodeThreeCutsTheSessionOnNodeTwo() throws Exception {
        String retiree = enroll("retiree", "김퇴직");
        try (LineConversation onTwo = idlingImap(node(2), retiree)) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
            HttpResponse<String> retired = node(3).webAdmin().send("PUT", "/govmail/accounts/" + retiree + "/status",
                "{\"status\":\"RETIRED\",\"reason\":\"cluster test\"}", true);
            assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
            LineConversation.Ending end = onTwo.awaitServerClose(deadline);
            assertThat(end.closed()).as("node 2 closed the session within 5 s: %s", end).isTrue();
        }
    }

    @Test
    @Order(3)
    void killingANodeDuringAnIngestLosesAndDoublesNothingAnswered250() throws Exception {
        String recipient = enroll("ingest", "박수신");
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        Set<String> unanswered = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger acceptedCount = new AtomicInteger();
        Instant started = Instant.now();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        Future<?> killer = Executors.newSingleThreadExecutor().submit(() -> {
            while (acceptedCount.get() < KILL_AFTER) {
                Thread.sleep(20);
            }
            node(1).kill();
            System.out.printf("cluster: node 1 killed (SIGKILL) after %d messages answered 250%n", acceptedCount.get());
            return null;
        });
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                work.add(senders.submit(() -> {
                    int turn = sender;
                    Smtp connection = null;
                    int number;
                    while ((number = next.getAndIncrement()) < INGEST_MESSAGES) {
                        String messageId = "<ingest-" + number + "@example.test>";
                        for (int attempt = 0; attempt < 3 && !accepted.containsKey(messageId); attempt++) {
                            int target = turn++ % 3 + 1;
                            if (connection == null || connection.node != target) {
                                if (connection != null) {
                                    connection.close();
                                }
                                try {
                                    connection = new Smtp(target, node(target).smtpPort());
                                } catch (IOException e) {
                                    // Not even greeted (the killed node): nothing was taken, the next node gets it.
                                    connection = null;
                                    attempt--;
                                    continue;
                                }
                            }
                            try {
                                if (connection.send("outside@example.test", recipient, message(messageId, recipient))) {
                                    accepted.put(messageId, target);
                                    acceptedCount.incrementAndGet();
                                }
                            } catch (IOException e) {
                                // No 250: the mail may or may not have been taken; it must then arrive at most once.
                                unanswered.add(messageId);
                                if (connection != null) {
                                    connection.close();
                                }
                                connection = null;
                                break;
                            }
                        }
                    }
                    if (connection != null) {
                        connection.close();
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get(10, TimeUnit.MINUTES);
            }
            killer.get(1, TimeUnit.MINUTES);
        } finally {
            senders.shutdownNow();
        }
        Duration ingest = Duration.between(started, Instant.now());
        Map<Integer, Integer> perNode = new HashMap<>();
        accepted.values().forEach(node -> perNode.merge(node, 1, Integer::sum));
        System.out.printf("cluster: %d of %d messages answered 250 in %d s (per node %s), %d unanswered%n",
            accepted.size(), INGEST_MESSAGES, ingest.toSeconds(), perNode, unanswered.size());
        assertThat(perNode.getOrDefault(1, 0)).as("node 1 took mail before it died").isGreaterThan(0);

        Map<String, Integer> arrived = awaitArrivals(node(2), recipient, accepted.size());
        List<String> lost = accepted.keySet().stream().filter(id -> !arrived.containsKey(id)).sorted().toList();
        List<String> doubled = arrived.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        List<String> unexpected = arrived.keySet().stream()
            .filter(id -> !accepted.containsKey(id) && !unanswered.contains(id)).toList();
        System.out.printf("cluster: %d distinct messages arrived, %d of them unanswered ones, in %d s after the ingest%n",
            arrived.size(), arrived.keySet().stream().filter(unanswered::contains).count(),
            Duration.between(started.plus(ingest), Instant.now()).toSeconds());
        nodes.subList(1, 3).forEach(node -> node.output().lines()
            .filter(line -> line.contains("came back after an interrupted delivery")).limit(5)
            .forEach(line -> System.out.println("cluster: " + line)));
        assertThat(lost).as("answered 250, never delivered").isEmpty();
        assertThat(doubled).as("delivered more than once").isEmpty();
        assertThat(unexpected).as("delivered but never sent").isEmpty();
    }

    /** Waits until at least {@code expected} messages are in the INBOX and the count holds still, then reads their ids. */
    private Map<String, Integer> awaitArrivals(GovmailProcess node, String address, int expected) throws Exception {
        Instant deadline = Instant.now().plus(DELIVERED_WITHIN);
        int previous = -1;
        while (true) {
            Store store = new MailClients(node, node(2).account(address).pkcs12()).imaps().getStore();
            store.connect(address, PASSWORD);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                int count = inbox.getMessageCount();
                boolean settled = count >= expected && count == previous;
                if (settled || Instant.now().isAfter(deadline)) {
                    Message[] messages = inbox.getMessages();
                    FetchProfile profile = new FetchProfile();
                    profile.add("Message-ID");
                    inbox.fetch(messages, profile);
                    Map<String, Integer> ids = new HashMap<>();
                    for (Message message : messages) {
                        String[] header = message.getHeader("Message-ID");
                        ids.merge(header == null ? "(none)" : header[0].trim(), 1, Integer::sum);
                    }
                    return ids;
                }
                previous = count;
            } finally {
                store.close();
            }
            Thread.sleep(3_000);
        }
    }

    private static byte[] message(String messageId, String recipient) {
        return ("From: Outside <outside@example.test>\r\nTo: " + recipient + "\r\nSubject: ingest " + messageId
            + "\r\nMessage-ID: " + messageId + "\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\n"
            + "Ingest body line for the cluster test.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void send(GovmailProcess node, String from, String to, String messageId, String subject) throws IOException {
        try (Smtp smtp = new Smtp(0, node.smtpPort())) {
            assertThat(smtp.send(from, to, message(messageId, to))).as("250 for " + messageId).isTrue();
        }
    }

    private String enroll(String local, String name) throws Exception {
        String address = local + "@" + DOMAIN;
        node(2).enroll(address, name, PASSWORD);
        return address;
    }

    private LineConversation idlingImap(GovmailProcess node, String address) throws Exception {
        return LineConversation.idlingImap(new MailClients(node, node(2).account(address).pkcs12()).socketFactory(),
            node.imapsPort(), address, PASSWORD);
    }

    /** One plain SMTP connection to a node's MX port; a message counts as taken only on its 250. */
    private static final class Smtp implements AutoCloseable {
        final int node;
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Smtp(int node, int port) throws IOException {
            this.node = node;
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = socket.getOutputStream();
            expect(reply(), "220");
            command("EHLO cluster.test.invalid", "250");
        }

        /** True on 250; false on a refusal; IOException when the node did not answer. */
        boolean send(String from, String to, byte[] message) throws IOException {
            if (!command("MAIL FROM:<" + from + ">", "250") || !command("RCPT TO:<" + to + ">", "250")
                    || !command("DATA", "354")) {
                command("RSET", "250");
                return false;
            }
            out.write(message);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply().startsWith("250");
        }

        private boolean command(String line, String code) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply().startsWith(code);
        }

        private String reply() throws IOException {
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("connection closed");
                }
            } while (line.length() > 3 && line.charAt(3) == '-');
            return line;
        }

        private static void expect(String reply, String code) throws IOException {
            if (!reply.startsWith(code)) {
                throw new IOException("expected " + code + ", got " + reply);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
