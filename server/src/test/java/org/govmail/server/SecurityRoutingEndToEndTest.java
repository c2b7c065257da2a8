package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govmail.server.testing.RestAnswers.created;
import static org.govmail.server.testing.RestAnswers.json;
import static org.govmail.server.testing.RestAnswers.ok;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.mailets.testing.TestDnsServer;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.PeerTls;
import org.govmail.server.testing.TestSmtpPeer;
import org.govmail.server.testing.TestSmtpPeer.Received;
import org.govmail.server.testing.WebAdminClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * The security routing on the real server, with real SMTP peers on loopback standing in for another
 * ministry's server (STARTTLS with its own CA, which govmail trusts) and for the outside internet, and a
 * real DNS server answering the SPF, DKIM and DMARC lookups.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityRoutingEndToEndTest {
    private static final String DOMAIN = "korea.kr";
    private static final String KIM = "kim@korea.kr";
    private static final String LEE = "lee@korea.kr";
    private static final String PARK = "park@korea.kr";
    private static final String CHOI = "choi@korea.kr";
    private static final String PASSWORD = "routing test password";
    private static final String MINISTRY_PEER = "colleague@moe.go.kr";
    private static final String OUTSIDE_FRIEND = "friend@outside.example";
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path installation;
    static GovmailProcess server;
    static TestDnsServer dns;
    static PeerTls ministryTls;
    static TestSmtpPeer ministry;
    static TestSmtpPeer outside;
    static KeyPair outsideDkim;

    @BeforeAll
    static void start() throws Exception {
        ministryTls = PeerTls.generate("Ministry of Education Mail CA");
        ministry = TestSmtpPeer.start(Optional.of(ministryTls));
        outside = TestSmtpPeer.start(Optional.of(PeerTls.generate("Some Outside CA")));
        outsideDkim = PkiBuilder.rsaKeyPair();
        server = GovmailProcess.prepare(installation);
        dns = server.dns();
        dns.txt("outside.example", "v=spf1 ip4:127.0.0.1 -all");
        dns.txt("_dmarc.outside.example", "v=DMARC1; p=reject");
        dns.txt("sel._domainkey.outside.example", "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(outsideDkim.getPublic().getEncoded()));
        dns.txt("moe.go.kr", "v=spf1 ip4:127.0.0.1 -all");
        dns.txt("_dmarc.moe.go.kr", "v=DMARC1; p=reject");
        dns.txt("mois.go.kr", "v=spf1 ip4:192.0.2.10 -all");
        dns.txt("_dmarc.mois.go.kr", "v=DMARC1; p=reject");

        Files.writeString(installation.resolve("conf/ministry-ca.pem"), ministryTls.authorityPem());
        server.editConf("govmail-routing.xml", xml -> xml
                .replace("<peerTrust system=\"true\"/>", "<peerTrust system=\"false\" certificates=\"file://conf/ministry-ca.pem\"/>")
                .replace("<rateLimits window=\"PT1H\" approved=\"500\" pending=\"50\"/>", "<rateLimits window=\"PT1H\" approved=\"3\" pending=\"1\"/>"))
            .editConf("mailetcontainer.xml", xml -> xml
                .replace("<!-- <gateway>gw.mail.go.kr:25</gateway> -->", "<gateway>localhost:" + ministry.port() + "</gateway>")
                .replace("<delayTime>2 * 1 minute, 3 * 10 minutes, 6 * 1 hour</delayTime>", "<delayTime>30 * 2 seconds</delayTime>")
                .replace("<maxRetries>11</maxRetries>", "<maxRetries>30</maxRetries>")
                .replace("<outgoing>outgoing</outgoing>", "<outgoing>outgoing</outgoing>\n<gateway>localhost:" + outside.port() + "</gateway>"));
        server.start();
        server.webAdmin().addDomain(DOMAIN);
        server.enroll(KIM, "김공무", PASSWORD);
        server.enroll(LEE, "이공무", PASSWORD);
        server.enroll(PARK, "박공무", PASSWORD);
        server.enroll(CHOI, "최신규", PASSWORD, "PENDING");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {ministry, outside}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    @Order(1)
    void outsideMailIsAuthenticatedMarkedAndDelivered() throws Exception {
        byte[] signed = dkimSigned(outsideMessage("news@outside.example", KIM, "주간 소식", "본문입니다."), "outside.example", "sel", outsideDkim);
        sendToMx("news@outside.example", KIM, signed);
        MimeMessage delivered = awaitMessage(KIM, "주간 소식");
        assertThat(delivered.getSubject()).isEqualTo("[외부메일] 주간 소식");
        assertThat(delivered.getHeader("X-Govmail-Origin")).containsExactly("outside");
        String results = String.join("\n", delivered.getHeader("Authentication-Results"));
        assertThat(results).contains("spf=pass", "dkim=pass", "header.d=outside.example", "dmarc=pass");

        // Signed, then changed on the way: DKIM fails, SPF still aligns, so DMARC passes and it is delivered.
        byte[] altered = new String(dkimSigned(outsideMessage("news@outside.example", KIM, "변조된 소식", "원래 본문"), "outside.example", "sel", outsideDkim),
            StandardCharsets.ISO_8859_1).replace("Subject:", "X-Added: yes\r\nSubject:").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tampered = replaceBody(altered);
        sendToMx("news@outside.example", KIM, tampered);
        MimeMessage failed = awaitMessage(KIM, "변조된 소식");
        assertThat(String.join("\n", failed.getHeader("Authentication-Results"))).contains("dkim=fail", "spf=pass");
    }

    @Test
    @Order(2)
    void governmentMailIsNotMarkedButAForgedMinistrySenderIsRejectedByItsDmarcPolicy() throws Exception {
        sendToMx("teacher@moe.go.kr", KIM, outsideMessage("teacher@moe.go.kr", KIM, "교육부 협조 공문", "협조 바랍니다."));
        MimeMessage genuine = awaitMessage(KIM, "교육부 협조 공문");
        assertThat(genuine.getSubject()).isEqualTo("교육부 협조 공문");
        assertThat(genuine.getHeader("X-Govmail-Origin")).isNull();

        int rejectedBefore = repositorySize("var/mail/dmarc-rejected");
        sendToMx("minister@mois.go.kr", KIM, outsideMessage("minister@mois.go.kr", KIM, "장관 지시 사항(위조)", "송금 바랍니다."));
        awaitRepositorySize("var/mail/dmarc-rejected", rejectedBefore + 1);
        assertThat(subjects(KIM)).noneMatch(subject -> subject.contains("장관 지시 사항"));
    }

    @Test
    @Order(3)
    void aDangerousAttachmentIsQuarantinedTheRecipientToldAndAnAdministratorCanReleaseIt() throws Exception {
        String boundary = "govmail-test-boundary";
        byte[] message = (headers("news@outside.example", LEE, "견적서 송부")
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
            + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString("첨부 확인 바랍니다.".getBytes(StandardCharsets.UTF_8)) + "\r\n"
            + "--" + boundary + "\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            + "Content-Disposition: attachment; filename*=UTF-8''" + URLEncoder.encode("견적서.pdf.exe", StandardCharsets.UTF_8) + "\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(new byte[] {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0}) + "\r\n"
            + "--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        int quarantined = repositorySize("var/mail/quarantine");
        sendToMx("news@outside.example", LEE, message);
        awaitRepositorySize("var/mail/quarantine", quarantined + 1);
        MimeMessage notice = awaitMessage(LEE, "[격리/Quarantined]");
        assertThat(text(notice)).contains("견적서");
        assertThat(subjects(LEE)).noneMatch(subject -> subject.equals("[외부메일] 견적서 송부"));

        JsonNode task = json(created(server.webAdmin().send("PATCH", "/mailRepositories/" + encode("var/mail/quarantine")
            + "/mails?action=reprocess&processor=transport", null, true)));
        ok(server.webAdmin().get("/tasks/" + task.path("taskId").asText() + "/await"));
        Instant deadline = Instant.now().plus(WAIT);
        while (!subjects(LEE).contains("[외부메일] 견적서 송부") && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        assertThat(subjects(LEE)).as("the released mail is delivered").contains("[외부메일] 견적서 송부");
        assertThat(repositorySize("var/mail/quarantine")).isZero();
    }

    @Test
    @Order(4)
    void mailToTheOutsideIsDkimSignedJournaledAndDelivered() throws Exception {
        int journal = repositorySize("var/mail/journal");
        submit(KIM, KIM, List.of(OUTSIDE_FRIEND), "외부 회신", Optional.empty());
        Received received = awaitPeer(outside, "외부 회신");
        assertThat(received.recipients()).containsExactly(OUTSIDE_FRIEND);
        assertThat(received.tls()).isTrue();
        assertThat(verifiedDkimDomains(received)).containsExactly(DOMAIN);
        assertThat(received.text()).doesNotContain("X-Govmail-Delivery-Id");
        assertThat(ministry.received()).as("outside mail never takes the ministry route").noneMatch(mail -> decodedSubject(mail).contains("외부 회신"));
        awaitRepositorySize("var/mail/journal", journal + 1);
    }

    @Test
    @Order(5)
    void classifiedMailIsRefusedForTheOutsideAndDeliveredToAnotherMinistryOverVerifiedTls() throws Exception {
        submit(KIM, KIM, List.of(OUTSIDE_FRIEND, MINISTRY_PEER), "[대외비] 예산 협의", Optional.empty());
        Received atMinistry = awaitPeer(ministry, "예산 협의");
        assertThat(atMinistry.recipients()).containsExactly(MINISTRY_PEER);
        assertThat(atMinistry.tls()).isTrue();
        assertThat(atMinistry.tlsProtocol()).isIn("TLSv1.2", "TLSv1.3");
        assertThat(atMinistry.text()).contains("X-Govmail-Route: inter-ministry; tls=required; peer=verified");
        assertThat(verifiedDkimDomains(atMinistry)).containsExactly(DOMAIN);

        MimeMessage bounce = awaitMessage(KIM, "[반송/Undeliverable] [대외비] 예산 협의");
        assertThat(text(bounce)).contains(OUTSIDE_FRIEND, "[대외비]").doesNotContain(MINISTRY_PEER + "에게");
        assertThat(outside.received()).noneMatch(mail -> mail.text().contains("=?UTF-8?") && decodedSubject(mail).contains("예산 협의"));
        assertThat(repositorySize("var/mail/refused-classified")).isEqualTo(1);

        // The same policy for a classification header instead of a subject marker.
        submit(KIM, KIM, List.of(OUTSIDE_FRIEND), "예산 자료", Optional.of("대외비"));
        assertThat(text(awaitMessage(KIM, "[반송/Undeliverable] 예산 자료"))).contains("X-Security-Classification: 대외비");
        assertThat(repositorySize("var/mail/refused-classified")).isEqualTo(2);
    }

    @Test
    @Order(6)
    void aFromAddressThatIsNotTheSendersOwnIsRefused() throws Exception {
        submit(KIM, PARK, List.of(PARK, OUTSIDE_FRIEND), "박공무 명의 메일", Optional.empty());
        MimeMessage bounce = awaitMessage(KIM, "[반송/Undeliverable] 박공무 명의 메일");
        assertThat(text(bounce)).contains(PARK);
        assertThat(subjects(PARK)).noneMatch(subject -> subject.contains("박공무 명의 메일"));
        assertThat(outside.received()).noneMatch(mail -> decodedSubject(mail).contains("박공무 명의 메일"));
    }

    @Test
    @Order(7)
    void outsideRecipientsPerSenderAreLimited() throws Exception {
        submit(LEE, LEE, List.of("a@outside.example", "b@outside.example", "c@outside.example"), "한도 안", Optional.empty());
        awaitPeer(outside, "한도 안");
        submit(LEE, LEE, List.of("d@outside.example"), "한도 초과", Optional.empty());
        MimeMessage bounce = awaitMessage(LEE, "[반송/Undeliverable] 한도 초과");
        assertThat(text(bounce)).contains("d@outside.example", "3");
        assertThat(outside.received()).noneMatch(mail -> decodedSubject(mail).contains("한도 초과"));
        assertThat(repositorySize("var/mail/rate-limited")).isEqualTo(1);
    }

    @Test
    @Order(8)
    void aPendingAccountHasTheStricterLimit() throws Exception {
        submit(CHOI, CHOI, List.of("e@outside.example"), "승인 대기 중 첫 메일", Optional.empty());
        awaitPeer(outside, "승인 대기 중 첫 메일");
        submit(CHOI, CHOI, List.of("f@outside.example"), "승인 대기 중 둘째 메일", Optional.empty());
        MimeMessage bounce = awaitMessage(CHOI, "[반송/Undeliverable] 승인 대기 중 둘째 메일");
        assertThat(text(bounce)).contains("f@outside.example", "1 (pending account)");
        // Mail inside the government is not limited.
        submit(CHOI, CHOI, List.of(KIM), "승인 대기 중 내부 메일", Optional.empty());
        awaitMessage(KIM, "승인 대기 중 내부 메일");
    }

    @Test
    @Order(9)
    void aMinistryRouteWithoutVerifiedTlsIsDeferredNeverSentInClear() throws Exception {
        int port = ministry.port();
        ministry.close();
        try (TestSmtpPeer plain = TestSmtpPeer.start(port, Optional.empty())) {
            submit(KIM, KIM, List.of(MINISTRY_PEER), "평문 금지", Optional.empty());
            Instant deadline = Instant.now().plus(WAIT);
            while (plain.sessions() < 2 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(plain.sessions()).as("delivery attempts to the peer without TLS").isGreaterThanOrEqualTo(2);
            assertThat(plain.received()).isEmpty();
        }
        try (TestSmtpPeer untrusted = TestSmtpPeer.start(port, Optional.of(PeerTls.generate("Unknown CA")))) {
            Instant deadline = Instant.now().plus(WAIT);
            while (untrusted.sessions() < 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            assertThat(untrusted.sessions()).as("delivery attempts to the peer with an unverifiable certificate").isGreaterThanOrEqualTo(1);
            Thread.sleep(3000);
            assertThat(untrusted.received()).isEmpty();
        }
        Instant queued = Instant.now().plus(Duration.ofSeconds(10));
        long size = 0;
        while ((size = json(ok(server.webAdmin().get("/mailQueues/outgoing-inter-ministry"))).path("size").asLong()) != 1
                && Instant.now().isBefore(queued)) {
            Thread.sleep(100);
        }
        assertThat(size).as("the deferred mail waits in the inter-ministry queue").isEqualTo(1);
        ministry = TestSmtpPeer.start(port, Optional.of(ministryTls));
        Received delivered = awaitPeer(ministry, "평문 금지");
        assertThat(delivered.tls()).isTrue();
    }

    // ---- helpers ----

    /** A message as another server would send it, composed byte for byte (base64 UTF-8 body). */
    private static byte[] outsideMessage(String from, String to, String subject, String body) {
        return (headers(from, to, subject) + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String headers(String from, String to, String subject) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: =?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8))
            + "?=\r\nDate: " + java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now())
            + "\r\nMessage-ID: <" + java.util.UUID.randomUUID() + "@" + from.substring(from.indexOf('@') + 1) + ">\r\nMIME-Version: 1.0\r\n";
    }

    private static byte[] dkimSigned(byte[] raw, String domain, String selector, KeyPair key) throws Exception {
        String header = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
            + "; h=from:to:subject:date:message-id; bh=; b=;", key.getPrivate()).sign(new ByteArrayInputStream(raw));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((header + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(raw);
        return out.toByteArray();
    }

    /** The same message with its (base64) body replaced: what a tampering relay would do. */
    private static byte[] replaceBody(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int body = text.indexOf("\r\n\r\n") + 4;
        return (text.substring(0, body) + Base64.getEncoder().encodeToString("바뀐 본문".getBytes(StandardCharsets.UTF_8)) + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Another server delivering on the MX port: the bytes as they are (no re-encoding, no new Message-ID). */
    private static void sendToMx(String mailFrom, String to, byte[] raw) throws Exception {
        Session session = new MailClients(server).mx();
        session.getProperties().put("mail.smtp.from", mailFrom);
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
        }
    }

    private static void submit(String login, String from, List<String> to, String subject, Optional<String> classification) throws Exception {
        MailClients clients = new MailClients(server, server.account(login).pkcs12());
        Session session = clients.submission();
        session.getProperties().put("mail.smtp.from", login);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        if (classification.isPresent()) {
            // encoded as mail clients write non-ASCII header values (RFC 2047)
            message.setHeader("X-Security-Classification", jakarta.mail.internet.MimeUtility.encodeText(classification.get(), "UTF-8", "B"));
        }
        message.setText("안녕하세요.\n업무 협조 부탁드립니다.\n", "UTF-8");
        message.saveChanges();
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(login, PASSWORD);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    private static MimeMessage awaitMessage(String user, String subjectPart) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            try {
                Optional<MimeMessage> found = find(user, subjectPart);
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (jakarta.mail.MessagingException e) {
                // a delivery landed between SELECT and FETCH: look again
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no message with subject containing '" + subjectPart + "' for " + user + "; has " + subjects(user));
    }

    private static Optional<MimeMessage> find(String user, String subjectPart) throws Exception {
        Store store = new MailClients(server, server.account(user).pkcs12()).imaps().getStore();
        store.connect(user, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                if (message.getSubject() != null && message.getSubject().contains(subjectPart)) {
                    MimeMessage copy = new MimeMessage((MimeMessage) message);
                    inbox.close(false);
                    return Optional.of(copy);
                }
            }
            inbox.close(false);
            return Optional.empty();
        } finally {
            store.close();
        }
    }

    private static List<String> subjects(String user) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return subjectsOnce(user);
            } catch (jakarta.mail.MessagingException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(300); // a delivery landed between SELECT and FETCH
            }
        }
    }

    private static List<String> subjectsOnce(String user) throws Exception {
        Store store = new MailClients(server, server.account(user).pkcs12()).imaps().getStore();
        store.connect(user, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : inbox.getMessages()) {
                subjects.add(String.valueOf(message.getSubject()));
            }
            inbox.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }

    private static String text(Part part) throws Exception {
        if (part.isMimeType("text/*")) {
            return String.valueOf(part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(text(multipart.getBodyPart(i))).append('\n');
            }
            return text.toString();
        }
        return "";
    }

    private static Received awaitPeer(TestSmtpPeer peer, String subjectPart) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (Received mail : peer.received()) {
                if (decodedSubject(mail).contains(subjectPart)) {
                    return mail;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the peer received no message with subject containing '" + subjectPart + "'; it has "
            + peer.received().stream().map(SecurityRoutingEndToEndTest::decodedSubject).toList());
    }

    private static String decodedSubject(Received mail) {
        try {
            String subject = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mail.data())).getSubject();
            return subject == null ? "" : subject;
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Verifies the received bytes with the public key govmail wrote beside its generated DKIM key. */
    private static List<String> verifiedDkimDomains(Received mail) throws Exception {
        String published = Files.readString(installation.resolve("conf/dkim/" + DOMAIN + ".dns.txt"));
        String record = published.substring(published.indexOf('"') + 1, published.lastIndexOf('"'));
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertThat(selector + "._domainkey." + domain).isEqualTo("govmail._domainkey." + DOMAIN);
            return List.of(record);
        });
        List<String> domains = new ArrayList<>();
        for (SignatureRecord signature : verifier.verify(new ByteArrayInputStream(mail.data()))) {
            domains.add(signature.getDToken().toString());
        }
        return domains;
    }

    private static String encode(String repository) {
        return URLEncoder.encode(repository, StandardCharsets.UTF_8);
    }

    private static int repositorySize(String repository) throws Exception {
        WebAdminClient admin = server.webAdmin();
        var response = admin.get("/mailRepositories/" + encode(repository));
        if (response.statusCode() == 404) {
            return 0;
        }
        return json(ok(response)).path("size").asInt();
    }

    private static void awaitRepositorySize(String repository, int size) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (repositorySize(repository) < size && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
        }
        assertThat(repositorySize(repository)).as(repository).isEqualTo(size);
    }
}
