package org.govmail.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.govmail.bench.load.ClientTls;
import org.govmail.server.testing.GovmailProcess;

/**
 * One govmail service of this build as shipped (certificate gate, policy pipeline) on N nodes and one
 * kind of storage: node 1 from {@link GovmailProcess#prepare(Path, GovmailProcess.Storage)}, nodes 2..N
 * from {@link GovmailProcess#prepareNodeOf}, so they share the PostgreSQL database (and, distributed, the
 * keyspace and virtual host), the development PKI, node 1's {@code var/tls} (one development CA and server
 * certificate for the whole service, as clients behind a load balancer would see it, and as
 * {@code scripts/cluster} does) and the token key.
 *
 * <p>Started as {@link GovmailBenchServer} starts a server: a first start that records a class-data
 * archive per node (and, on node 1, generates the development material and the schema), then every node
 * stopped and started again from its archive, timed, which is the start-up of an installed node.
 */
final class GovmailNodes implements BenchServer {
    private final String name;
    private final List<GovmailProcess> nodes;
    private final List<Duration> firstStarts;
    private final List<Duration> restarts;
    private final EnrolledUsers clients;

    private GovmailNodes(String name, List<GovmailProcess> nodes, List<Duration> firstStarts, List<Duration> restarts,
                         EnrolledUsers clients) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.firstStarts = List.copyOf(firstStarts);
        this.restarts = List.copyOf(restarts);
        this.clients = clients;
    }

    /**
     * Starts {@code count} nodes on {@code storage} in {@code root}/node-i, adds the bench domain and enrolls
     * every user (through node 1: accounts live in the shared database). Nodes start one after the other, so
     * each start-up is timed alone. On failure whatever started is stopped again.
     */
    static GovmailNodes start(String name, GovmailProcess.Storage storage, int count, Path root, List<String> jvmOptions,
                              Map<String, String> users, String password) throws Exception {
        List<GovmailProcess> nodes = new ArrayList<>();
        try {
            List<Duration> firstStarts = new ArrayList<>();
            GovmailProcess first = GovmailProcess.prepare(root.resolve("node-1"), storage);
            nodes.add(first);
            firstStarts.add(firstStart(first, jvmOptions));
            first.webAdmin().addDomain(BenchUsers.DOMAIN);
            EnrolledUsers clients = EnrolledUsers.enroll(first, users, password);
            for (int i = 2; i <= count; i++) {
                GovmailProcess node = GovmailProcess.prepareNodeOf(root.resolve("node-" + i), first);
                nodes.add(node);
                firstStarts.add(firstStart(node, jvmOptions));
            }
            stopAll(nodes);
            List<Duration> restarts = new ArrayList<>();
            for (GovmailProcess node : nodes) {
                List<String> sharing = new ArrayList<>(jvmOptions);
                sharing.add("-XX:SharedArchiveFile=" + archive(node));
                node.withJvmOptions(sharing);
                long launched = System.nanoTime();
                node.start();
                restarts.add(Duration.ofNanos(System.nanoTime() - launched));
            }
            return new GovmailNodes(name, nodes, firstStarts, restarts, clients);
        } catch (Exception | Error e) {
            for (GovmailProcess node : nodes) {
                try {
                    node.close();
                } catch (Exception stopping) {
                    e.addSuppressed(stopping);
                }
            }
            throw e;
        }
    }

    /** The first start of an installation, recording its class-data archive (written when it stops). */
    private static Duration firstStart(GovmailProcess node, List<String> jvmOptions) throws IOException, InterruptedException {
        List<String> recording = new ArrayList<>(jvmOptions);
        recording.add("-XX:ArchiveClassesAtExit=" + archive(node));
        node.withJvmOptions(recording);
        // Outside senders pass SPF and DMARC, as the mail of a legitimate outside server would (each node asks its own DNS).
        node.dns().txt(BenchUsers.SENDER_DOMAIN, "v=spf1 ip4:127.0.0.1 -all")
            .txt("_dmarc." + BenchUsers.SENDER_DOMAIN, "v=DMARC1; p=reject");
        long launched = System.nanoTime();
        node.start();
        return Duration.ofNanos(System.nanoTime() - launched);
    }

    private static Path archive(GovmailProcess node) {
        return node.root().resolve("var/govmail.jsa");
    }

    /** SIGTERM to every node at once (a node takes about 15 s to close its listeners), then waits for all. */
    private static void stopAll(List<GovmailProcess> nodes) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> stops = new ArrayList<>();
            for (GovmailProcess node : nodes) {
                stops.add(pool.submit(() -> {
                    node.stop();
                    return null;
                }));
            }
            for (Future<?> stop : stops) {
                stop.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    List<GovmailProcess> nodes() {
        return nodes;
    }

    /** First start of each node's installation: node 1 generates the development material and creates the schema. */
    List<Duration> firstStarts() {
        return firstStarts;
    }

    /** Start of each installed node (class-data archive), until it printed that every listener is up. */
    List<Duration> restarts() {
        return restarts;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int smtpPort() {
        return nodes.get(0).smtpPort();
    }

    @Override
    public int imapsPort() {
        return nodes.get(0).imapsPort();
    }

    @Override
    public List<Integer> smtpPorts() {
        return nodes.stream().map(GovmailProcess::smtpPort).toList();
    }

    @Override
    public List<Integer> imapsPorts() {
        return nodes.stream().map(GovmailProcess::imapsPort).toList();
    }

    @Override
    public ClientTls tls(String address) {
        return clients.tls(address);
    }

    @Override
    public List<Long> rootPids() {
        return nodes.stream().map(GovmailProcess::pid).toList();
    }

    /** The slowest node's start-up as an installed node. */
    @Override
    public Duration startup() {
        return restarts.stream().max(Duration::compareTo).orElseThrow();
    }

    /** Stops every node at once. */
    @Override
    public void close() throws Exception {
        stopAll(nodes);
        for (GovmailProcess node : nodes) {
            node.close(); // the DNS server; the process is stopped already
        }
    }
}
