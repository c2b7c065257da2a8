package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.search.SubjectTerm;

/**
 * Mail clients that are not ours, unmodified: curl over IMAPS and SMTPS with the official's PKCS#12,
 * logging in by SASL EXTERNAL (the certificate alone) and by password plus certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandardClientsEndToEndTest {
    private static final String OFFICIAL = "hong@mois.go.test";
    private static final String PASSWORD = "curl correct horse";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private TestAccount account;

    @BeforeAll
    void startServer() throws Exception {
        // .ci/run installs curl, so CI always runs these; a bare machine skips them instead of failing.
        org.junit.jupiter.api.Assumptions.assumeTrue(curlInstalled(), "curl is not installed (apt-get install curl)");
        server = GovmailProcess.startWithUser(installation, OFFICIAL, PASSWORD);
        account = server.account(OFFICIAL);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static boolean curlInstalled() {
        try {
            return new ProcessBuilder("curl", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** curl verifying the server against the dev CA and presenting the official's PKCS#12. */
    private Result curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--max-time", "30",
            "--cacert", server.devCaCertificate().toString(),
            "--cert-type", "P12", "--cert", account.pkcs12() + ":" + new String(TestAccount.PKCS12_PASSWORD)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void curlListsMailboxesOverImapsWithSaslExternal() throws Exception {
        // curl's login options go after the user name: imaps://user;AUTH=EXTERNAL@host/
        Result result = curl("imaps://" + OFFICIAL.replace("@", "%40") + ";AUTH=EXTERNAL@localhost:" + server.imapsPort() + "/");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("INBOX");
    }

    @Test
    void curlWithPasswordAndCertificateOverImaps() throws Exception {
        Result result = curl("--user", OFFICIAL + ":" + PASSWORD,
            "imaps://localhost:" + server.imapsPort() + "/INBOX", "--request", "STATUS INBOX (MESSAGES)");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("MESSAGES");

        Result refused = curl("--user", OFFICIAL + ":not the password", "imaps://localhost:" + server.imapsPort() + "/INBOX");
        assertThat(refused.exitCode()).as("curl's 'login denied'").isEqualTo(67);
    }

    @Test
    void curlSendsOverSmtpsWithSaslExternalAndTheMailArrives() throws Exception {
        Path message = installation.resolve("curl-message.eml");
        Files.writeString(message, "From: " + OFFICIAL + "\r\nTo: " + OFFICIAL + "\r\nSubject: sent by curl external\r\n\r\n"
            + "curl, SMTPS, SASL EXTERNAL\r\n", StandardCharsets.UTF_8);
        Result result = curl("--login-options", "AUTH=EXTERNAL", "--user", OFFICIAL + ":",
            "--mail-from", OFFICIAL, "--mail-rcpt", OFFICIAL, "--upload-file", message.toString(),
            "smtps://localhost:" + server.smtpsPort());
        assertThat(result.exitCode()).as(result.output()).isZero();

        ImapProbe inbox = new ImapProbe(new MailClients(server), OFFICIAL, PASSWORD);
        assertThat(inbox.awaitCount(new SubjectTerm("sent by curl external"), count -> count == 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
    }

    @Test
    void curlWithoutAClientCertificateCannotUseExternal() throws Exception {
        Process process = new ProcessBuilder("curl", "--silent", "--show-error", "--max-time", "30",
            "--cacert", server.devCaCertificate().toString(),
            "imaps://" + OFFICIAL.replace("@", "%40") + ";AUTH=EXTERNAL@localhost:" + server.imapsPort() + "/")
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        // The handshake succeeds and the refusal comes at AUTH, where it can carry a reason.
        assertThat(process.exitValue()).as(output).isEqualTo(67);
    }
}
