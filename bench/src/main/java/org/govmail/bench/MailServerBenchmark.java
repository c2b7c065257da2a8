package org.govmail.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.govmail.bench.load.Folders;
import org.govmail.bench.load.BenchMessages;
import org.govmail.bench.load.MailboxReader;
import org.govmail.bench.load.ProcessResources;
import org.govmail.bench.mta.PostfixDovecot;

/**
 * govmail beside the mail servers people already run, in one run on one machine, on loopback:
 * (a) govmail as shipped (certificate gate, security routing pipeline), (b) the same build with the
 * gate off and James' default mailet pipeline, (c) Postfix + Dovecot from Debian's packages (LMTP
 * into Maildir, client-certificate TLS against the same test CA). The same workloads go to each,
 * alternating server by server, and one table compares them, with ratios to Postfix + Dovecot.
 *
 * <p>Run with {@code scripts/bench}; options {@code key=value}: {@code messages} per ingest cell
 * (200), {@code connections} (1,8,32), {@code sizes} (small,medium,large), {@code logins} per thread
 * (40), {@code loginThreads} (4), {@code mailboxes} (1000,10000), {@code imapClients} (8),
 * {@code imapOps} per client (150), {@code out} (folder for the CSV and JSON), {@code mta} (true:
 * include Postfix + Dovecot), {@code workloads} (ingest,login,imap).
 */
public final class MailServerBenchmark {
    private MailServerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int messages = Integer.parseInt(options.getOrDefault("messages", "200"));
        int[] connections = ints(options.getOrDefault("connections", "1,8,32"));
        List<BenchMessages.Size> sizes = Arrays.stream(options.getOrDefault("sizes", "small,medium,large").split(","))
            .map(size -> BenchMessages.Size.valueOf(size.trim().toUpperCase(Locale.ROOT))).toList();
        int loginsPerThread = Integer.parseInt(options.getOrDefault("logins", "40"));
        int loginThreads = Integer.parseInt(options.getOrDefault("loginThreads", "4"));
        int[] mailboxSizes = ints(options.getOrDefault("mailboxes", "1000,10000"));
        int imapClients = Integer.parseInt(options.getOrDefault("imapClients", "8"));
        int imapOps = Integer.parseInt(options.getOrDefault("imapOps", "150"));
        Path out = Path.of(options.getOrDefault("out", "bench/target/results"));
        boolean withMta = Boolean.parseBoolean(options.getOrDefault("mta", "true"));
        List<String> workloads = List.of(options.getOrDefault("workloads", "ingest,login,imap").split(","));
        List<String> jvmOptions = List.of(System.getProperty("govmail.bench.serverJvmOptions", "-Xmx768m").trim().split("\\s+"));
        if (withMta && !PostfixDovecot.installed()) {
            throw new IllegalStateException("Postfix and Dovecot are not installed (scripts/bench installs them; or run with mta=false)");
        }

        Path root = Files.createTempDirectory("govmail-bench");
        // Postfix and Dovecot drop privileges to their own users, which must be able to reach their folders.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        List<BenchServer> servers = new ArrayList<>();
        boolean completed = false;
        ResultTable table = null;
        try {
            GovmailBenchServer full = GovmailBenchServer.start(GovmailBenchServer.Flavour.FULL, root.resolve("govmail-full"),
                jvmOptions, BenchUsers.DOMAIN, BenchUsers.all(), BenchUsers.PASSWORD);
            servers.add(full);
            servers.add(GovmailBenchServer.start(GovmailBenchServer.Flavour.PLAIN, root.resolve("govmail-plain"),
                jvmOptions, BenchUsers.DOMAIN, BenchUsers.all(), BenchUsers.PASSWORD));
            if (withMta) {
                servers.add(PostfixDovecotBenchServer.start(root.resolve("postfix-dovecot"), full, BenchUsers.all(), BenchUsers.PASSWORD));
            }
            List<String> names = servers.stream().map(BenchServer::name).toList();
            table = new ResultTable(names, names.get(names.size() - 1));
            Map<BenchServer, ProcessResources> resources = new LinkedHashMap<>();
            for (BenchServer server : servers) {
                resources.put(server, new ProcessResources(server.rootPids()));
                table.add("resources", "start-up until every port accepts", "s", ResultTable.Better.LOWER, server.name(), server.startup().toMillis() / 1000.0);
                if (server instanceof GovmailBenchServer govmail) {
                    table.add("resources", "first start of a new installation (generates dev keys, schema)", "s", ResultTable.Better.LOWER,
                        server.name(), govmail.firstStart().toMillis() / 1000.0);
                }
            }
            log("servers up; letting them settle before the idle reading");
            Thread.sleep(10_000);
            for (BenchServer server : servers) {
                table.add("resources", "idle memory (PSS)", "MB", ResultTable.Better.LOWER, server.name(),
                    resources.get(server).sample().residentMegabytes());
            }
            try (PeakMemory peak = new PeakMemory(resources)) {
                if (workloads.contains("ingest")) {
                    ingest(servers, resources, table, sizes, connections, messages);
                }
                if (workloads.contains("login")) {
                    logins(servers, table, loginThreads, loginsPerThread);
                }
                if (workloads.contains("imap")) {
                    ImapSection.run(servers, table, mailboxSizes, imapClients, imapOps);
                }
                for (BenchServer server : servers) {
                    table.add("resources", "peak memory under load (PSS)", "MB", ResultTable.Better.LOWER, server.name(),
                        peak.peakMegabytes(server));
                }
            }
            System.out.printf(Locale.ROOT, "%ngovmail beside Postfix + Dovecot, %s, %d cores, Java %s%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println(table.markdown());
            table.write(out);
            System.out.println("written: " + out.resolve("mailservers.csv") + ", " + out.resolve("mailservers.json"));
            completed = true;
        } finally {
            for (BenchServer server : servers) {
                try {
                    server.close();
                } catch (Exception e) {
                    System.err.println("stopping " + server.name() + ": " + e);
                }
            }
            if (completed) {
                Folders.deleteTree(root);
            } else {
                if (table != null) {
                    System.err.println("the run failed; what it measured until then:\n" + table.markdown());
                }
                System.err.println("the servers' folders and logs are kept in " + root);
            }
        }
    }

    private static void ingest(List<BenchServer> servers, Map<BenchServer, ProcessResources> resources, ResultTable table,
                               List<BenchMessages.Size> sizes, int[] connections, int messages) throws Exception {
        Map<BenchServer, SmtpIngest> ingests = new HashMap<>();
        Map<BenchServer, Map<String, MailboxReader>> readers = new HashMap<>();
        Map<BenchServer, Double> cpu = new HashMap<>();
        int total = 0;
        try {
            for (BenchServer server : servers) {
                Map<String, MailboxReader> inboxes = new LinkedHashMap<>();
                for (String recipient : BenchUsers.RECIPIENTS) {
                    inboxes.put(recipient, new MailboxReader(BenchServer.HOST, server.imapsPort(), server.tls(recipient).factory(), recipient, BenchUsers.PASSWORD));
                }
                readers.put(server, inboxes);
                ingests.put(server, new SmtpIngest(server, inboxes));
                // A warm-up round: the JVMs compile their hot paths before anything is counted.
                ingests.get(server).run("warmup", BenchMessages.Size.SMALL, 4, Math.min(messages, 100));
            }
            for (BenchServer server : servers) {
                cpu.put(server, -resources.get(server).sample().cpuSeconds());
            }
            for (BenchMessages.Size size : sizes) {
                for (int n : connections) {
                    String workload = "SMTP ingest " + size.label + ", " + n + " conn";
                    for (BenchServer server : servers) {
                        String tag = "s" + servers.indexOf(server) + size.name().charAt(0) + n + "t" + System.nanoTime();
                        SmtpIngest.Result result = ingests.get(server).run(tag, size, n, messages);
                        log(String.format(Locale.ROOT, "%s, %s: %.1f msg/s, p50 %.1f ms, p99 %.1f ms, readable %.2f s after the last 250",
                            workload, server.name(), result.acceptedPerSecond(), result.p50Millis(), result.p99Millis(), result.readableAfterSeconds()));
                        table.add(workload, "accepted", "msg/s", ResultTable.Better.HIGHER, server.name(), result.acceptedPerSecond());
                        table.add(workload, "end of DATA → 250 p50", "ms", ResultTable.Better.LOWER, server.name(), result.p50Millis());
                        table.add(workload, "end of DATA → 250 p99", "ms", ResultTable.Better.LOWER, server.name(), result.p99Millis());
                        table.add(workload, "all readable over IMAP after last 250", "s", ResultTable.Better.LOWER, server.name(), result.readableAfterSeconds());
                    }
                    total += messages;
                }
            }
            for (BenchServer server : servers) {
                double seconds = cpu.get(server) + resources.get(server).sample().cpuSeconds();
                table.add("resources", "CPU per 1 000 ingested messages (all sizes)", "s", ResultTable.Better.LOWER, server.name(), seconds * 1000 / total);
            }
        } finally {
            for (Map<String, MailboxReader> inboxes : readers.values()) {
                for (MailboxReader inbox : inboxes.values()) {
                    inbox.close();
                }
            }
        }
    }

    private static void logins(List<BenchServer> servers, ResultTable table, int threads, int perThread) throws Exception {
        String user = BenchUsers.RECIPIENTS.get(0);
        for (BenchServer server : servers) {
            LoginRate.run(server, user, threads, Math.max(5, perThread / 4)); // warm-up
        }
        String workload = "IMAPS handshake (client cert) + LOGIN + LOGOUT, " + threads + " threads";
        for (BenchServer server : servers) {
            LoginRate.Result result = LoginRate.run(server, user, threads, perThread);
            log(String.format(Locale.ROOT, "%s, %s: %.1f logins/s, p50 %.1f ms", workload, server.name(), result.perSecond(), result.p50Millis()));
            table.add(workload, "logins", "1/s", ResultTable.Better.HIGHER, server.name(), result.perSecond());
            table.add(workload, "login p50", "ms", ResultTable.Better.LOWER, server.name(), result.p50Millis());
            table.add(workload, "login p99", "ms", ResultTable.Better.LOWER, server.name(), result.p99Millis());
        }
    }

    static void log(String line) {
        System.out.println("[" + Instant.now() + "] " + line);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("options are key=value, got: " + arg);
            }
            options.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return options;
    }

    static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
}
