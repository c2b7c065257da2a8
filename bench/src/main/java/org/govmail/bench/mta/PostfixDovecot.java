package org.govmail.bench.mta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A private Postfix + Dovecot pair from the Debian packages, for comparing govmail with the usual open-source
 * stack on the same machine: Postfix takes SMTP on 127.0.0.1 and hands each mail to Dovecot over LMTP;
 * Dovecot stores it in Maildir and serves IMAPS with client certificates, as govmail does. Both run entirely
 * out of {@link Settings#root()} (configuration, queue, state, sockets, logs, mail) on ports of the caller's
 * choosing, so a system-wide Postfix or Dovecot on the machine is neither used nor disturbed.
 *
 * <p>Needs root (both daemons start as root and drop privileges, as in production) and Debian 12's
 * {@code postfix} (3.7), {@code dovecot-imapd} and {@code dovecot-lmtpd} (2.3). On a fresh machine
 * {@code ensure_postfix_dovecot} in {@code scripts/lib-mta.sh} installs them: it pre-answers Postfix's
 * debconf question with "No configuration" and runs
 * {@code DEBIAN_FRONTEND=noninteractive apt-get install -y postfix dovecot-imapd dovecot-lmtpd}. Whatever
 * system instance the packages start listens on its own ports (25, 143, 993) and is left alone.
 *
 * <p>The root folder's path must be short (Dovecot's UNIX sockets live under it and socket paths are limited
 * to 108 bytes), made of plain characters, and reachable by other users: Dovecot's delivery runs as
 * {@code mail}, Postfix as {@code postfix}. A folder made with {@code Files.createTempDirectory} in /tmp
 * qualifies.
 *
 * <p>The daemons run in the foreground as children of this JVM ({@code postfix start-fg},
 * {@code dovecot -F}), so they are reaped here even where PID 1 reaps nothing. {@link #close()} stops
 * them; a shutdown hook does the same when the JVM exits without calling it. After a kill -9 of the JVM
 * they keep running: the next {@link #start} on the same root stops them first.
 */
public final class PostfixDovecot implements AutoCloseable {
    public record User(String address, String password) {
    }

    public record Settings(Path root, String domain, int smtpPort, int imapsPort, int lmtpPort,
                           Path serverCertificatePem, Path serverKeyPem, Path clientCaPem, List<User> users) {
    }

    static final Path POSTFIX = Path.of("/usr/sbin/postfix");
    static final Path DOVECOT = Path.of("/usr/sbin/dovecot");
    private static final List<Path> BINARIES = List.of(POSTFIX, DOVECOT, Path.of(DovecotConfig.DOVEADM),
        Path.of("/usr/lib/postfix/sbin/lmtp"), Path.of("/usr/lib/dovecot/imap-login"), Path.of("/usr/lib/dovecot/lmtp"));
    /** Characters both configuration syntaxes take literally (no spaces, no Dovecot %-variables). */
    private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+");
    /** The longest socket Dovecot 2.3 creates under base_dir ("token-login/tokenlogin"), with a margin. */
    private static final int SOCKET_NAME_ROOM = 30;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Settings settings;
    private final Layout layout;
    /** "postfix start-fg": postfix-script, the parent of Postfix's master. */
    private final Process postfix;
    /** "dovecot -F": Dovecot's master itself. */
    private final Process dovecot;
    private final long postfixMaster;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private boolean closed;

    private PostfixDovecot(Settings settings, Layout layout, Process postfix, Process dovecot, long postfixMaster,
                           Duration startupTime) {
        this.settings = settings;
        this.layout = layout;
        this.postfix = postfix;
        this.dovecot = dovecot;
        this.postfixMaster = postfixMaster;
        this.startupTime = startupTime;
        this.shutdownHook = new Thread(this::close, "stop postfix+dovecot");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** True when the Debian binaries are present (postfix, dovecot, doveadm, and the LMTP and IMAP parts). */
    public static boolean installed() {
        return BINARIES.stream().allMatch(Files::isExecutable);
    }

    /**
     * Writes the configuration, starts both, returns once SMTP and IMAPS accept connections: Postfix's
     * smtpd has sent its 220 greeting and Dovecot's IMAPS and LMTP ports take connections.
     * {@link #startupTime()} is that span; Postfix's part includes its start-up integrity check
     * (postfix-script check-fatal/check-warn), as on every real start.
     */
    public static PostfixDovecot start(Settings settings) throws IOException, InterruptedException {
        check(settings);
        Layout layout = new Layout(settings.root().toAbsolutePath().normalize());
        stopLeftovers(layout);
        for (int port : List.of(settings.smtpPort(), settings.imapsPort(), settings.lmtpPort())) {
            if (!Processes.portFree(port)) {
                throw new IOException("port 127.0.0.1:" + port + " is already in use");
            }
        }
        prepareFolders(layout, settings);
        PostfixConfig.write(layout, settings);
        DovecotConfig.write(layout, settings, id("-u"), id("-g"));

        long launched = System.nanoTime();
        Process dovecot = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", layout.dovecotConfig().toString())
            .redirectErrorStream(true).redirectOutput(layout.dovecotConsole().toFile()).start();
        Process postfix = new ProcessBuilder(POSTFIX.toString(), "-c", layout.postfixConfig().toString(), "start-fg")
            .redirectErrorStream(true).redirectOutput(layout.postfixConsole().toFile()).start();
        try {
            long deadline = launched + START_TIMEOUT.toNanos();
            boolean smtp = false;
            boolean imaps = false;
            boolean lmtp = false;
            while (!(smtp && imaps && lmtp)) {
                if (!postfix.isAlive() || !dovecot.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException((System.nanoTime() > deadline ? "not listening after " + START_TIMEOUT
                        : (postfix.isAlive() ? "dovecot" : "postfix") + " exited during start-up") + "\n"
                        + diagnostics(layout));
                }
                smtp = smtp || Processes.greets(settings.smtpPort());
                imaps = imaps || Processes.accepts(settings.imapsPort());
                lmtp = lmtp || Processes.accepts(settings.lmtpPort());
                if (!(smtp && imaps && lmtp)) {
                    Thread.sleep(10);
                }
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - launched);
            return new PostfixDovecot(settings, layout, postfix, dovecot, masterPid(layout, postfix), startup);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(layout, postfix, dovecot, Processes.tree(postfix.pid()), Processes.tree(dovecot.pid()));
            throw e;
        }
    }

    /** From launching both daemons to SMTP greeting and IMAPS/LMTP accepting (see {@link #start}). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Postfix's master and Dovecot's master: every process of either server descends from one of them. */
    public List<Long> rootPids() {
        return List.of(postfixMaster, dovecot.pid());
    }

    /** The Maildir ({@code cur/}, {@code new/}, {@code tmp/}) of a user's INBOX. */
    public Path maildir(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        int at = lower.indexOf('@');
        return layout.mail().resolve(lower.substring(at + 1)).resolve(lower.substring(0, at));
    }

    /** The instance's logs, for a failed run's report. */
    public String diagnostics() {
        return diagnostics(layout);
    }

    /** Stops both instances and returns once their processes are gone and the ports are free. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
        try {
            stop(layout, postfix, dovecot, Processes.tree(postfix.pid()), Processes.tree(dovecot.pid()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (int port : List.of(settings.smtpPort(), settings.imapsPort(), settings.lmtpPort())) {
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            while (!Processes.portFree(port) && System.nanoTime() < deadline) {
                sleep(20);
            }
        }
    }

    /**
     * "postfix stop" (Postfix's orderly shutdown) and SIGTERM to Dovecot's master (what "doveadm stop"
     * sends), then waits for every process that was in either tree; what is left after the timeout is killed.
     */
    private static void stop(Layout layout, Process postfix, Process dovecot, List<Long> postfixTree, List<Long> dovecotTree)
            throws InterruptedException {
        try {
            Process stop = new ProcessBuilder(POSTFIX.toString(), "-c", layout.postfixConfig().toString(), "stop")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(layout.postfixConsole().toFile()))
                .start();
            stop.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (IOException e) {
            postfix.destroy();
        }
        dovecot.destroy();
        Set<Long> all = new LinkedHashSet<>(postfixTree);
        all.addAll(dovecotTree);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (all.stream().anyMatch(Processes::running) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        all.stream().filter(Processes::running).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        postfix.destroyForcibly();
        dovecot.destroyForcibly();
        postfix.waitFor(5, TimeUnit.SECONDS);
        dovecot.waitFor(5, TimeUnit.SECONDS);
    }

    /** A previous run on the same root that was not stopped (JVM killed): stop it, or nothing would start. */
    private static void stopLeftovers(Layout layout) throws IOException, InterruptedException {
        for (Path pidFile : List.of(layout.postfixMasterPid(), layout.dovecotMasterPid())) {
            long pid = readPid(pidFile);
            if (pid > 0 && Processes.running(pid) && commandOf(pid).matches(".*(master|dovecot).*")) {
                List<Long> tree = Processes.tree(pid);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
                while (tree.stream().anyMatch(Processes::running) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                tree.stream().filter(Processes::running).forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
            }
            // Dovecot refuses to start while master.pid names a live process, and a zombie still looks live to it.
            Files.deleteIfExists(pidFile);
        }
    }

    private static void check(Settings settings) throws IOException {
        if (!installed()) {
            throw new IOException("Postfix/Dovecot not installed (see scripts/lib-mta.sh): need " + BINARIES);
        }
        if (Processes.uid() != 0) {
            throw new IOException("Postfix and Dovecot instances must be started as root (they drop privileges themselves)");
        }
        Path root = settings.root().toAbsolutePath().normalize();
        if (!PLAIN_PATH.matcher(root.toString()).matches()) {
            throw new IllegalArgumentException("root must be a plain path (letters, digits, . _ / + -): " + root);
        }
        int socketPath = new Layout(root).dovecotRun().toString().length() + 1 + SOCKET_NAME_ROOM;
        if (socketPath > 107) {
            throw new IllegalArgumentException("root path too long for Dovecot's UNIX sockets: " + root);
        }
        for (Path parent = root.getParent(); parent != null; parent = parent.getParent()) {
            if (!Files.getPosixFilePermissions(parent).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IllegalArgumentException(parent + " is not searchable by other users; the mail and postfix users must reach " + root);
            }
        }
        if (!settings.domain().matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("bad domain " + settings.domain());
        }
        for (User user : settings.users()) {
            if (!ADDRESS.matcher(user.address()).matches()
                    || !user.address().toLowerCase(Locale.ROOT).endsWith("@" + settings.domain().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("user address must be local@" + settings.domain() + ": " + user.address());
            }
            // ':' separates passwd-file fields; the password is passed to doveadm as one argument.
            if (user.password().isEmpty() || user.password().matches(".*[:\\s].*")) {
                throw new IllegalArgumentException("password of " + user.address() + " must be non-empty, without ':' or spaces");
            }
        }
    }

    /**
     * Creates the folders with the owners the daemons insist on: Postfix's data_directory belongs to
     * {@code postfix}, the mail folder to {@code mail} (Dovecot delivers and reads as that user), the user
     * table is readable by Dovecot's auth process (user {@code dovecot}) and nobody else. The queue's
     * subfolders are made by Postfix's own start-up check.
     */
    private static void prepareFolders(Layout layout, Settings settings) throws IOException {
        Set<PosixFilePermission> open = PosixFilePermissions.fromString("rwxr-xr-x");
        for (Path folder : List.of(layout.root(), layout.tls(), layout.postfix(), layout.postfixConfig(), layout.postfixQueue(),
                layout.postfixData(), layout.dovecot(), layout.dovecotState(), layout.mail())) {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, open);
        }
        owner(layout.postfixData(), "postfix", "postfix", "rwx------");
        owner(layout.mail(), DovecotConfig.MAIL_USER, DovecotConfig.MAIL_USER, "rwx------");

        // Copies, so the configuration only ever names plain paths inside root.
        Files.copy(settings.serverCertificatePem(), layout.serverCertificate(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(settings.serverKeyPem(), layout.serverKey(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(settings.clientCaPem(), layout.clientCa(), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(layout.serverKey(), PosixFilePermissions.fromString("rw-------"));

        Files.deleteIfExists(layout.dovecotUsers());
        Files.createFile(layout.dovecotUsers());
        owner(layout.dovecotUsers(), "root", "dovecot", "rw-r-----");
        for (Path log : List.of(layout.postfixLog(), layout.dovecotLog(), layout.dovecotInfoLog())) {
            Files.deleteIfExists(log); // one run's log per start, so a failure report shows this run only
        }
    }

    private static void owner(Path path, String user, String group, String permissions) throws IOException {
        UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(names.lookupPrincipalByName(user));
        view.setGroup(names.lookupPrincipalByGroupName(group));
        view.setPermissions(PosixFilePermissions.fromString(permissions));
    }

    /** The mail account's numeric uid ({@code -u}) or gid ({@code -g}), for Dovecot's first/last_valid_uid. */
    private static int id(String which) throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", which, DovecotConfig.MAIL_USER).redirectErrorStream(true).start();
        String output = new String(id.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (id.waitFor() != 0 || !output.matches("\\d+")) {
            throw new IOException("no '" + DovecotConfig.MAIL_USER + "' account on this machine: " + output);
        }
        return Integer.parseInt(output);
    }

    /** Postfix's master writes its pid file once it runs; it is a child of the start-fg script. */
    private static long masterPid(Layout layout, Process postfix) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            long pid = readPid(layout.postfixMasterPid());
            if (pid > 0 && postfix.descendants().anyMatch(child -> child.pid() == pid)) {
                return pid;
            }
            Thread.sleep(10);
        }
        throw new IOException("Postfix's master did not write " + layout.postfixMasterPid() + "\n" + diagnostics(layout));
    }

    private static long readPid(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return text.matches("\\d+") ? Long.parseLong(text) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String commandOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String diagnostics(Layout layout) {
        List<String> parts = new ArrayList<>();
        for (Path log : List.of(layout.postfixConsole(), layout.postfixLog(), layout.dovecotConsole(), layout.dovecotLog(),
                layout.dovecotInfoLog())) {
            String tail = Processes.tail(log, 20);
            if (!tail.isBlank()) {
                parts.add("--- " + log + "\n" + tail);
            }
        }
        return String.join("\n", parts);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
