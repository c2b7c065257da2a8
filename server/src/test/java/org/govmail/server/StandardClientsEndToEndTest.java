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

import org.govmail.server.testing.ExternalTool;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;
import org.govmail.server.testing.WebLoginClient;
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
    private ExternalTool curl;

    @BeforeAll
    void startServer() throws Exception {
        // Skipped on a bare machine, a failure where .ci/run installed curl and set GOVMAIL_REQUIRE_CLIENTS=1.
        curl = ExternalTool.require("curl", "curl");
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

    /** curl verifying the server against the dev CA and presenting the official's PKCS#12. */
    private Result curl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(curl.executable().toString(), "--silent", "--show-error", "--max-time", "30",
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

    /**
     * The README's submission recipe (STARTTLS, password + certificate), then the mail read back with curl alone:
     * SEARCH for its subject, FETCH of the message found, both by SASL EXTERNAL.
     */
    @Test
    void curlSendsOverSubmissionStarttlsAndReadsTheMailBack() throws Exception {
        String token = "readback" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Path message = installation.resolve("curl-readback.eml");
        Files.writeString(message, "From: " + OFFICIAL + "\r\nTo: " + OFFICIAL + "\r\nSubject: curl " + token + "\r\n\r\n"
            + "body of " + token + "\r\n", StandardCharsets.UTF_8);
        Result sent = curl("--ssl-reqd", "--user", OFFICIAL + ":" + PASSWORD, "--mail-from", OFFICIAL, "--mail-rcpt", OFFICIAL,
            "--upload-file", message.toString(), "smtp://localhost:" + server.submissionPort());
        assertThat(sent.exitCode()).as(sent.output()).isZero();
        ImapProbe inbox = new ImapProbe(new MailClients(server), OFFICIAL, PASSWORD);
        assertThat(inbox.awaitCount(new SubjectTerm(token), count -> count == 1, Duration.ofSeconds(30))).isEqualTo(1);

        String mailbox = "imaps://" + OFFICIAL.replace("@", "%40") + ";AUTH=EXTERNAL@localhost:" + server.imapsPort() + "/INBOX";
        Result search = curl(mailbox + "?SUBJECT%20" + token);
        assertThat(search.exitCode()).as(search.output()).isZero();
        java.util.regex.Matcher found = java.util.regex.Pattern.compile("\\* SEARCH (\\d+)\\s*$").matcher(search.output().strip());
        assertThat(found.find()).as("one message found: %s", search.output()).isTrue();
        Result fetched = curl(mailbox + ";MAILINDEX=" + found.group(1));
        assertThat(fetched.exitCode()).as(fetched.output()).isZero();
        assertThat(fetched.output()).contains("Subject: curl " + token).contains("body of " + token);
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

    /** The README's web-login recipe as a user would type it: openssl cms signs the nonce, curl logs in and reads IMAPS by XOAUTH2. */
    @Test
    void theReadmeTokenFlowWithOpensslAndCurl() throws Exception {
        ExternalTool.require("openssl", "openssl");
        Path cert = installation.resolve("web-cert.pem");
        Path key = installation.resolve("web-key.pem");
        Files.writeString(cert, org.govmail.auth.cert.Certificates.toPem(account.issued().certificate()));
        Files.writeString(key, org.govmail.auth.devpki.DevPki.pem(account.issued().key()));
        String secret = Files.readString(WebLoginClient.frontEndFolder(server).resolve("webmail.secret")).strip();
        String api = "http://127.0.0.1:" + server.webAdminPort();
        Result challenge = run(List.of("curl", "-s", "-u", "webmail:" + secret, "-X", "POST", api + "/govmail/auth/challenge"));
        String nonce = new com.fasterxml.jackson.databind.ObjectMapper().readTree(challenge.output()).path("nonce").asText();
        Path nonceFile = installation.resolve("nonce.txt");
        Files.writeString(nonceFile, nonce);
        Path signature = installation.resolve("nonce.cms");
        assertThat(run(List.of("openssl", "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", nonceFile.toString(),
            "-signer", cert.toString(), "-inkey", key.toString(), "-outform", "DER", "-out", signature.toString())).exitCode()).isZero();
        String body = "{\"nonce\":\"" + nonce + "\",\"signature\":\"" + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(signature))
            + "\"}";
        Result login = run(List.of("curl", "-s", "-u", "webmail:" + secret, "-H", "Content-Type: application/json", "-X", "POST",
            api + "/govmail/auth/login", "-d", body));
        String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.output()).path("accessToken").asText();
        assertThat(token).as(login.output()).isNotEmpty();
        Path frontEnd = WebLoginClient.frontEndFolder(server);
        Result imap = run(List.of("curl", "--silent", "--show-error", "--max-time", "30", "--cacert", server.devCaCertificate().toString(),
            "--cert", frontEnd.resolve("webmail-cert.pem").toString(), "--key", frontEnd.resolve("webmail-key.pem").toString(),
            "--login-options", "AUTH=XOAUTH2", "--oauth2-bearer", token, "-u", OFFICIAL, "imaps://localhost:" + server.imapsPort() + "/"));
        assertThat(imap.exitCode()).as(imap.output()).isZero();
        assertThat(imap.output()).contains("INBOX");
        // The same token from curl presenting the official's own certificate instead of the front end's: refused.
        Result stranger = curl("--login-options", "AUTH=XOAUTH2", "--oauth2-bearer", token, "-u", OFFICIAL,
            "imaps://localhost:" + server.imapsPort() + "/");
        assertThat(stranger.exitCode()).as(stranger.output()).isNotZero();
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
