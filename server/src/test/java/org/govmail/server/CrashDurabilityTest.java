package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.BodyTerm;

/**
 * A message answered 250 is never lost: senders keep submitting while the server JVM is killed with
 * SIGKILL (no shutdown hook, like a power cut); after a restart on the same data folder every accepted
 * message is in the mailbox exactly once.
 */
class CrashDurabilityTest {
    private static final String RECIPIENT = "records@gov.test";
    private static final String PASSWORD = "records archive secret";
    private static final String SEQUENCE_HEADER = "X-Test-Sequence";
    private static final int SENDERS = 4;
    private static final int KILL_AFTER_ACCEPTED = 150;
    private static final int MAX_MESSAGES = 600;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path installation;

    private GovmailProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void everyAcceptedMessageIsDeliveredExactlyOnceAfterAKill() throws Exception {
        server = GovmailProcess.startWithUser(installation, RECIPIENT, PASSWORD);
        Session mx = new MailClients(server).mx();

        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        for (int i = 0; i < SENDERS; i++) {
            senders.submit(() -> sendUntilRefused(mx, next, accepted));
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (accepted.size() < KILL_AFTER_ACCEPTED && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        server.kill();
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        Set<Integer> acceptedBeforeCrash = Set.copyOf(accepted);
        assertThat(acceptedBeforeCrash).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACCEPTED);

        server.start();
        Map<Integer, Integer> delivered = awaitDeliveries(new MailClients(server), acceptedBeforeCrash.size());

        List<String> log = java.nio.file.Files.readAllLines(installation.resolve("var/log/govmail.log"));
        long guarded = log.stream().filter(line -> line.contains("not delivering it again")).count();
        assertThat(log).as("the restart noticed the crash and rebuilt the search index")
            .anyMatch(line -> line.contains("re-indexing all mailboxes for search"));
        // Informative: how often the crash fell between a mailbox commit and the queue acknowledgement.
        System.out.printf("durability: %d accepted before the kill, %d distinct delivered, %d redeliveries stopped by the ledger%n",
            acceptedBeforeCrash.size(), delivered.size(), guarded);
        assertThat(delivered.keySet()).as("every message answered 250 before the crash")
            .containsAll(acceptedBeforeCrash);
        assertThat(delivered.entrySet()).as("no message delivered twice")
            .allSatisfy(entry -> assertThat(entry.getValue()).as("copies of message " + entry.getKey()).isEqualTo(1));

        // The search index is rebuilt after the crash: every stored message is found by its body again.
        ImapProbe probe = new ImapProbe(new MailClients(server), RECIPIENT, PASSWORD);
        assertThat(probe.awaitCount(new BodyTerm("record"), hits -> hits == delivered.size(), Duration.ofSeconds(90)))
            .as("messages found by SEARCH BODY after the restart").isEqualTo(delivered.size());
    }

    private static void sendUntilRefused(Session session, AtomicInteger next, Set<Integer> accepted) {
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            while (true) {
                int sequence = next.getAndIncrement();
                if (sequence >= MAX_MESSAGES) {
                    return;
                }
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("archive@outside.example"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(RECIPIENT));
                message.setSubject("durability " + sequence);
                message.setHeader(SEQUENCE_HEADER, String.valueOf(sequence));
                message.setText("record " + sequence + "\n" + "x".repeat(2000));
                message.saveChanges();
                // Counted only once the server answered 250 to the end of DATA.
                transport.sendMessage(message, message.getAllRecipients());
                accepted.add(sequence);
            }
        } catch (Exception e) {
            // The server was killed: this sender is done.
        }
    }

    private static Map<Integer, Integer> awaitDeliveries(MailClients clients, int atLeast) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        Map<Integer, Integer> counts = Map.of();
        int stableRounds = 0;
        int lastTotal = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                counts = deliveredSequences(clients);
            } catch (jakarta.mail.MessagingException e) {
                // IMAP may refuse a moment right after the restart; keep polling until the deadline.
                Thread.sleep(500);
                continue;
            }
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            stableRounds = total == lastTotal ? stableRounds + 1 : 0;
            lastTotal = total;
            // Wait for the queue to drain: all accepted mail present and nothing new for ~3 s.
            if (counts.size() >= atLeast && stableRounds >= 6) {
                return counts;
            }
            Thread.sleep(500);
        }
        return counts;
    }

    private static Map<Integer, Integer> deliveredSequences(MailClients clients) throws Exception {
        Store store = clients.imaps().getStore();
        store.connect(RECIPIENT, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message[] messages = inbox.getMessages();
            FetchProfile profile = new FetchProfile();
            profile.add(SEQUENCE_HEADER);
            inbox.fetch(messages, profile);
            Map<Integer, Integer> counts = new HashMap<>();
            List<Message> all = new ArrayList<>(List.of(messages));
            for (Message message : all) {
                String[] header = message.getHeader(SEQUENCE_HEADER);
                if (header == null) {
                    throw new AssertionError("a delivered message has no " + SEQUENCE_HEADER + ": subject '"
                        + message.getSubject() + "', from " + java.util.Arrays.toString(message.getFrom()));
                }
                counts.merge(Integer.parseInt(header[0].trim()), 1, Integer::sum);
            }
            inbox.close(false);
            return counts;
        } finally {
            store.close();
        }
    }
}
