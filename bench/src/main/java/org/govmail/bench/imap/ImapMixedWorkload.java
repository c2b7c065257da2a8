package org.govmail.bench.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.govmail.bench.load.Percentiles;

/**
 * A mixed IMAP load in the manner of Dovecot's imaptest: K clients, each on its own connection and
 * login, pick weighted random steps over one mailbox filled with a {@link BenchCorpus}, and every
 * command is timed on its own. Each answer is checked cheaply against what the corpus makes certain
 * (a search finds exactly its planted share, a range FETCH returns every message asked for, a BODY[]
 * is as long as its RFC822.SIZE, STORE reports the flag it set), and a wrong answer counts as an
 * error: a fast server that answers wrong must not win the comparison.
 *
 * <p>Each client only STOREs flags on and reads BODY[] (which sets \Seen) of its own share of the
 * messages, so a flag it checks cannot be changed under it by another client; FETCH of ranges and
 * the searches read all of them. LOGIN and the first SELECT happen before the clock starts: the login
 * cost is measured on its own ({@code bench-login}); this measures a logged-in mail client's work.
 */
public final class ImapMixedWorkload {
    /** The steps a client chooses from; a step is one to three commands. */
    public enum Step {
        /** SELECT the mailbox again, as a client does when the user comes back to it. */
        SELECT,
        /** STATUS (MESSAGES UNSEEN RECENT) of the mailbox. */
        STATUS,
        /** UID FETCH (UID FLAGS ENVELOPE) of a range of 10 to 50 messages: the message list. */
        FETCH_ENVELOPES,
        /** UID FETCH (UID RFC822.SIZE BODY[]) of one message: opening it (sets \Seen). */
        FETCH_BODY,
        /** UID SEARCH SUBJECT/FROM with a known answer. */
        SEARCH_HEADER,
        /** UID SEARCH BODY with a known answer: the full-text index (Lucene on govmail). */
        SEARCH_BODY,
        /** UID STORE +FLAGS or -FLAGS, \Seen or \Flagged, on one message. */
        STORE_FLAGS,
        /** APPEND a new message, UID STORE +FLAGS.SILENT (\Deleted), UID EXPUNGE (EXPUNGE without UIDPLUS): mailbox size stays put. */
        APPEND_EXPUNGE
    }

    /**
     * Relative weights of the steps (percent when they add up to 100).
     *
     * <p>{@link #IMAPTEST_LIKE} follows imaptest's default state table (SELECT 100, FETCH 100, FETCH2
     * 100, STORE 50, DELETE 100, EXPUNGE 100, APPEND 100, STATUS 50 %), with two changes: the
     * connection stays logged in and selected (imaptest logs out every round) so SELECT is a re-select
     * now and then, and SEARCH, which imaptest leaves at 0 %, gets a fifth of the steps, half of them
     * body-text searches, because full-text search is what the comparison is about.
     */
    public record Mix(int select, int status, int fetchEnvelopes, int fetchBody, int searchHeader, int searchBody,
                      int storeFlags, int appendExpunge) {
        /** 5 SELECT, 5 STATUS, 25 FETCH envelopes, 20 FETCH BODY[], 10 header SEARCH, 10 BODY SEARCH, 15 STORE, 10 APPEND+EXPUNGE. */
        public static final Mix IMAPTEST_LIKE = new Mix(5, 5, 25, 20, 10, 10, 15, 10);

        public Mix {
            int[] all = {select, status, fetchEnvelopes, fetchBody, searchHeader, searchBody, storeFlags, appendExpunge};
            if (Arrays.stream(all).anyMatch(w -> w < 0) || Arrays.stream(all).sum() == 0) {
                throw new IllegalArgumentException("weights must be >= 0 and not all 0: " + Arrays.toString(all));
            }
        }

        /** The same mix with one step's weight changed (0 leaves it out). */
        public Mix with(Step step, int weight) {
            int[] w = {select, status, fetchEnvelopes, fetchBody, searchHeader, searchBody, storeFlags, appendExpunge};
            w[step.ordinal()] = weight;
            return new Mix(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
        }

        public int weight(Step step) {
            return switch (step) {
                case SELECT -> select;
                case STATUS -> status;
                case FETCH_ENVELOPES -> fetchEnvelopes;
                case FETCH_BODY -> fetchBody;
                case SEARCH_HEADER -> searchHeader;
                case SEARCH_BODY -> searchBody;
                case STORE_FLAGS -> storeFlags;
                case APPEND_EXPUNGE -> appendExpunge;
            };
        }

        Step pick(Random random) {
            int r = random.nextInt(select + status + fetchEnvelopes + fetchBody + searchHeader + searchBody + storeFlags + appendExpunge);
            for (Step step : Step.values()) {
                r -= weight(step);
                if (r < 0) {
                    return step;
                }
            }
            throw new AssertionError();
        }
    }

    /**
     * @param corpusSize the mailbox holds exactly the first corpusSize corpus messages (checked at start)
     * @param operationsPerClient steps per client; 0 for no limit (then {@code duration} bounds the run)
     * @param duration run time; {@link Duration#ZERO} for no limit (then {@code operationsPerClient} does)
     * @param searches what SEARCH steps choose from (see {@link BenchCorpus#searches(int)}); header and
     *        body searches are told apart by {@link CorpusSearch#readsBody()}
     */
    public record Config(ImapTarget target, String mailbox, int corpusSize, int clients, int operationsPerClient,
                         Duration duration, Mix mix, List<CorpusSearch> searches, long seed) {
        public Config {
            Objects.requireNonNull(target);
            Objects.requireNonNull(mailbox);
            Objects.requireNonNull(duration);
            Objects.requireNonNull(mix);
            searches = List.copyOf(searches);
            if (clients < 1 || corpusSize < 50 || operationsPerClient < 0 || duration.isNegative()) {
                throw new IllegalArgumentException("clients " + clients + ", corpus " + corpusSize + " (at least 50), operations " + operationsPerClient);
            }
            if (operationsPerClient == 0 && duration.isZero()) {
                throw new IllegalArgumentException("neither an operation count nor a duration: the run would not end");
            }
            if (mix.searchHeader() > 0 && searches.stream().noneMatch(s -> !s.readsBody())) {
                throw new IllegalArgumentException("the mix has header searches but no header search is given");
            }
            if (mix.searchBody() > 0 && searches.stream().noneMatch(CorpusSearch::readsBody)) {
                throw new IllegalArgumentException("the mix has body searches but no body search is given");
            }
        }
    }

    /** Latencies of one command (as labelled in the table), in milliseconds. */
    public record CommandStats(String command, long count, long errors, double p50Millis, double p99Millis, double meanMillis) {
    }

    /**
     * @param commands every timed command that completed (OK, or a wrong answer), not counting errors
     *        that ended a command without an answer
     * @param errorSamples the first few error messages, for finding out what went wrong
     */
    public record Result(int clients, Duration elapsed, long commands, long errors, List<CommandStats> byCommand,
                         List<String> errorSamples) {
        public Result {
            byCommand = List.copyOf(byCommand);
            errorSamples = List.copyOf(errorSamples);
        }

        public double commandsPerSecond() {
            return commands / Math.max(1e-9, elapsed.toNanos() / 1e9);
        }

        /** A Markdown table, one row per command, then the totals. */
        public String table() {
            int width = byCommand.stream().mapToInt(s -> s.command().length()).max().orElse(10);
            StringBuilder table = new StringBuilder();
            table.append(String.format(Locale.ROOT, "| %-" + width + "s | %7s | %6s | %8s | %8s | %8s |%n", "command", "count", "errors", "p50 ms", "p99 ms", "mean ms"));
            table.append(String.format(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%n", "-".repeat(width + 2), "-".repeat(9), "-".repeat(8), "-".repeat(10), "-".repeat(10), "-".repeat(10)));
            for (CommandStats s : byCommand) {
                table.append(String.format(Locale.ROOT, "| %-" + width + "s | %7d | %6d | %8.2f | %8.2f | %8.2f |%n",
                    s.command(), s.count(), s.errors(), s.p50Millis(), s.p99Millis(), s.meanMillis()));
            }
            table.append(String.format(Locale.ROOT, "%n%d clients, %d commands in %.1f s: %.1f commands/s, %d errors%n",
                clients, commands, elapsed.toNanos() / 1e9, commandsPerSecond(), errors));
            return table.toString();
        }
    }

    private static final int ERROR_SAMPLES_PER_CLIENT = 10;

    // Command labels in the result table (searches are labelled by their CorpusSearch).
    private static final String SELECT = "SELECT";
    private static final String STATUS = "STATUS";
    private static final String FETCH_ENVELOPES = "UID FETCH FLAGS ENVELOPE";
    private static final String FETCH_BODY = "UID FETCH BODY[]";
    private static final String STORE_ADD = "UID STORE +FLAGS";
    private static final String STORE_REMOVE = "UID STORE -FLAGS";
    private static final String APPEND = "APPEND";
    private static final String FIND_APPENDED = "UID SEARCH HEADER Message-ID";
    private static final String MARK_DELETED = "UID STORE +FLAGS.SILENT \\Deleted";
    private static final String UID_EXPUNGE = "UID EXPUNGE";
    private static final String EXPUNGE = "EXPUNGE";

    private final Config config;
    private final BenchCorpus corpus;

    public ImapMixedWorkload(Config config, BenchCorpus corpus) {
        this.config = config;
        this.corpus = corpus;
    }

    /**
     * Checks the mailbox holds the corpus, logs every client in and selects, then starts them together
     * and waits until each has done its steps (or the duration is over).
     */
    public Result run() throws IOException, InterruptedException {
        long[] uids = corpusUids();
        ExecutorService pool = Executors.newFixedThreadPool(config.clients(), runnable -> {
            Thread thread = new Thread(runnable, "imap-client");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CountDownLatch ready = new CountDownLatch(config.clients());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ClientLog>> clients = new ArrayList<>();
            for (int c = 0; c < config.clients(); c++) {
                clients.add(pool.submit(new Client(c, uids, ready, go)));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            List<ClientLog> logs = new ArrayList<>();
            for (Future<ClientLog> client : clients) {
                logs.add(join(client));
            }
            return summarize(logs, Duration.ofNanos(System.nanoTime() - start));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The mailbox's UIDs, ascending; refuses a mailbox that is not exactly the corpus (the checks would
     * be wrong). Messages still marked \Deleted are an earlier run's appends whose EXPUNGE the server
     * refused (corpus messages are never marked): they are expunged first, so one populated mailbox
     * serves several runs.
     */
    private long[] corpusUids() throws IOException {
        try (ImapConnection connection = ImapConnection.open(config.target())) {
            connection.login();
            connection.select(config.mailbox());
            long[] leftOver = connection.uidSearch("DELETED");
            if (leftOver.length > 0) {
                Arrays.sort(leftOver);
                if (connection.hasCapability("UIDPLUS")) {
                    connection.uidExpunge(uidSet(leftOver, 0, leftOver.length));
                } else {
                    connection.expunge();
                }
            }
            long[] uids = connection.uidSearch("ALL");
            if (uids.length != config.corpusSize()) {
                throw new IllegalStateException(config.target() + " " + config.mailbox() + " holds " + uids.length
                    + " messages, the workload expects exactly the corpus of " + config.corpusSize() + ": populate a fresh mailbox");
            }
            Arrays.sort(uids);
            return uids;
        }
    }

    private static ClientLog join(Future<ClientLog> client) throws IOException, InterruptedException {
        try {
            return client.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("an IMAP client failed", e.getCause());
        }
    }

    private Result summarize(List<ClientLog> logs, Duration elapsed) {
        Map<String, Samples> merged = new HashMap<>();
        List<String> errorSamples = new ArrayList<>();
        for (ClientLog log : logs) {
            log.samples().forEach((command, samples) -> merged.computeIfAbsent(command, k -> new Samples()).addAll(samples));
            errorSamples.addAll(log.errorSamples());
        }
        List<String> order = tableOrder();
        List<CommandStats> stats = merged.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<String, Samples> e) -> order.indexOf(e.getKey())).thenComparing(Map.Entry::getKey))
            .map(e -> e.getValue().stats(e.getKey()))
            .toList();
        long commands = stats.stream().mapToLong(CommandStats::count).sum();
        long errors = stats.stream().mapToLong(CommandStats::errors).sum();
        return new Result(config.clients(), elapsed, commands, errors, stats, errorSamples);
    }

    /** Rows in the order of the steps, and of the commands within a step. */
    private List<String> tableOrder() {
        List<String> order = new ArrayList<>(List.of(SELECT, STATUS, FETCH_ENVELOPES, FETCH_BODY));
        config.searches().stream().filter(s -> !s.readsBody()).map(CorpusSearch::label).distinct().forEach(order::add);
        config.searches().stream().filter(CorpusSearch::readsBody).map(CorpusSearch::label).distinct().forEach(order::add);
        order.addAll(List.of(STORE_ADD, STORE_REMOVE, APPEND, FIND_APPENDED, MARK_DELETED, UID_EXPUNGE, EXPUNGE));
        return order;
    }

    /** What one client measured. */
    private record ClientLog(Map<String, Samples> samples, List<String> errorSamples) {
    }

    /** Latencies in nanoseconds of one command, growable without boxing. */
    private static final class Samples {
        private long[] nanos = new long[256];
        private int size;
        private long errors;

        void add(long value) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = value;
        }

        void addAll(Samples other) {
            for (int i = 0; i < other.size; i++) {
                add(other.nanos[i]);
            }
            errors += other.errors;
        }

        CommandStats stats(String command) {
            long[] sorted = Arrays.copyOf(nanos, size);
            Arrays.sort(sorted);
            double mean = size == 0 ? 0 : Arrays.stream(sorted).average().orElse(0) / 1e6;
            return new CommandStats(command, size, errors, Percentiles.millisOfSorted(sorted, 50), Percentiles.millisOfSorted(sorted, 99), mean);
        }
    }

    /** The server answered, but not what the corpus makes certain. */
    private static final class WrongAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        WrongAnswer(String message) {
            super(message, null, false, false);
        }
    }

    @FunctionalInterface
    private interface Command<T> {
        T run() throws IOException;
    }

    /** One simulated mail client: its own connection, random stream and share of the messages. */
    private final class Client implements Callable<ClientLog> {
        private final int id;
        private final long[] uids;
        /** The messages this client may change flags on (and read with BODY[], which sets \Seen). */
        private final long[] own;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final Random random;
        private final List<CorpusSearch> headerSearches;
        private final List<CorpusSearch> bodySearches;
        private final Map<String, Samples> samples = new HashMap<>();
        private final List<String> errorSamples = new ArrayList<>();
        private ImapConnection connection;
        private String current = "LOGIN";
        private long appended;

        Client(int id, long[] uids, CountDownLatch ready, CountDownLatch go) {
            this.id = id;
            this.uids = uids;
            this.own = java.util.stream.IntStream.range(0, uids.length).filter(i -> i % config.clients() == id).mapToLong(i -> uids[i]).toArray();
            this.ready = ready;
            this.go = go;
            this.random = new Random(config.seed() * 31 + id);
            this.headerSearches = config.searches().stream().filter(s -> !s.readsBody()).toList();
            this.bodySearches = config.searches().stream().filter(CorpusSearch::readsBody).toList();
        }

        @Override
        public ClientLog call() throws IOException, InterruptedException {
            try {
                connect();
            } finally {
                ready.countDown();
            }
            go.await();
            long deadline = config.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + config.duration().toNanos();
            try {
                for (int i = 0; (config.operationsPerClient() == 0 || i < config.operationsPerClient()) && System.nanoTime() < deadline; i++) {
                    Step step = config.mix().pick(random);
                    try {
                        perform(step);
                    } catch (WrongAnswer | ImapException e) {
                        error(e.getMessage());
                    } catch (IOException e) {
                        error("connection lost: " + e);
                        connection.close();
                        connect(); // a failure here ends this client: the server is gone
                    }
                }
            } finally {
                connection.close();
            }
            return new ClientLog(samples, errorSamples);
        }

        private void connect() throws IOException {
            connection = ImapConnection.open(config.target());
            connection.login();
            connection.select(config.mailbox());
        }

        private void perform(Step step) throws IOException, WrongAnswer {
            switch (step) {
                case SELECT -> select();
                case STATUS -> status();
                case FETCH_ENVELOPES -> fetchEnvelopes();
                case FETCH_BODY -> fetchBody();
                case SEARCH_HEADER -> search(headerSearches);
                case SEARCH_BODY -> search(bodySearches);
                case STORE_FLAGS -> storeFlags();
                case APPEND_EXPUNGE -> appendAndExpunge();
            }
        }

        private void select() throws IOException, WrongAnswer {
            ImapConnection.SelectedMailbox selected = timed(SELECT, () -> connection.select(config.mailbox()));
            if (selected.exists() < config.corpusSize()) {
                throw new WrongAnswer("SELECT reports " + selected.exists() + " messages, the corpus alone has " + config.corpusSize());
            }
        }

        private void status() throws IOException, WrongAnswer {
            Map<String, Long> status = timed(STATUS, () -> connection.status(config.mailbox(), "MESSAGES", "UNSEEN", "RECENT"));
            long messages = status.getOrDefault("MESSAGES", -1L);
            if (messages < config.corpusSize() || !status.containsKey("UNSEEN")) {
                throw new WrongAnswer("STATUS answered " + status + " for a mailbox of at least " + config.corpusSize() + " messages");
            }
        }

        private void fetchEnvelopes() throws IOException, WrongAnswer {
            int count = 10 + random.nextInt(41);
            int first = random.nextInt(uids.length - count + 1);
            String set = uidSet(uids, first, count);
            List<ImapResponse> responses = timed(FETCH_ENVELOPES, () -> connection.uidFetch(set, "(UID FLAGS ENVELOPE)"));
            long answered = responses.stream()
                .filter(r -> r.text().contains("ENVELOPE ("))
                .filter(r -> Arrays.binarySearch(uids, first, first + count, r.fetchNumber("UID").orElse(-1)) >= 0)
                .count();
            if (answered != count) {
                throw new WrongAnswer("UID FETCH " + set + " returned the envelopes of " + answered + " of " + count + " messages");
            }
        }

        private void fetchBody() throws IOException, WrongAnswer {
            long uid = own[random.nextInt(own.length)];
            List<ImapResponse> responses = timed(FETCH_BODY, () -> connection.uidFetch(Long.toString(uid), "(UID RFC822.SIZE BODY[])"));
            ImapResponse answer = responses.stream()
                .filter(r -> r.fetchNumber("UID").orElse(-1) == uid && !r.literals().isEmpty())
                .findFirst()
                .orElseThrow(() -> new WrongAnswer("UID FETCH " + uid + " BODY[] returned no body"));
            byte[] body = answer.literals().get(answer.literals().size() - 1);
            long size = answer.fetchNumber("RFC822.SIZE").orElse(-1);
            if (body.length != size || body.length < 2048 || !startsWith(body, "Message-ID: <bench.")) {
                throw new WrongAnswer("UID FETCH " + uid + " BODY[]: " + body.length + " octets, RFC822.SIZE " + size + ", not a corpus message");
            }
        }

        private void search(List<CorpusSearch> searches) throws IOException, WrongAnswer {
            CorpusSearch search = searches.get(random.nextInt(searches.size()));
            long[] found = timed(search.label(), () -> connection.uidSearchText(search.key(), search.value()));
            if (found.length != search.expected()) {
                throw new WrongAnswer("UID SEARCH " + search.key() + " \"" + search.value() + "\" found " + found.length + ", expected " + search.expected());
            }
        }

        private void storeFlags() throws IOException, WrongAnswer {
            long uid = own[random.nextInt(own.length)];
            String flag = random.nextBoolean() ? "\\Seen" : "\\Flagged";
            boolean add = random.nextBoolean();
            List<ImapResponse> responses = timed(add ? STORE_ADD : STORE_REMOVE,
                () -> connection.uidStore(Long.toString(uid), add ? "+FLAGS" : "-FLAGS", "(" + flag + ")"));
            String flags = flagsOf(uid, responses);
            if (flags == null) {
                // Dovecot leaves the FETCH out when the STORE changed nothing (the flag already was so), as RFC 3501
                // allows: ask for the flags, outside the clock, and check them all the same.
                flags = flagsOf(uid, connection.uidFetch(Long.toString(uid), "(UID FLAGS)"));
            }
            if (flags == null) {
                throw new WrongAnswer("UID STORE " + uid + ": neither the STORE nor a FETCH gave the message's FLAGS");
            }
            boolean has = Arrays.stream(flags.split(" ")).anyMatch(flag::equalsIgnoreCase);
            if (has != add) {
                throw new WrongAnswer("UID STORE " + uid + (add ? " +" : " -") + "FLAGS (" + flag + ") left FLAGS (" + flags + ")");
            }
        }

        private static String flagsOf(long uid, List<ImapResponse> responses) {
            return responses.stream()
                .filter(r -> r.fetchNumber("UID").orElse(-1) == uid)
                .map(r -> r.fetchFlags().orElse(null))
                .filter(Objects::nonNull)
                .reduce((earlier, later) -> later)
                .orElse(null);
        }

        private void appendAndExpunge() throws IOException, WrongAnswer {
            long sequence = appended++;
            byte[] message = corpus.transientMessage(id, sequence);
            boolean uidplus = connection.hasCapability("UIDPLUS");
            OptionalLong appendUid = timed(APPEND, () -> connection.append(config.mailbox(), List.of(), message));
            long uid;
            if (appendUid.isPresent()) {
                uid = appendUid.getAsLong();
            } else if (uidplus) {
                throw new WrongAnswer("APPEND answered without APPENDUID although the server announces UIDPLUS");
            } else {
                String criteria = "HEADER Message-ID \"" + corpus.transientMessageId(id, sequence) + "\"";
                long[] found = timed(FIND_APPENDED, () -> connection.uidSearch(criteria));
                if (found.length != 1) {
                    throw new WrongAnswer("the appended message was found " + found.length + " times");
                }
                uid = found[0];
            }
            timed(MARK_DELETED, () -> connection.uidStore(Long.toString(uid), "+FLAGS.SILENT", "(\\Deleted)"));
            if (uidplus) {
                long[] expunged = timed(UID_EXPUNGE, () -> connection.uidExpunge(Long.toString(uid)));
                if (expunged.length == 0) {
                    throw new WrongAnswer("UID EXPUNGE " + uid + " expunged nothing");
                }
            } else {
                // Plain EXPUNGE also removes what other clients marked: their own EXPUNGE may then find nothing, which is fine.
                timed(EXPUNGE, connection::expunge);
            }
        }

        private <T> T timed(String command, Command<T> call) throws IOException {
            current = command;
            long start = System.nanoTime();
            T result = call.run();
            samples(command).add(System.nanoTime() - start);
            return result;
        }

        private Samples samples(String command) {
            return samples.computeIfAbsent(command, k -> new Samples());
        }

        /** Charged to the command that was running (or had just answered, for a wrong answer). */
        private void error(String message) {
            samples(current).errors++;
            if (errorSamples.size() < ERROR_SAMPLES_PER_CLIENT) {
                errorSamples.add("client " + id + ", " + current + ": " + message);
            }
        }
    }

    /** The UIDs uids[first .. first + count) as an IMAP set, consecutive runs written a:b. */
    static String uidSet(long[] uids, int first, int count) {
        StringBuilder set = new StringBuilder();
        int i = first;
        int end = first + count;
        while (i < end) {
            int j = i;
            while (j + 1 < end && uids[j + 1] == uids[j] + 1) {
                j++;
            }
            if (set.length() > 0) {
                set.append(',');
            }
            set.append(uids[i]);
            if (j > i) {
                set.append(':').append(uids[j]);
            }
            i = j + 1;
        }
        return set.toString();
    }

    private static boolean startsWith(byte[] data, String prefix) {
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return data.length >= p.length && Arrays.equals(data, 0, p.length, p, 0, p.length);
    }
}
