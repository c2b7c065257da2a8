package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.govmail.server.testing.ClientPem;
import org.govmail.server.testing.ExternalTool;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.OpensslSession;
import org.govmail.server.testing.TestAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * Real mail clients from the Debian archive, unmodified, sending and reading mail on one govmail server with the
 * officials' certificates: msmtp, swaks, fetchmail, mbsync and openssl s_client (curl:
 * {@link StandardClientsEndToEndTest}). Each client's configuration is written the way its manual and the
 * README say, into this test's folder ({@code HOME} too, so no dotfile of the machine counts). A test passes
 * only when the mail really arrived or was really read; the refusals check the reason the server gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealMailClientsEndToEndTest {
    private static final String SENDER = "hong@mois.go.test";
    private static final String SENDER_PASSWORD = "sender correct horse";
    private static final String RECIPIENT = "lee@mois.go.test";
    private static final String RECIPIENT_PASSWORD = "recipient battery staple";
    private static final Duration ARRIVAL = Duration.ofSeconds(30);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path folder;

    private GovmailProcess server;
    private Path clients;
    private ClientPem senderPem;
    private ClientPem recipientPem;

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.startWithUser(folder.resolve("govmail"), SENDER, SENDER_PASSWORD);
        server.enroll(RECIPIENT, "이순신", RECIPIENT_PASSWORD);
        clients = Files.createDirectories(folder.resolve("clients"));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The account's certificate and key in PEM, converted once (needs openssl, like the README recipe). */
    private ClientPem pem(String address) throws IOException, InterruptedException {
        if (SENDER.equals(address)) {
            senderPem = senderPem == null ? ClientPem.of(server.account(SENDER), clients) : senderPem;
            return senderPem;
        }
        recipientPem = recipientPem == null ? ClientPem.of(server.account(RECIPIENT), clients) : recipientPem;
        return recipientPem;
    }

    /** A subject no other test uses, so finding it proves this test's mail arrived. */
    private static String uniqueSubject(String client) {
        return client + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String message(String subject) {
        return "From: " + SENDER + "\r\nTo: " + RECIPIENT + "\r\nSubject: " + subject + "\r\n\r\nsent by a real mail client\r\n";
    }

    /** Exactly one message with this subject in the recipient's INBOX (read over IMAPS with Jakarta Mail). */
    private void assertArrived(String subject) throws Exception {
        ImapProbe inbox = new ImapProbe(new MailClients(server, server.account(RECIPIENT).pkcs12()), RECIPIENT, RECIPIENT_PASSWORD);
        assertThat(inbox.awaitSubject(subject, 1, ARRIVAL)).as("messages with subject '%s' in %s's INBOX", subject, RECIPIENT)
            .isEqualTo(1);
    }

    /** Puts a message into the recipient's INBOX without any client under test (Jakarta Mail over SMTPS). */
    private void deliver(String subject) throws Exception {
        Session smtps = new MailClients(server, server.account(SENDER).pkcs12()).smtps();
        MimeMessage mail = new MimeMessage(smtps, new ByteArrayInputStream(message(subject).getBytes(StandardCharsets.UTF_8)));
        try (Transport transport = smtps.getTransport("smtps")) {
            transport.connect(SENDER, SENDER_PASSWORD);
            transport.sendMessage(mail, mail.getAllRecipients());
        }
        assertArrived(subject);
    }

    /** A client's configuration file, readable by its owner only (msmtp and fetchmail refuse anything else). */
    private Path privateFile(String name, String content) throws IOException {
        Path file = Files.createTempFile(clients, name, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** An empty HOME for one client run. */
    private Map<String, String> home() throws IOException {
        return Map.of("HOME", Files.createTempDirectory(clients, "home").toString());
    }

    @Nested
    class Msmtp {
        private ExternalTool msmtp() {
            return ExternalTool.require("msmtp", "msmtp");
        }

        /**
         * One account section of ~/.msmtprc, as msmtp's manual writes it: TLS with the dev CA, the client
         * certificate (when given), implicit TLS or STARTTLS, and the authentication method.
         */
        private Path config(int port, boolean starttls, String auth, ClientPem certificate, String user) throws IOException {
            StringBuilder rc = new StringBuilder()
                .append("account govmail\n")
                .append("host localhost\n")
                .append("port ").append(port).append('\n')
                .append("tls on\n")
                .append("tls_starttls ").append(starttls ? "on" : "off").append('\n')
                .append("tls_trust_file ").append(server.devCaCertificate()).append('\n');
            if (certificate != null) {
                rc.append("tls_cert_file ").append(certificate.certificate()).append('\n')
                    .append("tls_key_file ").append(certificate.key()).append('\n');
            }
            rc.append("auth ").append(auth).append('\n')
                .append("user ").append(user).append('\n')
                .append("from ").append(SENDER).append('\n');
            if ("plain".equals(auth)) {
                rc.append("password ").append(SENDER_PASSWORD).append('\n');
            }
            return privateFile("msmtprc", rc.toString());
        }

        private ExternalTool.Result send(Path config, String subject) throws Exception {
            return msmtp().run(List.of("--file", config.toString(), "--account", "govmail", RECIPIENT), home(),
                message(subject).getBytes(StandardCharsets.UTF_8), ExternalTool.DEFAULT_TIMEOUT);
        }

        private int port(String name) {
            return "smtps".equals(name) ? server.smtpsPort() : server.submissionPort();
        }

        @ParameterizedTest(name = "auth {0} over {1}")
        @CsvSource({"external, smtps", "external, submission", "plain, smtps", "plain, submission"})
        void sendsWithTheCertificateAndTheMailArrives(String auth, String over) throws Exception {
            String subject = uniqueSubject("msmtp " + auth + " " + over);
            ExternalTool.Result sent = send(config(port(over), "submission".equals(over), auth, pem(SENDER), SENDER), subject);

            assertThat(sent.exitCode()).as(sent.output()).isZero();
            assertArrived(subject);
        }

        @Test
        void withoutACertificateThePasswordIsRefusedWithItsReason() throws Exception {
            ExternalTool.Result refused = send(config(server.submissionPort(), true, "plain", null, SENDER), uniqueSubject("msmtp no cert"));

            assertThat(refused.exitCode()).as("EX_NOPERM: " + refused.output()).isEqualTo(77);
            assertThat(refused.output()).contains("535 5.7.8 CLIENT_CERT_MISSING");
        }

        @Test
        void withoutACertificateExternalIsNotEvenOffered() throws Exception {
            ExternalTool.Result refused = send(config(server.smtpsPort(), false, "external", null, SENDER), uniqueSubject("msmtp no cert"));

            assertThat(refused.exitCode()).as("EX_UNAVAILABLE: " + refused.output()).isEqualTo(69);
            assertThat(refused.output()).contains("the server does not support authentication method EXTERNAL");
        }

        @Test
        void anotherOfficialsCertificateCannotSendAsTheSender() throws Exception {
            ExternalTool.Result refused = send(config(server.smtpsPort(), false, "external", pem(RECIPIENT), SENDER),
                uniqueSubject("msmtp wrong cert"));

            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(77);
            assertThat(refused.output()).contains("535 5.7.8 AUTHZID_MISMATCH");
        }
    }

    @Nested
    class Swaks {
        /** swaks on submission: STARTTLS required and verified against the dev CA, then AUTH PLAIN. */
        private ExternalTool.Result send(String subject, ClientPem certificate) throws Exception {
            List<String> arguments = new ArrayList<>(List.of("--server", "localhost", "--port", String.valueOf(server.submissionPort()),
                "--tls", "--tls-verify", "--tls-ca-path", server.devCaCertificate().toString(),
                "--auth", "PLAIN", "--auth-user", SENDER, "--auth-password", SENDER_PASSWORD,
                "--from", SENDER, "--to", RECIPIENT, "--header", "Subject: " + subject, "--body", "sent by swaks",
                "--timeout", "30"));
            if (certificate != null) {
                arguments.addAll(List.of("--tls-cert", certificate.certificate().toString(), "--tls-key", certificate.key().toString()));
            }
            return ExternalTool.require("swaks", "swaks").run(arguments, home(), null, ExternalTool.DEFAULT_TIMEOUT);
        }

        @Test
        void sendsOverSubmissionStarttlsWithCertificateAndPasswordAndTheMailArrives() throws Exception {
            String subject = uniqueSubject("swaks starttls plain");
            ExternalTool.Result sent = send(subject, pem(SENDER));

            assertThat(sent.exitCode()).as(sent.output()).isZero();
            assertThat(sent.output()).contains("235 2.7.0 Authentication successful");
            assertArrived(subject);
        }

        @Test
        void withoutACertificateThePasswordIsRefusedWithItsReason() throws Exception {
            ExternalTool.Result refused = send(uniqueSubject("swaks no cert"), null);

            assertThat(refused.exitCode()).as("swaks' 'auth failed': " + refused.output()).isEqualTo(28);
            assertThat(refused.output()).contains("535 5.7.8 CLIENT_CERT_MISSING");
        }
    }

    @Nested
    class Fetchmail {
        /**
         * A fetchmailrc polling the recipient's INBOX over IMAPS, certificate checked against the dev CA, logging in
         * with {@code auth}; every message is kept on the server and handed to an MDA appending to {@code mailbox}.
         */
        private Path config(String auth, ClientPem certificate, Path mailbox) throws IOException {
            String rc = "set no bouncemail\n"
                + "set no syslog\n"
                + "poll localhost protocol IMAP port " + server.imapsPort() + " auth " + auth + "\n"
                + "  user \"" + RECIPIENT + "\" there" + ("password".equals(auth) ? " with password \"" + RECIPIENT_PASSWORD + "\"" : "")
                + " is \"govmail\" here\n"
                + "  ssl sslproto 'TLS1.2+' sslcertck sslcertfile \"" + server.devCaCertificate() + "\""
                + (certificate == null ? "" : " sslcert \"" + certificate.certificate() + "\" sslkey \"" + certificate.key() + "\"") + "\n"
                + "  keep fetchall\n"
                + "  mda \"cat >> " + mailbox + "\"\n";
            return privateFile("fetchmailrc", rc);
        }

        private ExternalTool.Result fetch(Path config) throws Exception {
            Map<String, String> home = home();
            Path state = Path.of(home.get("HOME"));
            return ExternalTool.require("fetchmail", "fetchmail").run(List.of("--fetchmailrc", config.toString(), "--nodetach", "--verbose",
                "--idfile", state.resolve("fetchids").toString(), "--pidfile", state.resolve("fetchmail.pid").toString()),
                home, null, ExternalTool.DEFAULT_TIMEOUT);
        }

        @Test
        void pullsTheInboxOverImapsWithSaslExternal() throws Exception {
            String subject = uniqueSubject("fetchmail external");
            deliver(subject);
            Path mailbox = clients.resolve("fetchmail-external.mbox");

            ExternalTool.Result pulled = fetch(config("external", pem(RECIPIENT), mailbox));

            assertThat(pulled.exitCode()).as(pulled.output()).isZero();
            assertThat(Files.readString(mailbox)).contains("Subject: " + subject);
        }

        @Test
        void withoutACertificateThePasswordIsRefusedWithItsReason() throws Exception {
            Path mailbox = clients.resolve("fetchmail-refused.mbox");

            ExternalTool.Result refused = fetch(config("password", null, mailbox));

            assertThat(refused.exitCode()).as("fetchmail's 'authentication failed': " + refused.output()).isEqualTo(3);
            assertThat(refused.output()).contains("CLIENT_CERT_MISSING");
            assertThat(mailbox).doesNotExist();
        }
    }

    @Nested
    class Mbsync {
        /**
         * An mbsyncrc pulling the recipient's INBOX over IMAPS into a fresh Maildir, certificate checked against the
         * dev CA, logging in with {@code mechanism} (PLAIN with the password, or EXTERNAL).
         */
        private Path config(String mechanism, ClientPem certificate, Path maildir) throws IOException {
            String rc = "IMAPAccount govmail\n"
                + "Host localhost\n"
                + "Port " + server.imapsPort() + "\n"
                + "User " + RECIPIENT + "\n"
                + ("PLAIN".equals(mechanism) ? "Pass \"" + RECIPIENT_PASSWORD + "\"\n" : "")
                + "AuthMechs " + mechanism + "\n"
                + "SSLType IMAPS\n"
                + "SSLVersions TLSv1.2 TLSv1.3\n"
                + "CertificateFile " + server.devCaCertificate() + "\n"
                + (certificate == null ? "" : "ClientCertificate " + certificate.certificate() + "\nClientKey " + certificate.key() + "\n")
                + "\n"
                + "IMAPStore govmail-remote\n"
                + "Account govmail\n"
                + "\n"
                + "MaildirStore govmail-local\n"
                + "Path " + maildir + "/\n"
                + "Inbox " + maildir + "/INBOX\n"
                + "\n"
                + "Channel govmail\n"
                + "Far :govmail-remote:\n"
                + "Near :govmail-local:\n"
                + "Patterns INBOX\n"
                + "Sync Pull\n"
                + "Create Near\n"
                + "SyncState *\n";
            return privateFile("mbsyncrc", rc);
        }

        private ExternalTool.Result sync(Path config) throws Exception {
            return ExternalTool.require("isync", "mbsync").run(List.of("--config", config.toString(), "govmail"), home(), null,
                ExternalTool.DEFAULT_TIMEOUT);
        }

        /** Every file of the Maildir's INBOX, read back as text. */
        private String contents(Path maildir) throws IOException {
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.walk(maildir.resolve("INBOX"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    all.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
                }
            }
            return all.toString();
        }

        @ParameterizedTest(name = "AuthMechs {0}")
        @CsvSource({"PLAIN", "EXTERNAL"})
        void pullsTheInboxIntoAMaildirWithTheCertificate(String mechanism) throws Exception {
            String subject = uniqueSubject("mbsync " + mechanism);
            deliver(subject);
            Path maildir = Files.createTempDirectory(clients, "maildir");

            ExternalTool.Result pulled = sync(config(mechanism, pem(RECIPIENT), maildir));

            assertThat(pulled.exitCode()).as(pulled.output()).isZero();
            assertThat(contents(maildir)).contains("Subject: " + subject);
        }

        @Test
        void withoutACertificateThePasswordIsRefusedWithItsReason() throws Exception {
            Path maildir = Files.createTempDirectory(clients, "maildir");

            ExternalTool.Result refused = sync(config("PLAIN", null, maildir));

            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(1);
            assertThat(refused.output()).contains("NO AUTHENTICATE [AUTHENTICATIONFAILED] CLIENT_CERT_MISSING");
        }
    }

    @Nested
    class OpensslSClient {
        private List<String> certificate(String address) throws IOException, InterruptedException {
            ClientPem pem = pem(address);
            return List.of("-cert", pem.certificate().toString(), "-key", pem.key().toString());
        }

        /** Reads the recipient's INBOX after {@code login} (the tagged command that logs in) and returns FETCH's lines. */
        private String loginSelectFetch(OpensslSession imap, String login) throws Exception {
            imap.readUntil(line -> line.startsWith("* OK"));
            assertThat(last(imap.command("a", login))).as(imap.transcript()).startsWith("a OK");
            assertThat(last(imap.command("b", "SELECT INBOX"))).as(imap.transcript()).startsWith("b OK");
            List<String> fetched = imap.command("c", "FETCH 1:* (BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertThat(last(fetched)).as(imap.transcript()).startsWith("c OK");
            // The server must end the session and say nothing else. RFC 3501 wants "* BYE" and "d OK" first; about
            // once in 300 s_client sessions, seen in the first seconds after a start, the connection ends without
            // them and the server logs an ordinary close (the README's known limits: James sets the session to
            // LOGOUT before writing them and closes the channel on that state). Clients hang up after LOGOUT
            // anyway, so the test does not count on the goodbye.
            imap.send("d LOGOUT");
            assertThat(imap.readToEnd()).as(imap.transcript()).allMatch(line -> line.startsWith("* BYE") || line.startsWith("d OK"));
            return String.join("\n", fetched);
        }

        @Test
        void imapsLoginWithPasswordAndCertificateReadsTheMail() throws Exception {
            String subject = uniqueSubject("s_client imap login");
            deliver(subject);
            try (OpensslSession imap = OpensslSession.connect(server.imapsPort(), server.devCaCertificate(), certificate(RECIPIENT), clients)) {
                assertThat(loginSelectFetch(imap, "LOGIN " + RECIPIENT + " \"" + RECIPIENT_PASSWORD + "\"")).contains("Subject: " + subject);
            }
        }

        @Test
        void imapsAuthenticateExternalReadsTheMail() throws Exception {
            String subject = uniqueSubject("s_client imap external");
            deliver(subject);
            try (OpensslSession imap = OpensslSession.connect(server.imapsPort(), server.devCaCertificate(), certificate(RECIPIENT), clients)) {
                // "=": an empty initial response, i.e. "the account of my certificate" (RFC 4959).
                assertThat(loginSelectFetch(imap, "AUTHENTICATE EXTERNAL =")).contains("Subject: " + subject);
            }
        }

        @Test
        void imapsWithoutACertificateExternalIsRefusedWithItsReason() throws Exception {
            try (OpensslSession imap = OpensslSession.connect(server.imapsPort(), server.devCaCertificate(), List.of(), clients)) {
                imap.readUntil(line -> line.startsWith("* OK"));
                assertThat(last(imap.command("a", "AUTHENTICATE EXTERNAL =")))
                    .startsWith("a NO AUTHENTICATE [AUTHENTICATIONFAILED] CLIENT_CERT_MISSING");
            }
        }

        @Test
        void submissionStarttlsWithAuthExternalSendsAndTheMailArrives() throws Exception {
            String subject = uniqueSubject("s_client smtp external");
            List<String> starttls = new ArrayList<>(List.of("-starttls", "smtp", "-name", "client.test"));
            starttls.addAll(certificate(SENDER));
            try (OpensslSession smtp = OpensslSession.connect(server.submissionPort(), server.devCaCertificate(), starttls, clients)) {
                // openssl has read the greeting and done EHLO + STARTTLS; a client starts over with EHLO under TLS.
                smtp.send("EHLO client.test");
                assertThat(smtp.smtpReply()).as(smtp.transcript()).anyMatch(line -> line.matches("250-AUTH .*EXTERNAL.*"));
                assertThat(smtp.smtp("AUTH EXTERNAL =")).as(smtp.transcript()).startsWith("235 ");
                assertThat(smtp.smtp("MAIL FROM:<" + SENDER + ">")).as(smtp.transcript()).startsWith("250 ");
                assertThat(smtp.smtp("RCPT TO:<" + RECIPIENT + ">")).as(smtp.transcript()).startsWith("250 ");
                assertThat(smtp.smtp("DATA")).as(smtp.transcript()).startsWith("354 ");
                for (String line : message(subject).strip().split("\r\n")) {
                    smtp.send(line);
                }
                assertThat(smtp.smtp(".")).as(smtp.transcript()).startsWith("250 ");
                assertThat(smtp.smtp("QUIT")).startsWith("221 ");
            }
            assertArrived(subject);
        }

        @Test
        void submissionWithoutACertificateRefusesExternalWithItsReason() throws Exception {
            try (OpensslSession smtp = OpensslSession.connect(server.submissionPort(), server.devCaCertificate(),
                    List.of("-starttls", "smtp", "-name", "client.test"), clients)) {
                smtp.send("EHLO client.test");
                assertThat(smtp.smtpReply()).as("EXTERNAL offered only with a certificate").noneMatch(line -> line.contains("EXTERNAL"));
                assertThat(smtp.smtp("AUTH EXTERNAL =")).startsWith("535 5.7.8 CLIENT_CERT_MISSING");
            }
        }

        private static String last(List<String> lines) {
            return lines.get(lines.size() - 1);
        }
    }
}
