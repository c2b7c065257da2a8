package org.govmail.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.PeerTls;
import org.govmail.server.testing.TestAccount;
import org.govmail.server.testing.TestSmtpPeer;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Message throughput through govmail's full security routing pipeline beside James' default pipeline:
 * two servers of the same build, side by side, on loopback; the same three workloads against each,
 * alternating, several rounds:
 * <ul>
 *   <li>inbound: another server delivers to the MX port (govmail: SPF, DKIM, DMARC against a local DNS
 *   server, outside marking, attachment inspection) until every message is in the recipient's INBOX;</li>
 *   <li>internal: an official submits over SMTPS to a colleague (govmail: From ownership) until delivered;</li>
 *   <li>outbound: an official submits to the outside (govmail: classification check, rate limit, DKIM
 *   signature, journal copy) until the outside peer has every message.</li>
 * </ul>
 * Each message counts only once the server answered 250, and the round ends when all arrived.
 *
 * <p>Run with {@code scripts/bench-pipeline [messages] [connections] [rounds]}.
 */
public final class PipelineThroughputBenchmark {
    private static final String DOMAIN = "korea.kr";
    private static final String SENDER = "kim@korea.kr";
    private static final String RECIPIENT = "lee@korea.kr";
    private static final String OUTSIDE = "friend@outside.example";
    private static final String PASSWORD = "bench correct horse";
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    private PipelineThroughputBenchmark() {
    }

    private record Server(String name, GovmailProcess process, TestSmtpPeer outside, TestAccount sender) {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path root = Files.createTempDirectory("govmail-bench-pipeline");
        try (TestSmtpPeer fullPeer = TestSmtpPeer.start(Optional.of(PeerTls.generate("Bench Outside CA")));
             TestSmtpPeer defaultPeer = TestSmtpPeer.start(Optional.of(PeerTls.generate("Bench Outside CA")))) {
            GovmailProcess full = GovmailProcess.prepare(root.resolve("full"))
                .editConf("govmail-routing.xml", xml -> xml
                    .replace("approved=\"500\" pending=\"50\"", "approved=\"1000000\" pending=\"1000\""))
                .editConf("mailetcontainer.xml", xml -> xml.replace("<outgoing>outgoing</outgoing>",
                    "<outgoing>outgoing</outgoing><gateway>localhost:" + fullPeer.port() + "</gateway>"));
            // The outside sender passes SPF and DMARC, as a legitimate sender would.
            full.dns().txt("outside.example", "v=spf1 ip4:127.0.0.1 -all").txt("_dmarc.outside.example", "v=DMARC1; p=reject");
            GovmailProcess plain = GovmailProcess.prepare(root.resolve("default"));
            try (InputStream pipeline = PipelineThroughputBenchmark.class.getResourceAsStream("default-pipeline.xml")) {
                String xml = new String(pipeline.readAllBytes(), StandardCharsets.UTF_8).replace("GATEWAY", "localhost:" + defaultPeer.port());
                Files.writeString(plain.root().resolve("conf/mailetcontainer.xml"), xml);
            }
            try {
                List<Server> servers = List.of(start("govmail full pipeline", full, fullPeer), start("James default pipeline", plain, defaultPeer));
                List<String> workloads = List.of("inbound (MX)", "internal (SMTPS)", "outbound (SMTPS to outside)");
                double[][][] rates = new double[workloads.size()][servers.size()][rounds];
                for (int round = 0; round < rounds + 1; round++) {
                    for (int w = 0; w < workloads.size(); w++) {
                        for (int s = 0; s < servers.size(); s++) {
                            double rate = run(w, servers.get(s), round == 0 ? Math.min(messages, 40) : messages, connections);
                            if (round > 0) {
                                rates[w][s][round - 1] = rate;
                            }
                        }
                    }
                }
                print(messages, connections, rounds, workloads, servers, rates);
            } finally {
                full.close();
                plain.close();
            }
        }
    }

    private static Server start(String name, GovmailProcess process, TestSmtpPeer outside) throws Exception {
        process.start();
        process.webAdmin().addDomain(DOMAIN);
        TestAccount sender = process.enroll(SENDER, "김벤치", PASSWORD);
        process.enroll(RECIPIENT, "이벤치", PASSWORD);
        return new Server(name, process, outside, sender);
    }

    /** Messages per second from the first send to the last arrival. */
    private static double run(int workload, Server server, int messages, int connections) throws Exception {
        MailClients clients = new MailClients(server.process(), server.sender().pkcs12());
        ImapProbe inbox = new ImapProbe(new MailClients(server.process(), server.process().account(RECIPIENT).pkcs12()), RECIPIENT, PASSWORD);
        int inboxBefore = inbox.count(null);
        int peerBefore = server.outside().received().size();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int share = messages / connections + (c < messages % connections ? 1 : 0);
                int connection = c;
                senders.add(pool.submit(() -> {
                    send(workload, clients, share, connection);
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean arrived = workload == 2
                ? server.outside().received().size() >= peerBefore + messages
                : inbox.count(null) >= inboxBefore + messages;
            if (arrived) {
                break;
            }
            Thread.sleep(workload == 2 ? 20 : 100);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int arrived = workload == 2 ? server.outside().received().size() - peerBefore : inbox.count(null) - inboxBefore;
        if (arrived != messages) {
            throw new IllegalStateException(server.name() + ": " + arrived + " of " + messages + " messages arrived (exactly once expected)");
        }
        return messages / seconds;
    }

    private static void send(int workload, MailClients clients, int count, int connection) throws Exception {
        Session session = workload == 0 ? clients.mx() : clients.smtps();
        if (workload == 0) {
            session.getProperties().put("mail.smtp.from", "news@outside.example");
        }
        String to = workload == 2 ? OUTSIDE : RECIPIENT;
        try (Transport transport = session.getTransport(workload == 0 ? "smtp" : "smtps")) {
            if (workload == 0) {
                transport.connect();
            } else {
                transport.connect(SENDER, PASSWORD);
            }
            for (int i = 0; i < count; i++) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress(workload == 0 ? "news@outside.example" : SENDER));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
                message.setSubject("bench " + connection + "-" + i + " 업무 협조", "UTF-8");
                message.setText(BODY, "UTF-8");
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        }
    }

    /** About 2 KB of Korean and ASCII text. */
    private static final String BODY = ("안녕하십니까. 업무 협조를 요청드립니다. Please find the schedule below.\n").repeat(24);

    private static void print(int messages, int connections, int rounds, List<String> workloads, List<Server> servers, double[][][] rates) {
        System.out.printf(Locale.ROOT, "%nPipeline throughput: %d messages of ~2 KB over %d connections per round, %d rounds (median), %d cores%n%n",
            messages, connections, rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "| workload | %s msg/s | %s msg/s | ratio full/default |%n", servers.get(0).name(), servers.get(1).name());
        System.out.println("|---|---|---|---|");
        for (int w = 0; w < workloads.size(); w++) {
            double full = median(rates[w][0]);
            double plain = median(rates[w][1]);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", workloads.get(w), full, plain, full / plain);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
