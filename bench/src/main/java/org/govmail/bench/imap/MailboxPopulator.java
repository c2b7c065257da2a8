package org.govmail.bench.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills a mailbox with the first N messages of a {@link BenchCorpus} by APPEND over several connections
 * at once: a mailbox of 10 k messages one APPEND after the other would take longer than the benchmark.
 * Any refused APPEND fails the whole fill, since the workload's searches count on every message.
 */
public final class MailboxPopulator {
    /** What was appended and how long it took. */
    public record Result(int appended, Duration elapsed) {
        public double messagesPerSecond() {
            return appended / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }
    }

    private final ImapTarget target;
    private final BenchCorpus corpus;

    public MailboxPopulator(ImapTarget target, BenchCorpus corpus) {
        this.target = target;
        this.corpus = corpus;
    }

    /**
     * Appends corpus messages 0 to {@code count - 1} to {@code mailbox} (created if missing), connection
     * c taking the numbers c, c + connections, ...; arrival order, and so UID order, is therefore mixed,
     * as in a real mailbox.
     */
    public Result populate(String mailbox, int count, int connections) throws IOException, InterruptedException {
        if (count < 0 || connections < 1) {
            throw new IllegalArgumentException("count " + count + ", connections " + connections);
        }
        ensureExists(mailbox);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections, runnable -> {
            Thread thread = new Thread(runnable, "imap-populate");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                int first = c;
                workers.add(pool.submit(() -> appendEvery(mailbox, first, connections, count)));
            }
            int appended = 0;
            for (Future<Integer> worker : workers) {
                appended += join(worker);
            }
            return new Result(appended, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    private int appendEvery(String mailbox, int first, int step, int count) throws IOException {
        int appended = 0;
        try (ImapConnection connection = ImapConnection.open(target)) {
            connection.login();
            for (int number = first; number < count; number += step) {
                connection.append(mailbox, corpus.flags(number), corpus.message(number));
                appended++;
            }
        }
        return appended;
    }

    private void ensureExists(String mailbox) throws IOException {
        if (mailbox.equalsIgnoreCase("INBOX")) {
            return;
        }
        try (ImapConnection connection = ImapConnection.open(target)) {
            connection.login();
            try {
                connection.status(mailbox, "MESSAGES");
            } catch (ImapException missing) {
                connection.create(mailbox);
            }
        }
    }

    private static int join(Future<Integer> worker) throws IOException, InterruptedException {
        try {
            return worker.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("populating failed", e.getCause());
        }
    }
}
