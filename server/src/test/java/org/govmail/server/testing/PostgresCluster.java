package org.govmail.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real, throw-away PostgreSQL server: Debian's {@code postgresql} package, a fresh cluster made by
 * {@code initdb} in a temporary folder and run by {@code pg_ctl} on a free loopback port, as a normal user
 * ({@code initdb} refuses root: under root the cluster belongs to and runs as the package's {@code postgres}
 * user). Password authentication over TCP, as in production; each govmail installation gets a database of
 * its own ({@link #createDatabase()}), so tests never see each other's rows.
 *
 * <p>One cluster serves the whole test JVM (started on first use, stopped by a shutdown hook): starting
 * PostgreSQL takes a few seconds, a database takes milliseconds.
 *
 * <p>Missing PostgreSQL follows {@link ExternalTool}'s policy: skipped on a developer's machine, a failure
 * where {@code GOVMAIL_REQUIRE_CLIENTS=1} (CI, which installs the package).
 */
public final class PostgresCluster implements AutoCloseable {
    /** System property that makes every {@link GovmailProcess} use a database of the shared cluster. */
    public static final String DATABASE_PROPERTY = "govmail.test.database";
    private static final String ROLE = "govmail";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Object LOCK = new Object();
    private static PostgresCluster shared;

    private final Path binaries;
    private final Path folder;
    private final int port;
    private final String password;
    private final Optional<String> runAs;
    private final AtomicInteger databases = new AtomicInteger();

    /** The JDBC settings of one database on this cluster, as {@code conf/james-database.properties} takes them. */
    public record Database(String url, String username, String password) {
    }

    private PostgresCluster(Path binaries, Path folder, int port, String password, Optional<String> runAs) {
        this.binaries = binaries;
        this.folder = folder;
        this.port = port;
        this.password = password;
        this.runAs = runAs;
    }

    /** True when this test JVM was asked to run every govmail installation on PostgreSQL. */
    public static boolean requested() {
        return "postgresql".equalsIgnoreCase(System.getProperty(DATABASE_PROPERTY, "derby"));
    }

    /** The cluster of this test JVM, started on first call. */
    public static PostgresCluster shared() throws IOException {
        synchronized (LOCK) {
            if (shared == null) {
                PostgresCluster started;
                try {
                    started = start();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting PostgreSQL", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-stop"));
                shared = started;
            }
            return shared;
        }
    }

    /** Initialises and starts a new cluster in a fresh temporary folder. */
    public static PostgresCluster start() throws IOException, InterruptedException {
        Path binaries = findBinaries(System.getenv());
        boolean root = "root".equals(System.getProperty("user.name"));
        Optional<String> runAs = root ? Optional.of("postgres") : Optional.empty();
        Path folder = Files.createTempDirectory("govmail-postgres");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path passwordFile = folder.resolve("password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(folder.resolve("socket"));
        if (runAs.isPresent()) {
            run(List.of("chown", "-R", runAs.get() + ":", folder.toString()), Optional.empty(), folder);
        }
        PostgresCluster cluster = new PostgresCluster(binaries, folder, GovmailProcess.freePort(), password, runAs);
        cluster.pg("initdb", "-D", folder.resolve("data").toString(), "-U", ROLE, "--pwfile=" + passwordFile,
            "--auth-host=scram-sha-256", "--auth-local=peer", "--encoding=UTF8", "--locale=C.UTF-8");
        Files.deleteIfExists(passwordFile);
        cluster.pg("pg_ctl", "-D", folder.resolve("data").toString(), "-l", folder.resolve("postgres.log").toString(),
            "-w", "-t", Long.toString(START_TIMEOUT.toSeconds()),
            "-o", "-c listen_addresses=127.0.0.1 -c port=" + cluster.port
                + " -c unix_socket_directories=" + folder.resolve("socket") + " -c max_connections=300",
            "start");
        return cluster;
    }

    /** A new, empty database owned by the cluster's role. */
    public Database createDatabase() throws IOException {
        String name = "govmail_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(url("postgres"), ROLE, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + " ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new Database(url(name), ROLE, password);
    }

    public int port() {
        return port;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            pg("pg_ctl", "-D", folder.resolve("data").toString(), "-m", "fast", "-w", "stop");
        } catch (IOException | InterruptedException | RuntimeException e) {
            System.err.println("PostgreSQL test cluster did not stop cleanly: " + e.getMessage());
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("PostgreSQL test cluster folder not removed: " + folder);
        }
    }

    private void pg(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(binaries.resolve(program).toString());
        command.addAll(List.of(arguments));
        run(command, runAs, folder);
    }

    private static void run(List<String> command, Optional<String> runAs, Path directory)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        runAs.ifPresent(user -> full.addAll(List.of("runuser", "-u", user, "--")));
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", full) + " failed (" + process.exitValue() + "):\n" + output);
        }
    }

    /**
     * {@code initdb} and {@code pg_ctl}: Debian keeps them in {@code /usr/lib/postgresql/<version>/bin} (the
     * newest version wins), not on PATH; {@code GOVMAIL_PG_BIN} names another folder.
     */
    static Path findBinaries(Map<String, String> environment) {
        String configured = environment.get("GOVMAIL_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions
                    .filter(version -> Files.isExecutable(version.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                // fall through to the policy below
            }
        }
        String message = "PostgreSQL is not installed (apt-get install postgresql)";
        if ("1".equals(environment.get(ExternalTool.REQUIRE_VARIABLE))) {
            throw new AssertionError(message + ", and " + ExternalTool.REQUIRE_VARIABLE + "=1 requires it");
        }
        Assumptions.abort(message + "; set " + ExternalTool.REQUIRE_VARIABLE + "=1 to make this a failure");
        throw new IllegalStateException("unreachable");
    }

    private static int majorVersion(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
