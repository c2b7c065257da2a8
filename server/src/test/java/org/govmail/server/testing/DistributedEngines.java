package org.govmail.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The real engines of the distributed profile (Cassandra 5 and RabbitMQ), run by {@code scripts/cluster start}
 * of this checkout, and a fresh keyspace and virtual host per installation ({@link #newSpace()}), so tests never
 * see each other's mailboxes or queues. The engines keep running after the tests (starting Cassandra takes
 * seconds, a developer reuses them); {@code scripts/cluster stop} stops them.
 *
 * <p>Where the engines cannot be started, the test is skipped on a developer's machine and fails where
 * {@code GOVMAIL_REQUIRE_CLIENTS=1} (CI, which installs RabbitMQ).
 */
public final class DistributedEngines {
    /** System property that makes every {@link GovmailProcess} run the distributed profile. */
    public static final String PROFILE_PROPERTY = "govmail.test.profile";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Object LOCK = new Object();
    private static DistributedEngines shared;

    private final Path checkout;
    private final int cqlPort;
    private final int amqpPort;
    private final int managementPort;
    private final String rabbitPassword;

    /** One installation's share of the engines: its own keyspace and virtual host. */
    public record Space(String keyspace, String virtualHost) {
    }

    private DistributedEngines(Path checkout, int cqlPort, int amqpPort, int managementPort, String rabbitPassword) {
        this.checkout = checkout;
        this.cqlPort = cqlPort;
        this.amqpPort = amqpPort;
        this.managementPort = managementPort;
        this.rabbitPassword = rabbitPassword;
    }

    /** True when this test JVM was asked to run every govmail installation on the distributed profile. */
    public static boolean requested() {
        return "distributed".equalsIgnoreCase(System.getProperty(PROFILE_PROPERTY, "embedded"));
    }

    public static DistributedEngines shared() throws IOException {
        synchronized (LOCK) {
            if (shared == null) {
                // The checkout whose scripts/cluster runs the engines: this one, or another's (-Dgovmail.cluster.checkout)
                // when engines already run from there (their ports are fixed).
                shared = start(Path.of(System.getProperty("govmail.cluster.checkout", "..")).toAbsolutePath().normalize());
            }
            return shared;
        }
    }

    private static DistributedEngines start(Path checkout) throws IOException {
        run(checkout, List.of("scripts/cluster", "start"));
        Map<String, String> environment = System.getenv();
        return new DistributedEngines(checkout,
            port(environment, "GOVMAIL_CLUSTER_CQL_PORT", 19042),
            port(environment, "GOVMAIL_CLUSTER_AMQP_PORT", 15673),
            port(environment, "GOVMAIL_CLUSTER_RABBITMQ_MANAGEMENT_PORT", 15674),
            Files.readString(checkout.resolve("var/cluster/rabbitmq/govmail.secret"), StandardCharsets.UTF_8).trim());
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        return Integer.parseInt(environment.getOrDefault(variable, Integer.toString(defaultPort)));
    }

    /** A new, empty keyspace (created by the first node that starts on it) and virtual host. */
    public Space newSpace() throws IOException {
        byte[] random = new byte[5];
        new SecureRandom().nextBytes(random);
        String name = "t" + HexFormat.of().formatHex(random);
        run(checkout, List.of("scripts/cluster", "vhost", name));
        return new Space(name, name);
    }

    /**
     * Turns a copy of the shipped {@code conf/} into a distributed node's: the profile, the engines of
     * {@code space}, and {@code cassandra://} mail repositories; the database must already be PostgreSQL.
     */
    public void configure(Path conf, Space space) throws IOException {
        Files.writeString(conf.resolve("govmail-storage.properties"), "profile=distributed\n", StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("cassandra.properties"), String.join("\n",
            "cassandra.nodes=127.0.0.1:" + cqlPort,
            "cassandra.local.dc=datacenter1",
            "cassandra.keyspace=" + space.keyspace(),
            "cassandra.keyspace.create=true",
            "cassandra.replication.factor=1",
            "cassandra.retryConnection.maxRetries=3",
            "cassandra.retryConnection.minDelay=2000",
            "mailbox.counters.read.repair.chance.max=1.0",
            "mailbox.counters.read.repair.chance.one.hundred=1.0", ""), StandardCharsets.UTF_8);
        // The shipped file with this test's broker, account and virtual host: its other settings are what is tested.
        setProperties(conf.resolve("rabbitmq.properties"), Map.of(
            "uri", "amqp://govmail:" + rabbitPassword + "@127.0.0.1:" + amqpPort + "/" + space.virtualHost(),
            "management.uri", "http://127.0.0.1:" + managementPort,
            "management.user", "govmail",
            "management.password", rabbitPassword,
            "vhost", space.virtualHost()));
        Path mailets = conf.resolve("mailetcontainer.xml");
        Files.writeString(mailets, Files.readString(mailets, StandardCharsets.UTF_8).replace("jpa://", "cassandra://"),
            StandardCharsets.UTF_8);
    }

    /** Replaces the lines of these keys in a properties file (appending the keys it lacks); the rest stays. */
    private static void setProperties(Path file, Map<String, String> values) throws IOException {
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        Map<String, String> missing = new java.util.LinkedHashMap<>(values);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0 && values.containsKey(line.substring(0, equals).trim())) {
                String key = line.substring(0, equals).trim();
                lines.set(i, key + "=" + values.get(key));
                missing.remove(key);
            }
        }
        missing.forEach((key, value) -> lines.add(key + "=" + value));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static void run(Path checkout, List<String> command) throws IOException {
        Path log = Files.createTempFile("govmail-cluster", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(checkout.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                unavailable(command + " did not finish within " + START_TIMEOUT + ":\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                unavailable(command + " failed (exit " + process.exitValue() + "):\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void unavailable(String message) {
        if ("1".equals(System.getenv(ExternalTool.REQUIRE_VARIABLE))) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message + "; set " + ExternalTool.REQUIRE_VARIABLE + "=1 to make this a failure");
    }
}
