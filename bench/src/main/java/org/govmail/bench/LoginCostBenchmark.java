package org.govmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocketFactory;

import org.govmail.bench.load.Percentiles;
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
                long a = ImapsTiming.login(tlsToGated, gated.imapsPort(), PASSWORD_LOGIN);
                long b = ImapsTiming.login(tlsToOpen, open.imapsPort(), PASSWORD_LOGIN);
                long c = ImapsTiming.login(tlsToGated, gated.imapsPort(), EXTERNAL_LOGIN);
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

    private static void print(int rounds, List<Long> on, List<Long> off, List<Long> external) {
        System.out.printf(Locale.ROOT, "%nIMAPS handshake (client certificate) + LOGIN + LOGOUT, %d rounds each, alternating, "
            + "%d cores%n%n", rounds, Runtime.getRuntime().availableProcessors());
        ImapsTiming.header(28);
        ImapsTiming.row(28, "gate on (certificate)", on);
        ImapsTiming.row(28, "gate off (password only)", off);
        ImapsTiming.row(28, "gate on, SASL EXTERNAL", external);
        System.out.printf(Locale.ROOT, "%nmedian ratio on/off: %.2f; median cost of the gate: %.2f ms per login%n",
            Percentiles.millis(on, 50) / Percentiles.millis(off, 50), (Percentiles.millis(on, 50) - Percentiles.millis(off, 50)));
        System.out.println("(LOGIN rows include PBKDF2-SHA512 of the password on both servers; the EXTERNAL row has no password"
            + " to hash, so it is handshake + certificate validation + registry lookup.)");
    }
}
