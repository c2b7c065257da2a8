package org.govmail.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

import org.govmail.bench.imap.BenchCorpus;
import org.govmail.bench.imap.ImapTarget;
import org.govmail.bench.imap.MailboxPopulator;
import org.govmail.bench.imap.SearchLatency;
import org.govmail.bench.imap.SearchProbe;
import org.govmail.bench.load.BenchMessages;
import org.govmail.bench.load.CpuWindow;
import org.govmail.bench.load.EngineProcesses;
import org.govmail.bench.load.Folders;
import org.govmail.bench.load.MailboxReader;
import org.govmail.bench.load.ProcessResources;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.PostgresCluster;

/**
 * govmail's storage layouts side by side, in one run on one machine: (a) one node of the embedded profile
 * on Derby, (b) the same on PostgreSQL, (c) one node of the distributed profile (Cassandra + RabbitMQ,
 * accounts on PostgreSQL), (d) three nodes of one distributed service. Each layout is started, measured
 * and stopped before the next starts, so its nodes have the cores to themselves; the engines (Cassandra,
 * RabbitMQ and the harness' PostgreSQL) and the load generator run on the same machine throughout.
 *
 * <p>Measured per layout: SMTP ingest (M messages over C connections on the MX port, spread round robin
 * over the nodes, until every message is readable over IMAP on node 1, each exactly once or the run fails),
 * IMAPS logins with a client certificate (threads spread over the nodes), start-up and memory of the
 * nodes, the engines' memory, and where the CPU went during each workload. For the layouts named in
 * {@code search}: IMAP SEARCH latency on a 10 000-message INBOX (Lucene in the embedded profile, James'
 * scanning search in the distributed one). One table with ratios to (a), CSV and JSON.
 *
 * <p>Run with {@code scripts/bench-scaleout}; options {@code key=value}: {@code messages} (600),
 * {@code connections} (8), {@code size} (small: 2 KB), {@code logins} per thread (40), {@code loginThreads}
 * (4), {@code layouts} (derby,postgresql,distributed,distributed3), {@code search} (derby,distributed;
 * {@code none} to leave it out), {@code searchMessages} (10000), {@code searchRounds} (10),
 * {@code fillConnections} (4), {@code keepData} (false: drop each distributed layout's keyspace and
 * virtual host after it), {@code out} (bench/target/results).
 */
public final class ScaleOutBenchmark {
    private static final String NODES = "govmail nodes";
    /** Above this, other work on the machine (a build, tests on the shared engines) took a noticeable share of the two cores. */
    private static final double DISTURBED_CORES = 0.25;
    private static final List<String> DISTURBED = new ArrayList<>();
    private static final String FIRST_START = "first start of node 1 (new installation: dev keys, schema)";
    private static final String FIRST_START_OTHERS = "first start of nodes 2..N (joining the service; mean)";
    private static final String START = "start of an installed node (class-data archive; slowest node)";
    private static final String IDLE_MEMORY = "idle memory (PSS), all govmail nodes";
    private static final String PEAK_MEMORY = "peak memory during ingest and logins (PSS), all govmail nodes";
    private static final String TOTAL_MEMORY = "idle memory: govmail nodes + the engines the layout uses";
    private static final String MAILBOX = "INBOX";
    private static final long SEED = 20_261_201L;
    private static final Duration INDEX_PATIENCE = Duration.ofMinutes(5);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(20);

    /** The layouts compared; (a) is the reference of the ratios. */
    enum Layout {
        DERBY("derby", "Derby, 1 node", GovmailProcess.Storage.DERBY, 1),
        POSTGRESQL("postgresql", "PostgreSQL, 1 node", GovmailProcess.Storage.POSTGRESQL, 1),
        DISTRIBUTED("distributed", "distributed, 1 node", GovmailProcess.Storage.DISTRIBUTED, 1),
        DISTRIBUTED_3("distributed3", "distributed, 3 nodes", GovmailProcess.Storage.DISTRIBUTED, 3);

        final String key;
        final String label;
        final GovmailProcess.Storage storage;
        final int nodes;

        Layout(String key, String label, GovmailProcess.Storage storage, int nodes) {
            this.key = key;
            this.label = label;
            this.storage = storage;
            this.nodes = nodes;
        }

        /** The engines this layout's nodes work on (all of them run on this machine in every layout). */
        List<String> engines() {
            return switch (storage) {
                case DERBY -> List.of();
                case POSTGRESQL -> List.of(EngineProcesses.POSTGRESQL);
                case DISTRIBUTED -> List.of(EngineProcesses.CASSANDRA, EngineProcesses.RABBITMQ, EngineProcesses.POSTGRESQL);
            };
        }

        static Layout of(String key) {
            for (Layout layout : values()) {
                if (layout.key.equals(key.trim())) {
                    return layout;
                }
            }
            throw new IllegalArgumentException("no layout " + key + " (derby, postgresql, distributed, distributed3)");
        }
    }

    private record Settings(int messages, int connections, BenchMessages.Size size, int loginsPerThread, int loginThreads,
                            List<Layout> searchLayouts, int searchMessages, int searchRounds, int fillConnections) {
    }

    private ScaleOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = MailServerBenchmark.options(args);
        List<Layout> layouts = layouts(options.getOrDefault("layouts", "derby,postgresql,distributed,distributed3"));
        String search = options.getOrDefault("search", "derby,distributed");
        Settings settings = new Settings(
            Integer.parseInt(options.getOrDefault("messages", "600")),
            Integer.parseInt(options.getOrDefault("connections", "8")),
            BenchMessages.Size.valueOf(options.getOrDefault("size", "small").trim().toUpperCase(Locale.ROOT)),
            Integer.parseInt(options.getOrDefault("logins", "40")),
            Integer.parseInt(options.getOrDefault("loginThreads", "4")),
            search.equals("none") ? List.of() : layouts(search),
            Integer.parseInt(options.getOrDefault("searchMessages", "10000")),
            Integer.parseInt(options.getOrDefault("searchRounds", "10")),
            Integer.parseInt(options.getOrDefault("fillConnections", "4")));
        boolean keepData = Boolean.parseBoolean(options.getOrDefault("keepData", "false"));
        Path out = Path.of(options.getOrDefault("out", "bench/target/results"));
        List<String> jvmOptions = List.of(System.getProperty("govmail.bench.serverJvmOptions", "-Xmx768m").trim().split("\\s+"));
        Path clusterCheckout = Path.of(System.getProperty("govmail.cluster.checkout", ".")).toAbsolutePath().normalize();

        Instant started = Instant.now();
        Path root = Files.createTempDirectory("govmail-bench-scaleout");
        ResultTable table = new ResultTable(layouts.stream().map(layout -> layout.label).toList(), layouts.get(0).label);
        declareResourceRows(table, layouts.stream().mapToInt(layout -> layout.nodes).max().orElse(1));
        boolean completed = false;
        try {
            for (Layout layout : layouts) {
                measure(layout, root.resolve(layout.key), jvmOptions, settings, table);
                if (layout.storage == GovmailProcess.Storage.DISTRIBUTED && !keepData) {
                    DistributedSpace.drop(root.resolve(layout.key).resolve("node-1/conf"), clusterCheckout);
                    MailServerBenchmark.log(layout.label + ": its keyspace and virtual host dropped from the shared engines");
                }
            }
            System.out.printf(Locale.ROOT, "%ngovmail storage layouts side by side, %s, %d cores, Java %s, run took %d min%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Duration.between(started, Instant.now()).toMinutes());
            System.out.println("Each layout ran alone (its nodes stopped before the next started). Cassandra, RabbitMQ and"
                + " PostgreSQL ran on this same machine, sharing its cores with the nodes and with the load generator;"
                + " node JVM options: " + String.join(" ", jvmOptions) + "\n");
            System.out.println(table.markdown());
            if (DISTURBED.isEmpty()) {
                System.out.println("Other work on the machine stayed below " + DISTURBED_CORES + " cores during every workload.");
            } else {
                System.out.println("Other work on the machine (\"rest of the machine\") took more than " + DISTURBED_CORES
                    + " cores during: " + String.join("; ", DISTURBED) + ". Those readings are disturbed.");
            }
            table.write(out, "scaleout");
            System.out.println("written: " + out.resolve("scaleout.csv") + ", " + out.resolve("scaleout.json"));
            completed = true;
        } finally {
            if (completed) {
                Folders.deleteTree(root);
            } else {
                System.err.println("the run failed; what it measured until then:\n" + table.markdown());
                System.err.println("the nodes' folders and logs are kept in " + root);
            }
        }
    }

    private static void measure(Layout layout, Path root, List<String> jvmOptions, Settings settings, ResultTable table) throws Exception {
        MailServerBenchmark.log(layout.label + ": starting");
        try (GovmailNodes service = GovmailNodes.start(layout.label, layout.storage, layout.nodes, root, jvmOptions,
                BenchUsers.all(), BenchUsers.PASSWORD)) {
            String name = layout.label;
            MailServerBenchmark.log(String.format(Locale.ROOT, "%s: up; first starts %s, starts of the installed nodes %s",
                name, seconds(service.firstStarts()), seconds(service.restarts())));
            table.add("resources", FIRST_START, "s", ResultTable.Better.LOWER, name, service.firstStarts().get(0).toMillis() / 1000.0);
            if (layout.nodes > 1) {
                table.add("resources", FIRST_START_OTHERS, "s", ResultTable.Better.LOWER, name,
                    service.firstStarts().subList(1, layout.nodes).stream().mapToLong(Duration::toMillis).average().orElse(0) / 1000.0);
            }
            table.add("resources", START, "s", ResultTable.Better.LOWER, name, service.startup().toMillis() / 1000.0);

            ProcessResources nodes = new ProcessResources(service.rootPids());
            OptionalInt postgresPort = layout.storage == GovmailProcess.Storage.DERBY
                ? OptionalInt.empty() : OptionalInt.of(PostgresCluster.shared().port());
            Map<String, ProcessResources> groups = new LinkedHashMap<>();
            groups.put(NODES, nodes);
            groups.putAll(EngineProcesses.find(postgresPort));
            MailServerBenchmark.log(name + ": letting the nodes settle before the idle readings");
            Thread.sleep(10_000);
            // What the nodes and engines use with no client at all: each node's own background work (timers, the
            // session-end feed, queue and event-bus consumers, GC) is a fixed cost per node.
            CpuWindow idleCpu = CpuWindow.begin(groups);
            Thread.sleep(IDLE_WINDOW.toMillis());
            Map<String, Double> idleCores = idleCpu.coresBusy();
            MailServerBenchmark.log(name + ": idle, cores busy " + cores(idleCores));
            addCores(table, "idle (" + IDLE_WINDOW.toSeconds() + " s without clients)", name, idleCores);
            double idle = nodes.sample().residentMegabytes();
            table.add("resources", IDLE_MEMORY, "MB", ResultTable.Better.LOWER, name, idle);
            double withEngines = idle;
            for (String engine : layout.engines()) {
                ProcessResources processes = groups.get(engine);
                if (processes == null) {
                    throw new IllegalStateException(engine + " does not run, yet " + name + " started on it");
                }
                double megabytes = processes.sample().residentMegabytes();
                table.add("resources", engineMemory(engine), "MB", ResultTable.Better.LOWER, name, megabytes);
                withEngines += megabytes;
            }
            table.add("resources", TOTAL_MEMORY, "MB", ResultTable.Better.LOWER, name, withEngines);
            // Peak memory under the workloads every layout runs (the 10 000-message search mailbox of some layouts would make it incomparable).
            try (PeakMemory peak = new PeakMemory(Map.<BenchServer, ProcessResources>of(service, nodes))) {
                ingest(service, layout, groups, settings, table);
                logins(service, layout.nodes, groups, settings, table);
                table.add("resources", PEAK_MEMORY, "MB", ResultTable.Better.LOWER, name, peak.peakMegabytes(service));
            }
            if (settings.searchLayouts().contains(layout)) {
                search(service, groups, settings, table);
            }
            MailServerBenchmark.log(name + ": stopping its nodes");
        }
    }

    /** The warm-up gives every node as much work as a single node gets, so that no node is measured while its JIT still compiles. */
    private static void ingest(GovmailNodes service, Layout layout, Map<String, ProcessResources> groups, Settings settings, ResultTable table)
            throws Exception {
        int nodes = layout.nodes;
        Map<String, MailboxReader> inboxes = new LinkedHashMap<>();
        try {
            for (String recipient : BenchUsers.RECIPIENTS) {
                inboxes.put(recipient, new MailboxReader(BenchServer.HOST, service.imapsPort(), service.tls(recipient).factory(),
                    recipient, BenchUsers.PASSWORD));
            }
            SmtpIngest ingest = new SmtpIngest(service, inboxes);
            // A warm-up round: the JVMs compile their hot paths before anything is counted.
            ingest.run("warmup", BenchMessages.Size.SMALL, Math.min(4 * nodes, settings.connections()), Math.min(settings.messages(), 100) * nodes);
            String workload = String.format(Locale.ROOT, "SMTP ingest %d × %s, %d conn", settings.messages(), settings.size().label,
                settings.connections());
            CpuWindow cpu = CpuWindow.begin(groups);
            SmtpIngest.Result result = ingest.run("i" + System.nanoTime(), settings.size(), settings.connections(), settings.messages());
            CpuWindow.Reading used = cpu.end();
            Map<String, Double> cores = used.coresBusy();
            MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: %.1f msg/s until all readable (%.1f msg/s accepted), p50 %.1f ms,"
                    + " p99 %.1f ms, readable %.2f s after the last 250; cores busy %s", workload, service.name(), result.readablePerSecond(),
                result.acceptedPerSecond(), result.p50Millis(), result.p99Millis(), result.readableAfterSeconds(), cores(cores)));
            String name = service.name();
            table.add(workload, "first send → last message readable over IMAP", "msg/s", ResultTable.Better.HIGHER, name, result.readablePerSecond());
            table.add(workload, "accepted (first send → last 250)", "msg/s", ResultTable.Better.HIGHER, name, result.acceptedPerSecond());
            table.add(workload, "end of DATA → 250 p50", "ms", ResultTable.Better.LOWER, name, result.p50Millis());
            table.add(workload, "end of DATA → 250 p99", "ms", ResultTable.Better.LOWER, name, result.p99Millis());
            table.add(workload, "all readable after the last 250", "s", ResultTable.Better.LOWER, name, result.readableAfterSeconds());
            table.add(workload, "CPU of the govmail nodes per 1 000 messages", "s", ResultTable.Better.LOWER, name,
                used.cpuSeconds().get(NODES) * 1000 / result.messages());
            table.add(workload, "CPU of the nodes and the engines the layout uses per 1 000 messages", "s", ResultTable.Better.LOWER, name,
                layoutSeconds(used, layout) * 1000 / result.messages());
            addCores(table, workload, name, cores);
        } finally {
            for (MailboxReader inbox : inboxes.values()) {
                inbox.close();
            }
        }
    }

    private static void logins(GovmailNodes service, int nodes, Map<String, ProcessResources> groups, Settings settings, ResultTable table)
            throws Exception {
        String user = BenchUsers.RECIPIENTS.get(0);
        LoginRate.run(service, user, settings.loginThreads(), Math.max(5, settings.loginsPerThread() / 4) * nodes); // warm-up, as for the ingest
        String workload = "IMAPS handshake (client cert) + LOGIN + LOGOUT, " + settings.loginThreads() + " threads";
        CpuWindow cpu = CpuWindow.begin(groups);
        LoginRate.Result result = LoginRate.run(service, user, settings.loginThreads(), settings.loginsPerThread());
        CpuWindow.Reading used = cpu.end();
        Map<String, Double> cores = used.coresBusy();
        MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: %.1f logins/s, p50 %.1f ms; cores busy %s", workload, service.name(),
            result.perSecond(), result.p50Millis(), cores(cores)));
        table.add(workload, "logins", "1/s", ResultTable.Better.HIGHER, service.name(), result.perSecond());
        table.add(workload, "login p50", "ms", ResultTable.Better.LOWER, service.name(), result.p50Millis());
        table.add(workload, "login p99", "ms", ResultTable.Better.LOWER, service.name(), result.p99Millis());
        table.add(workload, "CPU of the govmail nodes per login", "ms", ResultTable.Better.LOWER, service.name(),
            used.cpuSeconds().get(NODES) * 1000 / result.logins());
        addCores(table, workload, service.name(), cores);
    }

    /**
     * Fills one user's INBOX with the IMAP workload's corpus over APPEND, waits until a BODY search finds every
     * message (Lucene indexes after the APPEND's OK; the scanning search reads what is stored), then times
     * single searches of each kind.
     */
    private static void search(GovmailNodes service, Map<String, ProcessResources> groups, Settings settings, ResultTable table) throws Exception {
        String user = BenchUsers.IMAP_LARGE;
        int size = settings.searchMessages();
        String name = service.name();
        ImapTarget target = new ImapTarget(BenchServer.HOST, service.imapsPort(), service.tls(user).factory(), user, BenchUsers.PASSWORD);
        BenchCorpus corpus = new BenchCorpus(SEED);
        String workload = "IMAP SEARCH on a " + size + "-message INBOX";
        CpuWindow fillCpu = CpuWindow.begin(groups);
        MailboxPopulator.Result filled = new MailboxPopulator(target, corpus).populate(MAILBOX, size, settings.fillConnections());
        Map<String, Double> fillCores = fillCpu.coresBusy();
        MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: filled at %.1f msg/s over %d connections; cores busy %s", workload, name,
            filled.messagesPerSecond(), settings.fillConnections(), cores(fillCores)));
        String fill = "fill the INBOX over APPEND, " + settings.fillConnections() + " conn";
        table.add(fill, "appended", "msg/s", ResultTable.Better.HIGHER, name, filled.messagesPerSecond());
        addCores(table, fill, name, fillCores);

        long indexing = System.nanoTime();
        SearchProbe.waitForIndex(target, MAILBOX, corpus.searches(size), INDEX_PATIENCE, SearchLatency.READ_TIMEOUT);
        table.add(workload, "after the last APPEND, until a BODY search finds every message", "s", ResultTable.Better.LOWER, name,
            (System.nanoTime() - indexing) / 1e9);

        CpuWindow searchCpu = CpuWindow.begin(groups);
        List<SearchLatency.Result> results = SearchLatency.run(target, MAILBOX, SearchLatency.corpusKinds(corpus, size), settings.searchRounds());
        Map<String, Double> searchCores = searchCpu.coresBusy();
        for (SearchLatency.Result result : results) {
            MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: UID SEARCH %s: p50 %.1f ms, p90 %.1f ms over %d right answers, %d wrong or refused %s",
                workload, name, result.label(), result.p50Millis(), result.p90Millis(), result.nanos().size(), result.wrong().size(),
                result.wrong().stream().limit(3).toList()));
            // A kind never answered right has no latency (blank), only its count of wrong or refused answers.
            table.add(workload, "UID SEARCH " + result.label() + " p50", "ms", ResultTable.Better.LOWER, name, result.p50Millis());
            table.add(workload, "UID SEARCH " + result.label() + " p90", "ms", ResultTable.Better.LOWER, name, result.p90Millis());
            table.add(workload, "UID SEARCH " + result.label() + " wrong or refused (of " + (settings.searchRounds() + 1) + ")", "count",
                ResultTable.Better.NONE, name, result.wrong().size());
        }
        MailServerBenchmark.log(workload + ", " + name + ": cores busy during the searches " + cores(searchCores));
        addCores(table, workload + " (the timed searches)", name, searchCores);
    }

    /** CPU seconds of the layout's own processes: its nodes and the engines it uses (the others run beside it, idle). */
    private static double layoutSeconds(CpuWindow.Reading used, Layout layout) {
        double seconds = used.cpuSeconds().get(NODES);
        for (String engine : layout.engines()) {
            seconds += used.cpuSeconds().getOrDefault(engine, 0.0);
        }
        return seconds;
    }

    /** Where the CPU went, one row per process group, every group named in the same order whatever ran. */
    private static void addCores(ResultTable table, String workload, String server, Map<String, Double> cores) {
        double rest = cores.getOrDefault(CpuWindow.REST, 0.0);
        if (rest > DISTURBED_CORES) {
            DISTURBED.add(String.format(Locale.ROOT, "%s, %s: %.2f cores", workload, server, rest));
        }
        for (String group : List.of(NODES, EngineProcesses.CASSANDRA, EngineProcesses.RABBITMQ, EngineProcesses.POSTGRESQL,
            CpuWindow.LOAD_GENERATOR, CpuWindow.REST)) {
            table.declare(workload, "CPU: " + group, "cores busy", ResultTable.Better.NONE);
        }
        cores.forEach((group, busy) -> table.add(workload, "CPU: " + group, "cores busy", ResultTable.Better.NONE, server, busy));
    }

    private static void declareResourceRows(ResultTable table, int mostNodes) {
        table.declare("resources", FIRST_START, "s", ResultTable.Better.LOWER);
        if (mostNodes > 1) {
            table.declare("resources", FIRST_START_OTHERS, "s", ResultTable.Better.LOWER);
        }
        table.declare("resources", START, "s", ResultTable.Better.LOWER);
        table.declare("resources", IDLE_MEMORY, "MB", ResultTable.Better.LOWER);
        table.declare("resources", PEAK_MEMORY, "MB", ResultTable.Better.LOWER);
        for (String engine : List.of(EngineProcesses.CASSANDRA, EngineProcesses.RABBITMQ, EngineProcesses.POSTGRESQL)) {
            table.declare("resources", engineMemory(engine), "MB", ResultTable.Better.LOWER);
        }
        table.declare("resources", TOTAL_MEMORY, "MB", ResultTable.Better.LOWER);
    }

    private static String engineMemory(String engine) {
        return "idle memory (PSS) of " + engine + ", if the layout uses it";
    }

    private static String cores(Map<String, Double> cores) {
        StringBuilder text = new StringBuilder();
        cores.forEach((group, busy) -> text.append(text.length() == 0 ? "" : ", ").append(group).append(' ')
            .append(String.format(Locale.ROOT, "%.2f", busy)));
        return text.toString();
    }

    private static String seconds(List<Duration> durations) {
        return durations.stream().map(d -> String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0)).toList().toString();
    }

    private static List<Layout> layouts(String list) {
        List<Layout> layouts = new ArrayList<>();
        for (String key : list.split(",")) {
            layouts.add(Layout.of(key));
        }
        return layouts;
    }
}
