package org.govmail.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;

/**
 * The per-login cost of the certificate gate: two servers from the same build, side by side, one
 * with the gate (certificate validated, revocation checked, registered to the account) and one with
 * {@code <gate requireCertificate="false">} (password only). Each round opens a new IMAPS connection
 * presenting the same client certificate to both, alternately: full TLS handshake, greeting, LOGIN,
 * LOGOUT; and on the gated server also SASL EXTERNAL (certificate alone). Prints median, p90 and mean
 * per row and the on/off ratio.
 *
 * <p>Run with {@code scripts/bench-login [rounds]}.
 */
public final class LoginCostBenchmark {
    private static final String DOMAIN = "bench.go.test";
    private static final String USER = "bench@" + DOMAIN;
    private static final String PASSWORD = "bench correct horse";
    private static final int WARM_UP = 30;
    private static final String PASSWORD_LOGIN = "a LOGIN " + USER + " \"" + PASSWORD + "\"";
    /** The certificate alone: no password hash to compute, so validation is what remains. */
    private static final String EXTERNAL_LOGIN = "a AUTHENTICATE EXTERNAL =";

    private LoginCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        Path root = Files.createTempDirectory("govmail-bench-login");
        GovmailProcess gated = GovmailProcess.prepare(root.resolve("gate-on"));
        GovmailProcess open = GovmailProcess.prepare(root.resolve("gate-off"));
        Path openAuth = open.root().resolve("conf/govmail-auth.xml");
        Files.writeString(openAuth, Files.readString(openAuth)
            .replace("<gate requireCertificate=\"true\">", "<gate requireCertificate=\"false\">"));
        try {
            gated.start();
            open.start();
            TestAccount account = enroll(gated);
            enroll(open);
            // Both servers see the same client certificate (the gated server's); without the gate it is not checked.
            SSLSocketFactory tlsToGated = new MailClients(gated, account.pkcs12()).socketFactory();
            SSLSocketFactory tlsToOpen = new MailClients(open, account.pkcs12()).socketFactory();

            List<Long> on = new ArrayList<>();
            List<Long> off = new ArrayList<>();
            List<Long> external = new ArrayList<>();
            for (int i = 0; i < WARM_UP + rounds; i++) {
                long a = login(tlsToGated, gated.imapsPort(), PASSWORD_LOGIN);
                long b = login(tlsToOpen, open.imapsPort(), PASSWORD_LOGIN);
                long c = login(tlsToGated, gated.imapsPort(), EXTERNAL_LOGIN);
                if (i >= WARM_UP) {
                    on.add(a);
                    off.add(b);
                    external.add(c);
                }
            }
            print(rounds, on, off, external);
        } finally {
            gated.stop();
            open.stop();
        }
    }

    private static TestAccount enroll(GovmailProcess server) throws IOException, InterruptedException {
        server.webAdmin().addDomain(DOMAIN);
        return server.enroll(USER, "김벤치", PASSWORD);
    }

    /** Nanoseconds from connect to the tagged OK of LOGOUT. */
    private static long login(SSLSocketFactory tls, int port, String command) throws IOException {
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) tls.createSocket("localhost", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            expect(in.readLine(), "* OK");
            out.write(command + "\r\n");
            out.flush();
            expect(untilTagged(in, "a "), "a OK");
            out.write("b LOGOUT\r\n");
            out.flush();
            expect(untilTagged(in, "b "), "b OK");
        }
        return System.nanoTime() - start;
    }

    private static String untilTagged(BufferedReader in, String tag) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.startsWith(tag)) {
            // untagged data
        }
        return line;
    }

    private static void expect(String line, String prefix) throws IOException {
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException("expected " + prefix + ", got " + line);
        }
    }

    private static void print(int rounds, List<Long> on, List<Long> off, List<Long> external) {
        System.out.printf(Locale.ROOT, "%nIMAPS handshake (client certificate) + LOGIN + LOGOUT, %d rounds each, alternating, "
            + "%d cores%n%n", rounds, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "| %-28s | %10s | %10s | %10s |%n", "server", "median ms", "p90 ms", "mean ms");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(30), "-".repeat(12), "-".repeat(12), "-".repeat(12));
        row("gate on (certificate)", on);
        row("gate off (password only)", off);
        row("gate on, SASL EXTERNAL", external);
        System.out.printf(Locale.ROOT, "%nmedian ratio on/off: %.2f; median cost of the gate: %.2f ms per login%n",
            percentile(on, 50) / percentile(off, 50), (percentile(on, 50) - percentile(off, 50)));
        System.out.println("(LOGIN rows include PBKDF2-SHA512 of the password on both servers; the EXTERNAL row has no password"
            + " to hash, so it is handshake + certificate validation + registry lookup.)");
    }

    private static void row(String name, List<Long> samples) {
        System.out.printf(Locale.ROOT, "| %-28s | %10.2f | %10.2f | %10.2f |%n", name, percentile(samples, 50),
            percentile(samples, 90), samples.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
    }

    private static double percentile(List<Long> samples, int percent) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
