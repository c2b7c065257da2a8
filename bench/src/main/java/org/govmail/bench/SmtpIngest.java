package org.govmail.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.govmail.bench.load.Percentiles;
import org.govmail.bench.load.BenchMessages;
import org.govmail.bench.load.MailboxReader;
import org.govmail.bench.load.SmtpSender;

/**
 * SMTP ingest: N connections deliver M messages of one size to local mailboxes over the SMTP (MX)
 * port, as other mail servers would (connection c to the service's SMTP port c modulo their number, so
 * several nodes share the connections round robin). A message counts once the server answered 250; the run then
 * waits until every message is readable over IMAP and checks that each arrived exactly once. The
 * mailboxes keep what earlier runs delivered (as real ones do; emptying them would put the cost of
 * expunging into the next reading), so arrivals count from each run's start.
 */
final class SmtpIngest {
    private static final long READABLE_TIMEOUT_NANOS = 15L * 60 * 1_000_000_000;

    record Result(int messages, double acceptedPerSecond, double p50Millis, double p99Millis, double readableAfterSeconds) {
        /** Messages per second from the first send to the last message readable over IMAP. */
        double readablePerSecond() {
            return messages / (messages / acceptedPerSecond + readableAfterSeconds);
        }
    }

    private final BenchServer server;
    /** Recipient address → its INBOX, open for the whole run. */
    private final Map<String, MailboxReader> inboxes;

    SmtpIngest(BenchServer server, Map<String, MailboxReader> inboxes) {
        this.server = server;
        this.inboxes = inboxes;
    }

    Result run(String tag, BenchMessages.Size size, int connections, int messages) throws Exception {
        List<String> recipients = List.copyOf(inboxes.keySet());
        BenchMessages generator = new BenchMessages(BenchUsers.SENDER);
        List<byte[]> bodies = new ArrayList<>(messages);
        for (int i = 0; i < messages; i++) {
            bodies.add(generator.message(size, recipients.get(i % recipients.size()), tag, i));
        }
        int before = readable();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>(messages));
        long start = System.nanoTime();
        List<Integer> ports = server.smtpPorts();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> senders = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int connection = c;
                senders.add(pool.submit(() -> {
                    try (SmtpSender sender = new SmtpSender(BenchServer.HOST, ports.get(connection % ports.size()))) {
                        for (int i = connection; i < messages; i += connections) {
                            latencies.add(sender.send(BenchUsers.SENDER, recipients.get(i % recipients.size()), bodies.get(i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long accepted = System.nanoTime();
        awaitReadable(before + messages, accepted);
        long readable = System.nanoTime();
        verifyExactlyOnce(tag, messages, recipients);
        return new Result(messages, messages / ((accepted - start) / 1e9), Percentiles.millis(latencies, 50),
            Percentiles.millis(latencies, 99), (readable - accepted) / 1e9);
    }

    private int readable() throws Exception {
        int readable = 0;
        for (MailboxReader inbox : inboxes.values()) {
            readable += inbox.count();
        }
        return readable;
    }

    private void awaitReadable(int messages, long since) throws Exception {
        while (true) {
            int readable = readable();
            if (readable >= messages) {
                return;
            }
            if (System.nanoTime() - since > READABLE_TIMEOUT_NANOS) {
                throw new IllegalStateException(server.name() + ": only " + readable + " of " + messages + " messages readable");
            }
            Thread.sleep(50);
        }
    }

    private void verifyExactlyOnce(String tag, int messages, List<String> recipients) throws Exception {
        for (int r = 0; r < recipients.size(); r++) {
            Map<String, Integer> expected = new HashMap<>();
            for (int i = r; i < messages; i += recipients.size()) {
                expected.put(org.govmail.bench.load.BenchMessages.messageId(tag, i), 1);
            }
            Map<String, Integer> found = new HashMap<>(inboxes.get(recipients.get(r)).messageIds());
            found.keySet().removeIf(id -> !id.startsWith("<" + tag + "."));
            if (!found.equals(expected)) {
                Map<String, Integer> wrong = new HashMap<>(found);
                expected.forEach((id, one) -> wrong.merge(id, -1, Integer::sum));
                wrong.values().removeIf(count -> count == 0);
                throw new IllegalStateException(server.name() + ": " + recipients.get(r) + " does not hold every message exactly once"
                    + " (message id → surplus copies, negative = missing): " + wrong);
            }
        }
    }
}
