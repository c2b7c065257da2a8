package org.govmail.bench.mta;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.server.testing.MailClients;

/**
 * Proves a {@link PostfixDovecot} pair works end to end before a benchmark relies on it: 50 mails over SMTP
 * reach the Maildir through LMTP, IMAPS with a GPKI user certificate logs in and counts them, IMAPS without
 * a certificate (or with one from a CA outside the trusted file) is refused, unknown recipients are refused
 * at RCPT, and everything is gone after close. Exits non-zero on the first failure.
 *
 * <p>Run as root on a machine with the Debian packages (scripts/lib-mta.sh); prints the start-up time.
 */
public final class PostfixDovecotSmoke {
    private static final String DOMAIN = "bench.test";
    private static final String USER = "hong@" + DOMAIN;
    private static final String PASSWORD = "Secret-1234";
    private static final char[] P12_PASSWORD = "changeit".toCharArray();
    private static final int MESSAGES = 50;

    private PostfixDovecotSmoke() {
    }

    public static void main(String[] args) throws Exception {
        if (!PostfixDovecot.installed()) {
            throw new IllegalStateException("Postfix/Dovecot not installed: source scripts/lib-mta.sh and run ensure_postfix_dovecot");
        }
        Path folder = Files.createTempDirectory("gm-mta");
        try {
            run(folder);
        } finally {
            delete(folder);
        }
    }

    private static void run(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tls = Files.createDirectories(folder.resolve("material"));

        // Clients: a GPKI user, trusted through the GPKI root + intermediate; an NPKI user, whose CA is not in the file.
        DevPki pki = DevPki.create(tls.resolve("pki"));
        Path clientCa = tls.resolve("client-ca.pem");
        Files.writeString(clientCa, Files.readString(pki.folder().resolve("gpki-root.pem"))
            + Files.readString(pki.folder().resolve("gpki-ca.pem")));
        Path gpkiUser = tls.resolve("gpki-user.p12");
        pki.writePkcs12(DevPki.Scheme.GPKI, pki.issue(DevPki.Scheme.GPKI, "홍길동", "행정안전부"), gpkiUser, P12_PASSWORD, "user");
        Path npkiUser = tls.resolve("npki-user.p12");
        pki.writePkcs12(DevPki.Scheme.NPKI, pki.issue(DevPki.Scheme.NPKI, "김철수", "은행"), npkiUser, P12_PASSWORD, "user");

        // Server: its own CA and a certificate for localhost.
        Instant now = Instant.now();
        PkiBuilder.Authority serverCa = PkiBuilder.root("CN=Bench Server CA, O=govmail bench", now.minusSeconds(3600), now.plusSeconds(86400));
        PkiBuilder.Issued server = PkiBuilder.issue(serverCa, new PkiBuilder.UserSpec("CN=localhost, O=govmail bench", List.of(),
            now.minusSeconds(3600), now.plusSeconds(86400), KeyUsage.digitalSignature | KeyUsage.keyEncipherment, List.of()));
        Path serverCaPem = tls.resolve("server-ca.pem");
        Files.writeString(serverCaPem, DevPki.pem(serverCa.certificate()));
        Path serverPem = tls.resolve("server.pem");
        Files.writeString(serverPem, DevPki.pem(server.certificate()) + DevPki.pem(serverCa.certificate()));
        Path serverKey = tls.resolve("server.key");
        Files.writeString(serverKey, DevPki.pem(server.key()));

        int[] ports = freePorts(3);
        PostfixDovecot.Settings settings = new PostfixDovecot.Settings(folder.resolve("mta"), DOMAIN, ports[0], ports[1], ports[2],
            serverPem, serverKey, clientCa, List.of(new PostfixDovecot.User(USER, PASSWORD),
                new PostfixDovecot.User("kim@" + DOMAIN, "Other-5678")));

        List<Long> pids;
        long stopping;
        try (PostfixDovecot mta = PostfixDovecot.start(settings)) {
            pids = new ArrayList<>(mta.rootPids());
            pids.addAll(Processes.tree(mta.rootPids().get(0)));
            pids.addAll(Processes.tree(mta.rootPids().get(1)));
            System.out.printf(Locale.ROOT, "started in %d ms (postfix master %d, dovecot master %d)%n",
                mta.startupTime().toMillis(), mta.rootPids().get(0), mta.rootPids().get(1));
            try {
                check(mta, settings, serverCaPem, gpkiUser, npkiUser);
            } catch (Exception | AssertionError e) {
                System.err.println(mta.diagnostics());
                throw e;
            }
            stopping = System.nanoTime();
        }
        for (long pid : pids) {
            require(!Processes.running(pid), "process " + pid + " still running after close");
        }
        for (int port : ports) {
            require(Processes.portFree(port), "port " + port + " still taken after close");
        }
        System.out.printf(Locale.ROOT, "stopped in %d ms: all processes gone, ports free%n", (System.nanoTime() - stopping) / 1_000_000);
        System.out.println("OK");
    }

    private static void check(PostfixDovecot mta, PostfixDovecot.Settings settings, Path serverCaPem, Path gpkiUser, Path npkiUser)
            throws Exception {
        long sending = System.nanoTime();
        sendMail(settings.smtpPort(), MESSAGES);
        Path inbox = mta.maildir(USER).resolve("new");
        long deadline = System.nanoTime() + 60_000_000_000L;
        long delivered;
        while ((delivered = count(inbox)) < MESSAGES && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        require(delivered == MESSAGES, "expected " + MESSAGES + " files in " + inbox + ", found " + delivered);
        System.out.printf(Locale.ROOT, "%d messages sent and in the Maildir after %d ms%n", MESSAGES, (System.nanoTime() - sending) / 1_000_000);

        SSLSocketFactory withCertificate = MailClients.trusting(serverCaPem, gpkiUser, P12_PASSWORD);
        long login = System.nanoTime();
        List<String> status = imap(withCertificate, settings.imapsPort(), "a LOGIN " + USER + " " + PASSWORD, "b STATUS INBOX (MESSAGES)");
        require(status.get(0).startsWith("a OK"), "LOGIN with certificate refused: " + status);
        System.out.printf(Locale.ROOT, "IMAPS with certificate: LOGIN OK, %s (%d ms incl. handshake)%n",
            String.join(" / ", status.subList(1, status.size())), (System.nanoTime() - login) / 1_000_000);
        require(status.contains("* STATUS INBOX (MESSAGES " + MESSAGES + ")"), "STATUS: " + status);

        List<String> noCertificate = imap(MailClients.trusting(serverCaPem), settings.imapsPort(), "a LOGIN " + USER + " " + PASSWORD);
        System.out.println("IMAPS without certificate: " + noCertificate.get(0));
        require(noCertificate.get(0).startsWith("a NO"), "LOGIN without certificate accepted: " + noCertificate);

        List<String> untrusted = imap(MailClients.trusting(serverCaPem, npkiUser, P12_PASSWORD), settings.imapsPort(),
            "a LOGIN " + USER + " " + PASSWORD);
        System.out.println("IMAPS with an untrusted CA's certificate: " + untrusted.get(0));
        require(untrusted.get(0).startsWith("a NO") || untrusted.get(0).startsWith("(refused"), "LOGIN with NPKI certificate accepted: " + untrusted);
    }

    /** One SMTP session, {@code count} transactions; also checks that an unknown user is refused at RCPT. */
    private static void sendMail(int port, int count) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            socket.setSoTimeout(30_000);
            reply(in, "220");
            command(in, out, "EHLO client.example", "250");
            command(in, out, "MAIL FROM:<sender@example.org>", "250");
            command(in, out, "RCPT TO:<nobody@" + DOMAIN + ">", "550");
            command(in, out, "RSET", "250");
            for (int i = 0; i < count; i++) {
                command(in, out, "MAIL FROM:<sender@example.org>", "250");
                command(in, out, "RCPT TO:<" + USER + ">", "250");
                command(in, out, "DATA", "354");
                out.write("From: sender@example.org\r\nTo: " + USER + "\r\nSubject: smoke " + i + "\r\n\r\nmessage " + i + "\r\n.\r\n");
                out.flush();
                reply(in, "250");
            }
            command(in, out, "QUIT", "221");
        }
    }

    private static void command(BufferedReader in, Writer out, String line, String code) throws IOException {
        out.write(line + "\r\n");
        out.flush();
        reply(in, code);
    }

    private static void reply(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        if (line == null || !line.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + line);
        }
    }

    /**
     * Runs tagged commands ("a ...", "b ...") after the greeting and returns the tagged answer of the first
     * followed by all untagged and tagged lines of the others; LOGOUT at the end. A refused TLS handshake
     * gives one line "(refused ...)".
     */
    private static List<String> imap(SSLSocketFactory tls, int port, String... commands) throws IOException {
        List<String> lines = new ArrayList<>();
        try (SSLSocket socket = (SSLSocket) tls.createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                return List.of("(refused in TLS handshake: " + e.getMessage() + ")");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            String greeting = in.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) {
                throw new IOException("IMAP greeting: " + greeting);
            }
            for (int i = 0; i < commands.length; i++) {
                String tag = commands[i].substring(0, 2);
                out.write(commands[i] + "\r\n");
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    if (i > 0 || line.startsWith(tag)) {
                        lines.add(line);
                    }
                    if (line.startsWith(tag)) {
                        break;
                    }
                }
            }
            out.write("z LOGOUT\r\n");
            out.flush();
        }
        return lines;
    }

    private static long count(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                socket.bind(new InetSocketAddress("127.0.0.1", 0));
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
