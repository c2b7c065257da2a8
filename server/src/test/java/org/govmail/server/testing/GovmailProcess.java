package org.govmail.server.testing;

import java.net.http.HttpResponse;

import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder.Issued;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real govmail server in its own JVM, on a copy of the shipped {@code conf/} in a temporary
 * installation folder, with every port moved to a free one on 127.0.0.1. Tests talk to it over the
 * network only, as a user would, and can kill it like a crash would ({@link #kill()}).
 */
public final class GovmailProcess implements AutoCloseable {
    private final java.util.Map<String, TestAccount> accounts = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** Shipped default port → the free port this instance uses instead. */
    /** {@code 127.0.0.1:2525} in a bind address, {@code port=9999} in jmx.properties. */
    private static final java.util.regex.Pattern SHIPPED_PORT = java.util.regex.Pattern.compile("(127\\.0\\.0\\.1:|port=)(\\d+)(?!\\d)");
    private static final List<Integer> DEFAULT_PORTS = List.of(2525, 2587, 2465, 2143, 2993, 2110, 4190, 8000, 9999);

    private final Path root;
    private final Map<Integer, Integer> ports;
    private final StringBuffer output = new StringBuffer();
    private Process process;
    private long startMillis;
    private List<String> jvmOptions = List.of("-Xmx512m");

    private final org.govmail.mailets.testing.TestDnsServer dns;
    private final java.util.Optional<PostgresCluster.Database> database;
    /** The keyspace and virtual host of a distributed installation (shared by the nodes of one service). */
    private final java.util.Optional<DistributedEngines.Space> space;

    private GovmailProcess(Path root, Map<Integer, Integer> ports, org.govmail.mailets.testing.TestDnsServer dns,
                           java.util.Optional<PostgresCluster.Database> database, java.util.Optional<DistributedEngines.Space> space) {
        this.root = root;
        this.space = space;
        this.database = database;
        this.ports = ports;
        this.dns = dns;
    }

    /**
     * The DNS server this instance's SPF, DKIM and DMARC lookups go to (govmail-routing.xml): empty
     * until a test publishes records, so lookups answer at once (NXDOMAIN) instead of leaving the machine.
     */
    public org.govmail.mailets.testing.TestDnsServer dns() {
        return dns;
    }

    /** The PostgreSQL database this installation runs on; empty when it runs on the shipped embedded Derby. */
    public java.util.Optional<PostgresCluster.Database> database() {
        return database;
    }

    /**
     * Prepares a fresh installation folder (not started yet) on the storage this test JVM was asked for
     * ({@link Storage#requested()}): embedded Derby unless a pass of the build says otherwise.
     */
    public static GovmailProcess prepare(Path root) throws IOException {
        return prepare(root, Storage.requested());
    }

    /** Where an installation keeps its data. */
    public enum Storage {
        /** The shipped default: embedded Derby, Lucene, ActiveMQ. */
        DERBY,
        /** The embedded profile on a new database of the shared PostgreSQL test cluster. */
        POSTGRESQL,
        /** The distributed profile: Cassandra and RabbitMQ of {@link DistributedEngines}, accounts on PostgreSQL. */
        DISTRIBUTED;

        /** What this test JVM was asked for ({@code -Dgovmail.test.database}, {@code -Dgovmail.test.profile}). */
        public static Storage requested() {
            if (DistributedEngines.requested()) {
                return DISTRIBUTED;
            }
            return PostgresCluster.requested() ? POSTGRESQL : DERBY;
        }
    }

    /** Prepares a fresh installation folder (not started yet) on {@code storage}. */
    public static GovmailProcess prepare(Path root, Storage storage) throws IOException {
        java.util.Optional<PostgresCluster.Database> database = storage == Storage.DERBY
            ? java.util.Optional.empty() : java.util.Optional.of(PostgresCluster.shared().createDatabase());
        java.util.Optional<DistributedEngines.Space> space = storage == Storage.DISTRIBUTED
            ? java.util.Optional.of(DistributedEngines.shared().newSpace()) : java.util.Optional.empty();
        return prepare(root, database, space);
    }

    /**
     * Prepares another node of the same service as {@code first} (which has started once): a fresh installation
     * on its own ports and folders, on the same PostgreSQL database, with the material every node must share
     * copied from {@code first}: the certificate authorities and identity provider of development, the development
     * TLS CA and server key store (one service, one server certificate, as behind a load balancer), the web front
     * end's secret and certificate, and the token signing key. Only PostgreSQL can be shared: embedded Derby
     * belongs to one process.
     */
    public static GovmailProcess prepareNodeOf(Path root, GovmailProcess first) throws IOException {
        PostgresCluster.Database shared = first.database()
            .orElseThrow(() -> new IllegalStateException("nodes share a PostgreSQL database; this test JVM runs on Derby"));
        GovmailProcess node = prepare(root, java.util.Optional.of(shared), first.space);
        for (String folder : List.of("var/pki/dev", "var/tls", "var/identity/dev", "var/frontend/dev", "conf/tokens")) {
            copyTree(first.root().resolve(folder), root.resolve(folder));
        }
        return node;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException(from + " is missing: start the first node once before preparing another");
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static GovmailProcess prepare(Path root, java.util.Optional<PostgresCluster.Database> shared,
                                          java.util.Optional<DistributedEngines.Space> sharedSpace) throws IOException {
        Path shippedConf = Path.of(System.getProperty("govmail.conf.dir", "../conf"));
        Path conf = root.resolve("conf");
        Files.createDirectories(conf);
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (int port : DEFAULT_PORTS) {
            ports.put(port, freePort());
        }
        try (Stream<Path> files = Files.list(shippedConf)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith("jmxremote.")) {
                    continue; // each instance generates its own secret
                }
                // One pass, whole numbers only: a free port already substituted may contain a default port's digits.
                String text = SHIPPED_PORT.matcher(Files.readString(file, StandardCharsets.UTF_8)).replaceAll(match -> {
                    Integer replacement = ports.get(Integer.parseInt(match.group(2)));
                    return java.util.regex.Matcher.quoteReplacement(
                        match.group(1) + (replacement == null ? match.group(2) : replacement.toString()));
                });
                Files.writeString(conf.resolve(name), text, StandardCharsets.UTF_8);
            }
        }
        java.util.Optional<PostgresCluster.Database> database = shared;
        if (shared.isPresent()) {
            useDatabase(conf.resolve("james-database.properties"), shared.get());
        }
        java.util.Optional<DistributedEngines.Space> space = sharedSpace;
        if (space.isPresent()) {
            DistributedEngines.shared().configure(conf, space.get());
        }
        org.govmail.mailets.testing.TestDnsServer dns = org.govmail.mailets.testing.TestDnsServer.start();
        Path routing = conf.resolve("govmail-routing.xml");
        String withDns = Files.readString(routing, StandardCharsets.UTF_8)
            .replaceFirst("<dns timeout=\"(PT\\w+)\">", "<dns timeout=\"PT2S\"><server>127.0.0.1:" + dns.port() + "</server>");
        Files.writeString(routing, withDns, StandardCharsets.UTF_8);
        return new GovmailProcess(root, ports, dns, database, space);
    }

    /**
     * Points the installation at a PostgreSQL database, changing only the lines of
     * {@code james-database.properties} that its comment tells an operator to change.
     */
    private static void useDatabase(Path properties, PostgresCluster.Database database) throws IOException {
        Map<String, String> values = Map.of(
            "database.driverClassName", "org.postgresql.Driver",
            "database.url", database.url(),
            "database.username", database.username(),
            "database.password", database.password(),
            "datasource.validationQuery", "select 1",
            "openjpa.jdbc.DBDictionary", "postgres");
        List<String> lines = new ArrayList<>();
        java.util.Set<String> replaced = new java.util.HashSet<>();
        for (String line : Files.readAllLines(properties, StandardCharsets.UTF_8)) {
            String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')).trim() : "";
            if (values.containsKey(key)) {
                lines.add(key + "=" + values.get(key));
                replaced.add(key);
            } else {
                lines.add(line);
            }
        }
        if (!replaced.equals(values.keySet())) {
            throw new IllegalStateException("james-database.properties lacks " + values.keySet() + " minus " + replaced);
        }
        Files.write(properties, lines, StandardCharsets.UTF_8);
    }

    /**
     * Rewrites one configuration file of this (not yet started) installation; fails when the edit
     * changes nothing, so a test never runs on a configuration it only believes it changed.
     */
    public GovmailProcess editConf(String file, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path path = root.resolve("conf").resolve(file);
        String before = Files.readString(path, StandardCharsets.UTF_8);
        String after = edit.apply(before);
        if (after.equals(before)) {
            throw new IllegalArgumentException("the edit of " + file + " changed nothing");
        }
        Files.writeString(path, after, StandardCharsets.UTF_8);
        return this;
    }

    /** Starts a fresh installation in {@code root} with one mail user (and the user's domain). */
    public static GovmailProcess startWithUser(Path root, String address, String password)
            throws IOException, InterruptedException {
        GovmailProcess server = prepare(root).start();
        server.webAdmin().addDomain(address.substring(address.indexOf('@') + 1));
        server.enroll(address, "홍길동", password);
        return server;
    }

    /** The development PKI the server generated on its first start. */
    public DevPki devPki() throws IOException {
        return DevPki.load(root.resolve("var/pki/dev"));
    }

    /**
     * Provisions an APPROVED account with a fresh GPKI certificate in {@code name} and writes the
     * client's PKCS#12 next to the installation.
     */
    public TestAccount enroll(String address, String name, String password) throws IOException, InterruptedException {
        return enroll(address, name, password, "APPROVED");
    }

    /** As {@link #enroll(String, String, String)}, in the given status (PENDING: as if awaiting approval). */
    public TestAccount enroll(String address, String name, String password, String status) throws IOException, InterruptedException {
        DevPki pki = devPki();
        Issued issued = pki.issue(DevPki.Scheme.GPKI, name, "행정안전부");
        Path pkcs12 = root.resolve(address.replace('@', '_') + ".p12");
        pki.writePkcs12(DevPki.Scheme.GPKI, issued, pkcs12, TestAccount.PKCS12_PASSWORD, "signCert");
        HttpResponse<String> response = webAdmin().createAccount(address, name, password, Certificates.toPem(issued.certificate()), status);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("account " + address + " not created: " + response.statusCode() + " " + response.body());
        }
        TestAccount account = new TestAccount(address, name, password, issued, pkcs12);
        accounts.put(address, account);
        return account;
    }

    public TestAccount account(String address) {
        TestAccount account = accounts.get(address);
        if (account == null) {
            throw new IllegalArgumentException("no test account " + address);
        }
        return account;
    }

    /** The only enrolled account, if there is exactly one. */
    public java.util.Optional<TestAccount> soleAccount() {
        return accounts.size() == 1 ? java.util.Optional.of(accounts.values().iterator().next()) : java.util.Optional.empty();
    }

    /** Heap and GC options of the server's JVM (tests: a 512 MB heap; the benchmark: what scripts/govmail ships). */
    public GovmailProcess withJvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    public GovmailProcess start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of(
            "-Dworking.directory=" + root,
            "-Dlogback.configurationFile=" + root.resolve("conf/logback.xml"),
            "-Dgovmail.log.dir=" + root.resolve("var/log"),
            "-cp", classpath,
            "org.govmail.server.GovmailServerMain"));
        output.setLength(0);
        startMillis = System.currentTimeMillis();
        process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> pump(process.getInputStream(), ready), "govmail-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !process.isAlive()) {
            String log = output.toString();
            process.destroyForcibly();
            throw new IllegalStateException("govmail did not start; output:\n" + tail(log));
        }
        return this;
    }

    private void pump(InputStream in, CountDownLatch ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("govmail ready")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process died; start() reports it
        } finally {
            ready.countDown();
        }
    }

    /** SIGKILL: no shutdown hook runs, exactly like a crash or power loss of the JVM. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait for a clean shutdown. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        dns.close();
    }

    public int port(int defaultPort) {
        Integer port = ports.get(defaultPort);
        if (port == null) {
            throw new IllegalArgumentException("no such default port " + defaultPort);
        }
        return port;
    }

    public int smtpPort() {
        return port(2525);
    }

    public int submissionPort() {
        return port(2587);
    }

    public int smtpsPort() {
        return port(2465);
    }

    public int imapPort() {
        return port(2143);
    }

    public int imapsPort() {
        return port(2993);
    }

    public int pop3Port() {
        return port(2110);
    }

    public int manageSievePort() {
        return port(4190);
    }

    public int webAdminPort() {
        return port(8000);
    }

    public int jmxPort() {
        return port(9999);
    }

    public Path root() {
        return root;
    }

    public Path devCaCertificate() {
        return root.resolve("var/tls/dev-ca.pem");
    }

    public long pid() {
        return process.pid();
    }

    public long startMillis() {
        return startMillis;
    }

    public String output() {
        return output.toString();
    }

    /** The generated super-admin secret, as a script reading conf/jmxremote.password would. */
    public String adminSecret() throws IOException {
        return Files.readAllLines(root.resolve("conf/jmxremote.password")).get(0).split("\\s+", 2)[1];
    }

    public WebAdminClient webAdmin() throws IOException {
        return new WebAdminClient(webAdminPort(), "james-admin", adminSecret());
    }

    /**
     * WebAdmin as a govmail account (an institution administrator, or a holder on their own account): logged in
     * through the development web front end with the account's certificate key, as a browser would.
     */
    public WebAdminClient webAdminAs(Issued certificate) throws IOException, InterruptedException {
        WebLoginClient login = webLogin();
        return login.as(login.login(certificate));
    }

    /** HTTP Basic with an account's id and password: what the REST API no longer accepts from accounts. */
    public WebAdminClient webAdminWithPassword(String account, String password) {
        return new WebAdminClient(webAdminPort(), account, password);
    }

    /** The development web front end (its generated client secret), for the certificate login routes. */
    public WebLoginClient webLogin() throws IOException {
        return new WebLoginClient(this);
    }

    /** WebAdmin without credentials: the public sign-up routes. */
    public WebAdminClient publicApi() {
        return new WebAdminClient(webAdminPort(), "", "");
    }

    private static String tail(String log) {
        return log.length() > 8000 ? log.substring(log.length() - 8000) : log;
    }

    /** Ports this test JVM handed out already: never twice, even if the first holder has not bound it yet. */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port nobody listens on, below Linux's ephemeral range (32768-60999): a port the kernel picked with
     * {@code new ServerSocket(0)} can be taken as the source port of any outgoing connection (JDBC, HTTP, DNS)
     * before the server binds it, which failed a start with "Address already in use" now and then.
     */
    public static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // in use by something else: try another
            }
        }
        throw new IOException("no free port between 20000 and 32000 after 1000 attempts");
    }
}
