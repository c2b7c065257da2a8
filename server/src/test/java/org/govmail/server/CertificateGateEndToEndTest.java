package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.DevPki.Scheme;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.testing.InTestLdapDirectory;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The certificate gate on the real server: Jakarta Mail and raw TLS clients with client
 * certificates from the server's development PKI, over IMAPS, SMTPS, submission and POP3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateGateEndToEndTest {
    private static final String DOMAIN = "mois.go.test";
    private static final String OFFICIAL = "kim@" + DOMAIN;
    private static final String OTHER = "lee@" + DOMAIN;
    private static final String PASSWORD = "correct horse battery";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private MailClients clients;
    private DevPki pki;
    private InTestLdapDirectory directory;

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(installation);
        // Many refusals from 127.0.0.1 are the point of this test; the throttle has its own unit test.
        Path auth = installation.resolve("conf/govmail-auth.xml");
        // EPKI revocation comes from the certificates' ldap:// distribution points, as GPKI publishes CRLs.
        String conf = Files.readString(auth).replace("maxFailures=\"10\"", "maxFailures=\"100000\"");
        String epkiCrl = "<crl>file://var/pki/dev/epki-ca.crl</crl>";
        assertThat(conf).contains(epkiCrl);
        Files.writeString(auth, conf.replace(epkiCrl, ""));
        directory = InTestLdapDirectory.start();
        server.start();
        server.webAdmin().addDomain(DOMAIN);
        server.enroll(OFFICIAL, "김선우", PASSWORD);
        server.enroll(OTHER, "이영희", PASSWORD);
        clients = new MailClients(server);
        pki = server.devPki();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (directory != null) {
            directory.close();
        }
    }

    /** null when IMAP LOGIN succeeded, otherwise the server's refusal text. */
    private static String imapLogin(MailClients as, String user, String password) throws Exception {
        Store store = as.imaps().getStore();
        try {
            store.connect(user, password);
            store.close();
            return null;
        } catch (AuthenticationFailedException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static String smtpLogin(MailClients as, String user, String password) throws Exception {
        Transport transport = as.smtps().getTransport("smtps");
        try {
            transport.connect(user, password);
            transport.close();
            return null;
        } catch (AuthenticationFailedException e) {
            return String.valueOf(e.getMessage());
        }
    }

    private MailClients presenting(Issued issued, X509CertificateChain chain) throws Exception {
        Path file = installation.resolve("client-" + System.nanoTime() + ".p12");
        DevPki.writePkcs12(file, issued.key(), chain.certificates(), TestAccount.PKCS12_PASSWORD, "signCert");
        return new MailClients(server, file);
    }

    private record X509CertificateChain(List<java.security.cert.X509Certificate> certificates) {
    }

    private MailClients presentingGpki(Issued issued) throws Exception {
        return presenting(issued, new X509CertificateChain(List.of(issued.certificate(), pki.ca(Scheme.GPKI).certificate())));
    }

    @Test
    void ownCertificateAndPasswordLogInOverImapAndSmtp() throws Exception {
        assertThat(imapLogin(clients.as(OFFICIAL), OFFICIAL, PASSWORD)).isNull();
        assertThat(smtpLogin(clients.as(OFFICIAL), OFFICIAL, PASSWORD)).isNull();
    }

    @Test
    void wrongPasswordWithOwnCertificateIsRefused() throws Exception {
        assertThat(imapLogin(clients.as(OFFICIAL), OFFICIAL, "wrong password")).contains("BAD_CREDENTIALS");
        assertThat(smtpLogin(clients.as(OFFICIAL), OFFICIAL, "wrong password")).contains("BAD_CREDENTIALS");
    }

    @Test
    void withoutClientCertificateTheLoginIsRefusedWithItsReason() throws Exception {
        assertThat(imapLogin(clients.withoutCertificate(), OFFICIAL, PASSWORD)).contains("[AUTHENTICATIONFAILED]").contains("CLIENT_CERT_MISSING");
        assertThat(smtpLogin(clients.withoutCertificate(), OFFICIAL, PASSWORD)).contains("CLIENT_CERT_MISSING");
    }

    @Test
    void anotherOfficialsValidCertificateIsRefused() throws Exception {
        assertThat(imapLogin(clients.as(OTHER), OFFICIAL, PASSWORD)).contains("CERT_NOT_REGISTERED_TO_ACCOUNT");
        assertThat(smtpLogin(clients.as(OTHER), OFFICIAL, PASSWORD)).contains("CERT_NOT_REGISTERED_TO_ACCOUNT");
    }

    @Test
    void saslExternalOverImapWithTheInitialResponseOnTheCommandLine() throws Exception {
        try (SSLSocket socket = (SSLSocket) clients.as(OFFICIAL).socketFactory().createSocket("localhost", server.imapsPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("* OK");
            out.write("c1 CAPABILITY\r\n");
            out.flush();
            String capabilities = in.readLine();
            assertThat(capabilities).contains("AUTH=EXTERNAL").contains("SASL-IR");
            assertThat(in.readLine()).startsWith("c1 OK");
            // As Thunderbird sends it.
            out.write("a1 AUTHENTICATE EXTERNAL =\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("a1 OK");
            out.write("a2 SELECT INBOX\r\n");
            out.flush();
            String line;
            while (!(line = in.readLine()).startsWith("a2 ")) {
                assertThat(line).startsWith("*");
            }
            assertThat(line).startsWith("a2 OK");
        }
    }

    @Test
    void saslExternalWithAnotherAccountsAuthorizationIdIsRefused() throws Exception {
        try (SSLSocket socket = (SSLSocket) clients.as(OFFICIAL).socketFactory().createSocket("localhost", server.imapsPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            in.readLine();
            String other = java.util.Base64.getEncoder().encodeToString(OTHER.getBytes(StandardCharsets.UTF_8));
            out.write("a1 AUTHENTICATE EXTERNAL " + other + "\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("a1 NO").contains("[AUTHENTICATIONFAILED] AUTHZID_MISMATCH");
        }
    }

    @Test
    void saslExternalOverSmtpsIsAdvertisedOnlyWithACertificate() throws Exception {
        assertThat(smtpExternal(clients.as(OFFICIAL))).startsWith("235");
        assertThat(smtpExternal(clients.withoutCertificate())).isEqualTo("no EXTERNAL advertised");
    }

    private String smtpExternal(MailClients as) throws Exception {
        try (SSLSocket socket = (SSLSocket) as.socketFactory().createSocket("localhost", server.smtpsPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("220");
            out.write("EHLO client.test\r\n");
            out.flush();
            boolean external = false;
            String line;
            do {
                line = in.readLine();
                external |= line.contains("AUTH") && line.contains("EXTERNAL");
            } while (line.startsWith("250-"));
            if (!external) {
                return "no EXTERNAL advertised";
            }
            out.write("AUTH EXTERNAL =\r\n");
            out.flush();
            return in.readLine();
        }
    }

    @Test
    void pendingAccountCanLogInSendAndReceive() throws Exception {
        String pending = "park@" + DOMAIN;
        TestAccount account = server.enroll(pending, "박민수", PASSWORD);
        assertThat(server.webAdmin().send("PUT", "/govmail/accounts/" + pending + "/status",
            "{\"status\":\"SUSPENDED\",\"reason\":\"보안 점검\"}", true).statusCode()).isEqualTo(200);
        assertThat(server.webAdmin().send("PUT", "/govmail/accounts/" + pending + "/status",
            "{\"status\":\"APPROVED\"}", true).statusCode()).isEqualTo(200);
        // A freshly signed-up account is PENDING: provision one directly in that state.
        String fresh = "choi@" + DOMAIN;
        Issued issued = pki.issue(Scheme.GPKI, "최지훈", "행정안전부");
        HttpResponse<String> created = server.webAdmin().send("POST", "/govmail/accounts",
            "{\"id\":\"" + fresh + "\",\"name\":\"최지훈\",\"password\":\"" + PASSWORD + "\",\"status\":\"PENDING\",\"certificate\":"
                + org.govmail.server.testing.WebAdminClient.quote(Certificates.toPem(issued.certificate())) + "}", true);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"status\":\"PENDING\"");
        MailClients freshClients = presentingGpki(issued);

        MimeMessage message = new MimeMessage(freshClients.smtps());
        message.setFrom(new InternetAddress(fresh));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(fresh));
        message.setSubject("pending but working");
        message.setText("a pending account sends and receives");
        Transport transport = freshClients.smtps().getTransport("smtps");
        transport.connect(fresh, PASSWORD);
        transport.sendMessage(message, message.getAllRecipients());
        transport.close();

        Store store = freshClients.imaps().getStore();
        store.connect(fresh, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            int count = 0;
            while (count == 0 && Instant.now().isBefore(deadline)) {
                inbox.open(Folder.READ_ONLY);
                count = inbox.getMessageCount();
                inbox.close(false);
                Thread.sleep(200);
            }
            assertThat(count).isEqualTo(1);
        } finally {
            store.close();
        }
        assertThat(account.address()).isEqualTo(pending);
    }

    @Test
    void rejectedSuspendedAndRetiredAccountsAreRefused() throws Exception {
        for (String status : List.of("REJECTED", "SUSPENDED", "RETIRED")) {
            String address = status.toLowerCase() + "@" + DOMAIN;
            server.enroll(address, "정" + status.charAt(0) + "수", PASSWORD);
            assertThat(imapLogin(clients.as(address), address, PASSWORD)).isNull();
            if (status.equals("REJECTED")) {
                // Only a pending request can be rejected.
                String body = server.webAdmin().send("PUT", "/govmail/accounts/" + address + "/status", "{\"status\":\"REJECTED\"}", true).body();
                assertThat(body).contains("STATUS_TRANSITION_INVALID");
                continue;
            }
            HttpResponse<String> changed = server.webAdmin().send("PUT", "/govmail/accounts/" + address + "/status",
                "{\"status\":\"" + status + "\",\"reason\":\"test\"}", true);
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(imapLogin(clients.as(address), address, PASSWORD)).contains("ACCOUNT_" + status);
            assertThat(smtpLogin(clients.as(address), address, PASSWORD)).contains("ACCOUNT_" + status);
        }
        // A PENDING account that is rejected cannot log in.
        String rejected = "rej@" + DOMAIN;
        Issued issued = pki.issue(Scheme.GPKI, "한거절", "행정안전부");
        server.webAdmin().send("POST", "/govmail/accounts", "{\"id\":\"" + rejected + "\",\"name\":\"한거절\",\"password\":\""
            + PASSWORD + "\",\"status\":\"PENDING\",\"certificate\":"
            + org.govmail.server.testing.WebAdminClient.quote(Certificates.toPem(issued.certificate())) + "}", true);
        assertThat(server.webAdmin().send("PUT", "/govmail/accounts/" + rejected + "/status",
            "{\"status\":\"REJECTED\",\"reason\":\"not an official\"}", true).statusCode()).isEqualTo(200);
        assertThat(imapLogin(presentingGpki(issued), rejected, PASSWORD)).contains("ACCOUNT_REJECTED");
    }

    @Test
    void badCertificatesAreRefusedAtLoginWithTheirReason() throws Exception {
        Instant now = Instant.now();
        Issued expired = pki.issue(Scheme.GPKI, "김선우", "행정안전부",
            spec -> spec.validity(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1))));
        Issued notYetValid = pki.issue(Scheme.GPKI, "김선우", "행정안전부",
            spec -> spec.validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(400))));
        Issued npki = pki.issue(Scheme.NPKI, "김선우", "yessign");
        Issued selfSigned = PkiBuilder.selfSigned(PkiBuilder.UserSpec.user(
            DevPki.personSubject(Scheme.GPKI, "김선우", "행정안전부"), DevPki.GPKI_USER_POLICY));
        Authority strangerRoot = PkiBuilder.root("CN=Root CA, OU=GPKI, O=Government of Korea, C=KR", now.minusSeconds(60), now.plusSeconds(86400));
        Authority strangerCa = PkiBuilder.intermediate(strangerRoot, "CN=CA131000001, OU=GPKI, O=Government of Korea, C=KR",
            now.minusSeconds(60), now.plusSeconds(86400));
        Issued unknownRoot = PkiBuilder.issue(strangerCa, PkiBuilder.UserSpec.user(
            DevPki.personSubject(Scheme.GPKI, "김선우", "행정안전부"), DevPki.GPKI_USER_POLICY));

        assertThat(imapLogin(presentingGpki(expired), OFFICIAL, PASSWORD)).contains("CERT_EXPIRED");
        assertThat(imapLogin(presentingGpki(notYetValid), OFFICIAL, PASSWORD)).contains("CERT_NOT_YET_VALID");
        assertThat(imapLogin(presenting(npki, new X509CertificateChain(List.of(npki.certificate(), pki.ca(Scheme.NPKI).certificate()))),
            OFFICIAL, PASSWORD)).contains("CERT_NPKI_NOT_ACCEPTED");
        assertThat(imapLogin(presenting(selfSigned, new X509CertificateChain(List.of(selfSigned.certificate()))), OFFICIAL, PASSWORD))
            .contains("CERT_SELF_SIGNED");
        assertThat(smtpLogin(presenting(unknownRoot, new X509CertificateChain(List.of(unknownRoot.certificate(),
            strangerCa.certificate(), strangerRoot.certificate()))), OFFICIAL, PASSWORD)).contains("CERT_UNKNOWN_ISSUER");
    }

    @Test
    void registrationRefusesNpkiAndNameMismatchAndLeavesNothingBehind() throws Exception {
        Issued npki = pki.issue(Scheme.NPKI, "류시원", "yessign");
        HttpResponse<String> refused = server.webAdmin().createAccount("ryu@" + DOMAIN, "류시원", PASSWORD,
            Certificates.toPem(npki.certificate()));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"CERT_NPKI_NOT_ACCEPTED\"");

        Issued spaced = pki.issue(Scheme.GPKI, "류 시원", "행정안전부");
        HttpResponse<String> mismatch = server.webAdmin().createAccount("ryu@" + DOMAIN, "류시원", PASSWORD,
            Certificates.toPem(spaced.certificate()));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(mismatch.body()).contains("\"code\":\"CERT_NAME_MISMATCH\"");

        assertThat(server.webAdmin().get("/govmail/accounts/ryu@" + DOMAIN).statusCode()).isEqualTo(404);
        assertThat(server.webAdmin().send("PUT", "/users/someone@" + DOMAIN, "{\"password\":\"whatever123\"}", true).statusCode())
            .as("James' own user creation cannot bypass the certificate").isNotEqualTo(204);
    }

    @Test
    void revocationInANewCrlTakesEffectOnTheNextLoginWithoutRestart() throws Exception {
        String address = "revoked@" + DOMAIN;
        TestAccount account = server.enroll(address, "오해진", PASSWORD);
        assertThat(imapLogin(clients.as(address), address, PASSWORD)).isNull();
        Thread.sleep(1100); // let the CRL file's modification time move on coarse file systems
        pki.revoke(Scheme.GPKI, account.issued().certificate());
        assertThat(imapLogin(clients.as(address), address, PASSWORD)).contains("CERT_REVOKED");
        assertThat(smtpLogin(clients.as(address), address, PASSWORD)).contains("CERT_REVOKED");
    }

    @Test
    void revocationFromAnLdapDistributionPointAndRefusalWhenItIsGone() throws Exception {
        Authority epki = pki.ca(Scheme.EPKI);
        String caEntry = epki.subject().getName();
        String partitionEntry = "CN=dp2, " + caEntry;
        Instant start = Instant.now();
        Instant shortNextUpdate = start.plusSeconds(6);
        URI point = directory.publish(PkiBuilder.crl(epki, Map.of(), start.minusSeconds(60), shortNextUpdate));
        URI partition = directory.publish(partitionEntry, PkiBuilder.crl(epki, Map.of(), start.minusSeconds(60), shortNextUpdate));
        Issued teacher = pki.issue(Scheme.EPKI, "이영희", "서울특별시교육청", spec -> spec.distributionPoint(point));
        Issued leaving = pki.issue(Scheme.EPKI, "정민호", "서울특별시교육청", spec -> spec.distributionPoint(point));
        Issued partitioned = pki.issue(Scheme.EPKI, "한지민", "서울특별시교육청", spec -> spec.distributionPoint(partition));
        for (Object[] user : new Object[][] {{"teacher", "이영희", teacher}, {"leaving", "정민호", leaving}, {"part", "한지민", partitioned}}) {
            HttpResponse<String> created = server.webAdmin().createAccount(user[0] + "@" + DOMAIN, (String) user[1], PASSWORD,
                Certificates.toPem(((Issued) user[2]).certificate()));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        assertThat(imapLogin(presentingEpki(leaving), "leaving@" + DOMAIN, PASSWORD)).isNull();
        assertThat(imapLogin(presentingEpki(partitioned), "part@" + DOMAIN, PASSWORD)).isNull();

        // The authority revokes one certificate and its directory stops serving the other CRL.
        directory.publish(PkiBuilder.crl(epki, Map.of(leaving.certificate().getSerialNumber(), Instant.now()),
            Instant.now().minusSeconds(1), Instant.now().plus(Duration.ofHours(1))));
        directory.withdraw(partitionEntry);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), shortNextUpdate).toMillis()) + 500);

        assertThat(imapLogin(presentingEpki(leaving), "leaving@" + DOMAIN, PASSWORD)).contains("CERT_REVOKED");
        assertThat(smtpLogin(presentingEpki(leaving), "leaving@" + DOMAIN, PASSWORD)).contains("CERT_REVOKED");
        assertThat(imapLogin(presentingEpki(teacher), "teacher@" + DOMAIN, PASSWORD)).isNull();
        assertThat(imapLogin(presentingEpki(partitioned), "part@" + DOMAIN, PASSWORD)).contains("CERT_REVOCATION_UNAVAILABLE");

        // Without any revocation source the certificate is not accepted at registration either.
        Issued nowhere = pki.issue(Scheme.EPKI, "오세훈", "서울특별시교육청");
        HttpResponse<String> refused = server.webAdmin().createAccount("nowhere@" + DOMAIN, "오세훈", PASSWORD,
            Certificates.toPem(nowhere.certificate()));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("CERT_REVOCATION_UNAVAILABLE");
    }

    private MailClients presentingEpki(Issued issued) throws Exception {
        return presenting(issued, new X509CertificateChain(List.of(issued.certificate(), pki.ca(Scheme.EPKI).certificate())));
    }

    /** A ManageSieve (RFC 5804) conversation: STARTTLS, then AUTHENTICATE through the gate. */
    private final class SieveConversation implements AutoCloseable {
        private java.net.Socket socket;
        private BufferedReader in;
        private Writer out;

        SieveConversation(MailClients as) throws Exception {
            socket = new java.net.Socket("localhost", server.manageSievePort());
            attach();
            assertThat(untilStatus()).startsWith("OK");
            assertThat(command("STARTTLS")).startsWith("OK");
            SSLSocket tls = (SSLSocket) as.socketFactory().createSocket(socket, "localhost", server.manageSievePort(), true);
            tls.startHandshake();
            socket = tls;
            attach();
        }

        /** Like a client that has not upgraded: AUTHENTICATE in clear. */
        SieveConversation() throws Exception {
            socket = new java.net.Socket("localhost", server.manageSievePort());
            attach();
            untilStatus();
        }

        private void attach() throws Exception {
            socket.setSoTimeout(30_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
        }

        String command(String line) throws Exception {
            out.write(line + "\r\n");
            out.flush();
            return untilStatus();
        }

        /** Every response line up to and including the status line (OK, NO, BYE or a "" challenge). */
        String untilStatus() throws Exception {
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                all.append(line).append('\n');
                if (line.startsWith("OK") || line.startsWith("NO") || line.startsWith("BYE") || line.equals("\"\"")) {
                    return line + "\n" + all;
                }
            }
            return "EOF\n" + all;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static String plain(String user, String password) {
        return java.util.Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void manageSieveLogsInThroughTheGateAndStoresAScript() throws Exception {
        try (SieveConversation sieve = new SieveConversation(clients.as(OFFICIAL))) {
            assertThat(sieve.command("CAPABILITY")).contains("\"SASL\" \"PLAIN EXTERNAL\"");
            assertThat(sieve.command("AUTHENTICATE \"EXTERNAL\" \"\"")).startsWith("OK");
            String script = "require \"fileinto\";\r\nif header :contains \"subject\" \"[외부메일]\" { fileinto \"INBOX\"; }\r\n";
            int length = script.getBytes(StandardCharsets.UTF_8).length;
            assertThat(sieve.command("PUTSCRIPT \"govmail\" {" + length + "+}\r\n" + script)).startsWith("OK");
            assertThat(sieve.command("LISTSCRIPTS")).contains("\"govmail\"").startsWith("OK");
            assertThat(sieve.command("GETSCRIPT \"govmail\"")).startsWith("OK").contains("[외부메일]");
        }
        try (SieveConversation sieve = new SieveConversation(clients.as(OFFICIAL))) {
            // PLAIN in two steps: an empty challenge, then the response.
            assertThat(sieve.command("AUTHENTICATE \"PLAIN\"")).startsWith("\"\"");
            assertThat(sieve.command("\"" + plain(OFFICIAL, PASSWORD) + "\"")).startsWith("OK");
            assertThat(sieve.command("LISTSCRIPTS")).contains("\"govmail\"");
        }
    }

    @Test
    void manageSieveRefusesWhatTheGateRefuses() throws Exception {
        try (SieveConversation sieve = new SieveConversation(clients.withoutCertificate())) {
            assertThat(sieve.command("AUTHENTICATE \"PLAIN\" \"" + plain(OFFICIAL, PASSWORD) + "\""))
                .startsWith("NO").contains("CLIENT_CERT_MISSING");
            assertThat(sieve.command("LISTSCRIPTS")).startsWith("NO");
        }
        try (SieveConversation sieve = new SieveConversation(clients.as(OTHER))) {
            assertThat(sieve.command("AUTHENTICATE \"PLAIN\" \"" + plain(OFFICIAL, PASSWORD) + "\""))
                .startsWith("NO").contains("CERT_NOT_REGISTERED_TO_ACCOUNT");
            assertThat(sieve.command("AUTHENTICATE \"DIGEST-MD5\"")).startsWith("NO").contains("MECHANISM_UNSUPPORTED");
        }
        try (SieveConversation clear = new SieveConversation()) {
            assertThat(clear.command("AUTHENTICATE \"PLAIN\" \"" + plain(OFFICIAL, PASSWORD) + "\""))
                .startsWith("NO").contains("TLS_REQUIRED");
        }
    }

    @Test
    void jmxProvisionsThroughTheSameServiceAndRefusesWithReasonCodes() throws Exception {
        javax.management.remote.JMXServiceURL url = new javax.management.remote.JMXServiceURL(
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + server.jmxPort() + "/jmxrmi");
        Map<String, Object> environment = Map.of(javax.management.remote.JMXConnector.CREDENTIALS,
            new String[] {"james-admin", server.adminSecret()});
        try (javax.management.remote.JMXConnector connector = javax.management.remote.JMXConnectorFactory.connect(url, environment)) {
            org.govmail.auth.admin.AccountManagementMBean accounts = javax.management.JMX.newMBeanProxy(
                connector.getMBeanServerConnection(),
                new javax.management.ObjectName(org.govmail.auth.admin.AccountManagement.OBJECT_NAME),
                org.govmail.auth.admin.AccountManagementMBean.class);
            Issued issued = pki.issue(Scheme.GPKI, "윤서연", "행정안전부");
            String pem = Certificates.toPem(issued.certificate());
            assertThat(refusal(() -> accounts.createAccount("yoon@" + DOMAIN, "윤서연", "행정안전부", "PENDING", PASSWORD, pem)))
                .as("institutions are named by their registered code").startsWith("INSTITUTION_NOT_FOUND");
            String created = accounts.createAccount("yoon@" + DOMAIN, "윤서연", "", "PENDING", PASSWORD, pem);
            assertThat(created).contains("\"status\":\"PENDING\"").contains(Certificates.fingerprint(issued.certificate()));
            assertThat(accounts.changeStatus("yoon@" + DOMAIN, "APPROVED", "checked by phone")).contains("\"status\":\"APPROVED\"");
            assertThat(accounts.listAccounts("APPROVED", 0)).anyMatch(line -> line.contains("yoon@" + DOMAIN));
            assertThat(imapLogin(presentingGpki(issued), "yoon@" + DOMAIN, PASSWORD)).isNull();

            assertThat(refusal(() -> accounts.createAccount("yoon@" + DOMAIN, "윤서연", "", "APPROVED", PASSWORD, pem)))
                .startsWith("ACCOUNT_EXISTS");
            assertThat(refusal(() -> accounts.createAccount("new@" + DOMAIN, "윤서연", "", "APPROVED", PASSWORD, pem)))
                .as("a certificate belongs to one account").startsWith("CERT_ALREADY_REGISTERED");
            Issued fresh = pki.issue(Scheme.GPKI, "강민준", "행정안전부");
            String freshPem = Certificates.toPem(fresh.certificate());
            assertThat(refusal(() -> accounts.createAccount("kang@" + DOMAIN, "강민준", "", "APPROVED", "short", freshPem)))
                .startsWith("PASSWORD_TOO_WEAK");
            assertThat(refusal(() -> accounts.createAccount("Kang Min@" + DOMAIN, "강민준", "", "APPROVED", PASSWORD, freshPem)))
                .startsWith("ACCOUNT_ID_INVALID");
            assertThat(refusal(() -> accounts.createAccount("kang@elsewhere.test", "강민준", "", "APPROVED", PASSWORD, freshPem)))
                .startsWith("ACCOUNT_ID_INVALID");
            assertThat(refusal(() -> accounts.createAccount("kang@" + DOMAIN, "강민준", "", "APPROVED", PASSWORD, "not a certificate")))
                .startsWith("CERT_MALFORMED");
            assertThat(refusal(() -> accounts.getAccount("kang@" + DOMAIN))).startsWith("ACCOUNT_NOT_FOUND");
            assertThat(refusal(() -> accounts.changeStatus("yoon@" + DOMAIN, "PENDING", ""))).startsWith("STATUS_TRANSITION_INVALID");
            assertThat(refusal(() -> accounts.changeStatus("yoon@" + DOMAIN, "ON_HOLIDAY", ""))).startsWith("REQUEST_INVALID");

            String fingerprint = Certificates.fingerprint(issued.certificate());
            assertThat(accounts.revokeCertificate("yoon@" + DOMAIN, fingerprint, "retired")).contains("\"active\":false");
            assertThat(imapLogin(presentingGpki(issued), "yoon@" + DOMAIN, PASSWORD)).contains("CERT_NOT_REGISTERED_TO_ACCOUNT");
        }
        // The same refusals over REST, where a body that is not JSON has its own code.
        HttpResponse<String> notJson = server.webAdmin().send("POST", "/govmail/accounts", "{\"id\": ", true);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.body()).contains("\"code\":\"REQUEST_INVALID\"");
    }

    private static String refusal(org.junit.jupiter.api.function.ThrowingSupplier<String> call) {
        try {
            return "accepted: " + call.get();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Throwable e) {
            return "unexpected " + e;
        }
    }
}
