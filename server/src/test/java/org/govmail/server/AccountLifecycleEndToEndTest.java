package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.govmail.server.testing.RestAnswers.assertRefused;
import static org.govmail.server.testing.RestAnswers.created;
import static org.govmail.server.testing.RestAnswers.json;
import static org.govmail.server.testing.RestAnswers.ok;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.net.ssl.SSLSocket;

import org.govmail.auth.admin.AccountManagement;
import org.govmail.auth.admin.AccountManagementMBean;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.DevPki.Scheme;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.testing.TestIdentityProvider;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;
import org.govmail.server.testing.WebAdminClient;
import org.govmail.server.testing.WebLoginClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;

/**
 * Sign-up, approval and the account lifecycle on the real server, driven over REST the way the web front
 * end does, with identity assertions signed by the server's development identity provider and GPKI/EPKI/
 * NPKI certificates from its development PKI; mail over IMAPS and SMTPS with client certificates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountLifecycleEndToEndTest {
    private static final String MOIS = "1741000";
    private static final String KOSTAT = "1240000";
    private static final String KEPCO = "B552000";
    private static final String MOIS_DOMAIN = "mois.go.test";
    private static final String KOSTAT_DOMAIN = "kostat.go.test";
    private static final String ADMIN_MOIS = "admin@" + MOIS_DOMAIN;
    private static final String ADMIN_KOSTAT = "boss@" + KOSTAT_DOMAIN;
    private static final String PASSWORD = "correct horse battery";
    private static final LocalDate BIRTH_DATE = LocalDate.of(1985, 3, 1);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private DevPki pki;
    private TestIdentityProvider identity;
    private final AtomicInteger clientAddresses = new AtomicInteger(10);

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(installation);
        Path auth = installation.resolve("conf/govmail-auth.xml");
        Files.writeString(auth, Files.readString(auth).replace("maxFailures=\"10\"", "maxFailures=\"100000\""));
        // Many certificate logins from one address and account in a minute: the web login's rate limits are tested elsewhere.
        Path tokens = installation.resolve("conf/govmail-tokens.xml");
        Files.writeString(tokens, Files.readString(tokens).replace("perAddressPerMinute=\"30\" perAccountPerMinute=\"10\"",
            "perAddressPerMinute=\"100000\" perAccountPerMinute=\"100000\""));
        // Each test signs up from its own (forwarded) client address, so the rate limit test counts only its own calls.
        Path lifecycle = installation.resolve("conf/govmail-lifecycle.xml");
        String conf = Files.readString(lifecycle);
        assertThat(conf).contains("trustedProxies=\"\"");
        Files.writeString(lifecycle, conf.replace("trustedProxies=\"\"", "trustedProxies=\"127.0.0.1\""));
        server.start();
        pki = server.devPki();
        identity = TestIdentityProvider.development(installation);
        WebAdminClient admin = server.webAdmin();
        admin.addDomain(MOIS_DOMAIN);
        admin.addDomain(KOSTAT_DOMAIN);
        admin.addDomain("kepco.go.test");
        created(admin.send("POST", "/govmail/institutions",
            "{\"code\":\"" + MOIS + "\",\"name\":\"행정안전부\",\"type\":\"CENTRAL_MINISTRY\",\"domains\":[\"" + MOIS_DOMAIN + "\"]}", true));
        created(admin.send("POST", "/govmail/institutions",
            "{\"code\":\"" + KOSTAT + "\",\"name\":\"통계청\",\"type\":\"CENTRAL_MINISTRY\",\"domains\":[\"" + KOSTAT_DOMAIN + "\"]}", true));
        created(admin.send("POST", "/govmail/institutions",
            "{\"code\":\"" + KEPCO + "\",\"name\":\"한국전력공사\",\"type\":\"PUBLIC_INSTITUTION\",\"domains\":[\"kepco.go.test\"]}", true));
        server.enroll(ADMIN_MOIS, "정관리", PASSWORD);
        server.enroll(ADMIN_KOSTAT, "최통계", PASSWORD);
        ok(admin.send("PUT", "/govmail/institutions/" + MOIS + "/administrators/" + ADMIN_MOIS,
            "{\"name\":\"정관리\",\"phone\":\"044-205-1234\"}", true));
        ok(admin.send("PUT", "/govmail/institutions/" + KOSTAT + "/administrators/" + ADMIN_KOSTAT,
            "{\"name\":\"최통계\",\"phone\":\"042-481-2000\"}", true));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fourStepSignupMakesAPendingAccountThatMailsAtOnceAndOnlyItsOwnAdministratorApproves() throws Exception {
        Map<String, String> client = newClient();
        WebAdminClient api = server.publicApi();
        JsonNode terms = json(api.send("GET", "/govmail/public/terms", null, false, client));
        assertThat(terms.findValuesAsText("id")).contains("service", "privacy");

        // Step 1: terms and account type.
        JsonNode started = json(created(api.send("POST", "/govmail/public/signup", termsBody("INDIVIDUAL", ""), false, client)));
        assertThat(started.path("step").asText()).isEqualTo("TERMS_ACCEPTED");
        Map<String, String> session = with(client, "X-Signup-Token", started.path("token").asText());
        // Step 3 before step 2 is refused.
        Issued certificate = pki.issue(Scheme.GPKI, "김선우", "행정안전부");
        assertRefused(api.send("POST", "/govmail/public/signup/information", information("김선우", MOIS, "sunwoo", certificate), false, session),
            409, "SIGNUP_STEP_OUT_OF_ORDER");
        // Step 2: identity by a provider's signed assertion.
        JsonNode verified = json(ok(api.send("POST", "/govmail/public/signup/identity",
            "{\"assertion\":\"" + assertion("김선우", "mobile") + "\"}", false, session)));
        assertThat(verified.path("step").asText()).isEqualTo("IDENTITY_VERIFIED");
        assertThat(verified.path("verifiedName").asText()).isEqualTo("김선우");
        // Step 3: information and certificate; the id is announced as immutable.
        JsonNode entered = json(ok(api.send("POST", "/govmail/public/signup/information",
            information("김선우", MOIS, "sunwoo", certificate), false, session)));
        assertThat(entered.path("accountId").asText()).isEqualTo("sunwoo@" + MOIS_DOMAIN);
        assertThat(entered.path("notice").asText()).contains("변경할 수 없습니다");
        // Step 4: submit.
        JsonNode account = json(created(api.send("POST", "/govmail/public/signup/submit", null, false, session)));
        String id = "sunwoo@" + MOIS_DOMAIN;
        assertThat(account.path("id").asText()).isEqualTo(id);
        assertThat(account.path("status").asText()).isEqualTo("PENDING");
        assertRefused(api.send("POST", "/govmail/public/signup/submit", null, false, session), 404, "SIGNUP_SESSION_NOT_FOUND");

        // Pending: logs in, sends and receives at once.
        TestAccount user = account(id, "김선우", certificate);
        MailClients userClients = new MailClients(server, user.pkcs12());
        send(userClients, id, ADMIN_MOIS, "pending-hello");
        send(new MailClients(server, server.account(ADMIN_MOIS).pkcs12()), ADMIN_MOIS, id, "welcome-pending");
        assertThat(new ImapProbe(userClients, id, PASSWORD).awaitCount(new SubjectTerm("welcome-pending"), n -> n == 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
        // The institution's administrator was told.
        ImapProbe adminInbox = new ImapProbe(new MailClients(server, server.account(ADMIN_MOIS).pkcs12()), ADMIN_MOIS, PASSWORD);
        assertThat(adminInbox.awaitSubject("가입 승인 요청: 김선우", 1, Duration.ofSeconds(30))).isEqualTo(1);

        // Another institution's administrator neither sees nor decides; the own one does.
        WebAdminClient kostatAdmin = server.webAdminAs(server.account(ADMIN_KOSTAT).issued());
        assertThat(json(ok(kostatAdmin.get("/govmail/accounts?status=PENDING"))).findValuesAsText("id")).doesNotContain(id);
        assertRefused(kostatAdmin.send("POST", "/govmail/accounts/" + id + "/approve", null, true), 403, "FORBIDDEN");
        assertRefused(kostatAdmin.get("/govmail/accounts?institution=" + MOIS), 403, "FORBIDDEN");
        WebAdminClient moisAdmin = server.webAdminAs(server.account(ADMIN_MOIS).issued());
        assertThat(json(ok(moisAdmin.get("/govmail/accounts?status=PENDING"))).findValuesAsText("id")).contains(id);
        assertRefused(server.webAdminAs(certificate).send("POST", "/govmail/accounts/" + id + "/approve", null, true), 403, "FORBIDDEN");
        JsonNode approved = json(ok(moisAdmin.send("POST", "/govmail/accounts/" + id + "/approve", null, true)));
        assertThat(approved.path("status").asText()).isEqualTo("APPROVED");
        assertThat(new ImapProbe(userClients, id, PASSWORD).awaitSubject("가입이 승인되었습니다", 1, Duration.ofSeconds(30))).isEqualTo(1);

        // Every step and the decision are in the audit log, visible to the institution's administrator.
        JsonNode audit = json(ok(moisAdmin.get("/govmail/audit?account=" + id)));
        assertThat(audit.findValuesAsText("action")).contains("SIGNUP_INFORMATION", "SIGNUP_SUBMIT", "ACCOUNT_APPROVE");
        assertRefused(kostatAdmin.get("/govmail/audit?institution=" + MOIS), 403, "FORBIDDEN");
        assertThat(json(ok(kostatAdmin.get("/govmail/audit?account=" + id))).size()).isZero();
    }

    @Test
    void oneCallSignupOfAnInstitutionRepresentativeUsesTheInstitutionsCertificate() throws Exception {
        Map<String, String> client = newClient();
        Issued institutionCertificate = pki.issue(Scheme.GPKI, "통계청", "통계청");
        String body = signupBody("INSTITUTION_REPRESENTATIVE", "박민수", KOSTAT, "kostat", institutionCertificate,
            assertion("박민수", "ipin"));
        JsonNode account = json(created(server.publicApi().send("POST", "/govmail/public/signups", body, false, client)));
        assertThat(account.path("name").asText()).isEqualTo("통계청");
        assertThat(account.path("type").asText()).isEqualTo("INSTITUTION_REPRESENTATIVE");
        assertThat(account.path("status").asText()).isEqualTo("PENDING");
        assertThat(account.path("notice").asText()).contains("승인");
    }

    @Test
    void everyRefusedSignupHasItsOwnCodeAndLeavesNothingBehind() throws Exception {
        Map<String, String> client = newClient();
        WebAdminClient api = server.publicApi();
        Issued good = pki.issue(Scheme.GPKI, "류시원", "행정안전부");

        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", KEPCO, "ryu", good, assertion("류시원", "mobile"),
            "INSTITUTION_EXCLUDED", "ryu@kepco.go.test");
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "Ryu..Siwon", good, assertion("류시원", "mobile"),
            "ACCOUNT_ID_INVALID", null);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "admin", good, assertion("류시원", "mobile"),
            "ACCOUNT_EXISTS", null);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "ryu", pki.issue(Scheme.NPKI, "류시원", "은행"),
            assertion("류시원", "mobile"), "CERT_NPKI_NOT_ACCEPTED", "ryu@" + MOIS_DOMAIN);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "ryu", pki.issue(Scheme.GPKI, "류 시원", "행정안전부"),
            assertion("류시원", "mobile"), "CERT_NAME_MISMATCH", "ryu@" + MOIS_DOMAIN);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "ryu", good, forged("류시원"),
            "IDENTITY_SIGNATURE_INVALID", "ryu@" + MOIS_DOMAIN);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "ryu", good, stale("류시원", Instant.now().minus(Duration.ofHours(2))),
            "IDENTITY_ASSERTION_EXPIRED", "ryu@" + MOIS_DOMAIN);
        assertRefusedSignup(api, client, "INDIVIDUAL", "류시원", MOIS, "ryu", good, assertion("류 시원", "mobile"),
            "IDENTITY_NAME_MISMATCH", "ryu@" + MOIS_DOMAIN);
        String otherDomain = signupBody("INDIVIDUAL", "류시원", MOIS, "ryu", good, assertion("류시원", "mobile"))
            .replace("\"localPart\":\"ryu\"", "\"localPart\":\"ryu\",\"domain\":\"" + KOSTAT_DOMAIN + "\"");
        assertRefused(api.send("POST", "/govmail/public/signups", otherDomain, false, client), 400, "INSTITUTION_DOMAIN_INVALID");
        assertRefused(api.send("POST", "/govmail/public/signups", "{\"padding\":\"" + "x".repeat(300 * 1024) + "\"}", false, client),
            413, "REQUEST_TOO_LARGE");
        assertRefused(server.webAdmin().send("POST", "/govmail/institutions",
            "{\"code\":\"" + MOIS + "\",\"name\":\"행정안전부\",\"type\":\"CENTRAL_MINISTRY\"}", true), 409, "INSTITUTION_EXISTS");
        // Terms not accepted in their current version.
        HttpResponse<String> terms = api.send("POST", "/govmail/public/signup",
            "{\"accountType\":\"INDIVIDUAL\",\"acceptedTerms\":{\"service\":\"2026-01-01\",\"privacy\":\"2019-01-01\"}}", false, client);
        assertRefused(terms, 400, "TERMS_NOT_ACCEPTED");
        // A replayed assertion: accepted once, refused the second time.
        String once = assertion("류시원", "mobile");
        Map<String, String> first = with(client, "X-Signup-Token",
            json(created(api.send("POST", "/govmail/public/signup", termsBody("INDIVIDUAL", ""), false, client))).path("token").asText());
        ok(api.send("POST", "/govmail/public/signup/identity", "{\"assertion\":\"" + once + "\"}", false, first));
        Map<String, String> second = with(client, "X-Signup-Token",
            json(created(api.send("POST", "/govmail/public/signup", termsBody("INDIVIDUAL", ""), false, client))).path("token").asText());
        assertRefused(api.send("POST", "/govmail/public/signup/identity", "{\"assertion\":\"" + once + "\"}", false, second),
            409, "IDENTITY_ASSERTION_REPLAYED");
        assertRefused(api.send("GET", "/govmail/public/signup", null, false, with(client, "X-Signup-Token", "no-such-session")),
            404, "SIGNUP_SESSION_NOT_FOUND");
        // Bad JSON, and the English message on request.
        HttpResponse<String> malformed = api.send("POST", "/govmail/public/signups", "{not json", false,
            with(client, "Accept-Language", "en-US,en;q=0.9"));
        assertRefused(malformed, 400, "REQUEST_INVALID");
        assertThat(json(malformed).path("message").asText()).isEqualTo("The request is not valid.");
        assertThat(json(server.webAdmin().get("/govmail/accounts/ryu@" + MOIS_DOMAIN)).path("code").asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        HttpResponse<String> unauthenticated = server.webAdminWithPassword("ryu@" + MOIS_DOMAIN, PASSWORD).send("GET", "/govmail/me", null,
            true, Map.of("Accept-Language", "en"));
        assertRefused(unauthenticated, 401, "ADMIN_UNAUTHENTICATED");
        assertThat(json(unauthenticated).path("message").asText()).isEqualTo("Administrator or account credentials are required.");
        // Nothing half-created: the good certificate was never registered, so it can still sign up.
        JsonNode account = json(created(api.send("POST", "/govmail/public/signups", signupBody("INDIVIDUAL", "류시원", MOIS, "ryu", good,
            assertion("류시원", "mobile")), false, client)));
        assertThat(account.path("id").asText()).isEqualTo("ryu@" + MOIS_DOMAIN);
    }

    @Test
    void institutionContactSearchAnswersWhoApprovesMeAndIsRateLimited() throws Exception {
        Map<String, String> client = newClient();
        WebAdminClient api = server.publicApi();
        JsonNode found = json(ok(api.send("GET", "/govmail/public/institutions?name=" + encode("행정"), null, false, client)));
        assertThat(found.findValuesAsText("code")).containsExactly(MOIS);
        assertThat(found.get(0).path("administrators").get(0).path("phone").asText()).isEqualTo("044-205-1234");
        assertThat(found.get(0).path("administrators").get(0).path("mail").asText()).isEqualTo(ADMIN_MOIS);
        int status = 200;
        for (int i = 0; i < 40 && status != 429; i++) {
            HttpResponse<String> response = api.send("GET", "/govmail/public/institutions?name=" + encode("청"), null, false, client);
            status = response.statusCode();
            if (status == 429) {
                assertThat(json(response).path("code").asText()).isEqualTo("RATE_LIMITED");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(status).isEqualTo(429);
    }

    @Test
    void rejectionBlocksLoginAndSuspensionIsReversible() throws Exception {
        Issued certificate = pki.issue(Scheme.EPKI, "이교사", "서울교육청");
        String id = signUp("teacher", "이교사", MOIS, certificate);
        TestAccount user = account(id, "이교사", certificate);
        MailClients clients = new MailClients(server, user.pkcs12());
        assertThat(imapLogin(clients, id)).isNull();
        WebAdminClient moisAdmin = server.webAdminAs(server.account(ADMIN_MOIS).issued());
        assertRefused(moisAdmin.send("POST", "/govmail/accounts/" + id + "/reject", "{}", true), 400, "REQUEST_INVALID");
        ok(moisAdmin.send("POST", "/govmail/accounts/" + id + "/suspend", "{\"reason\":\"보안 점검\"}", true));
        assertThat(imapLogin(clients, id)).contains("ACCOUNT_SUSPENDED");
        ok(moisAdmin.send("POST", "/govmail/accounts/" + id + "/reinstate", null, true));
        assertThat(imapLogin(clients, id)).isNull();

        Issued other = pki.issue(Scheme.GPKI, "남궁민", "행정안전부");
        String rejected = signUp("namgung", "남궁민", MOIS, other);
        JsonNode decision = json(ok(moisAdmin.send("POST", "/govmail/accounts/" + rejected + "/reject", "{\"reason\":\"소속 확인 불가\"}", true)));
        assertThat(decision.path("status").asText()).isEqualTo("REJECTED");
        assertThat(decision.path("statusReason").asText()).isEqualTo("소속 확인 불가");
        assertThat(imapLogin(new MailClients(server, account(rejected, "남궁민", other).pkcs12()), rejected)).contains("ACCOUNT_REJECTED");
        assertRefused(moisAdmin.send("POST", "/govmail/accounts/" + rejected + "/approve", null, true), 409, "STATUS_TRANSITION_INVALID");
        // A rejected account does not exist for senders: another server is refused at RCPT.
        MimeMessage toRejected = new MimeMessage(clients.mx());
        toRejected.setFrom(new InternetAddress("someone@outside.example"));
        toRejected.setRecipient(Message.RecipientType.TO, new InternetAddress(rejected));
        toRejected.setSubject("to a rejected account", "UTF-8");
        toRejected.setText("hello", "UTF-8");
        assertThatThrownBy(() -> Transport.send(toRejected))
            .isInstanceOf(jakarta.mail.SendFailedException.class)
            .satisfies(e -> assertThat(((jakarta.mail.SendFailedException) e).getInvalidAddresses()).extracting(Object::toString).contains(rejected));
    }

    @Test
    void renewalKeepsTheUserWorkingAcrossTheSwitch() throws Exception {
        Issued old = pki.issue(Scheme.GPKI, "박갱신", "행정안전부");
        String id = signUp("renew", "박갱신", MOIS, old);
        TestAccount before = account(id, "박갱신", old);
        Issued renewed = pki.issue(Scheme.GPKI, "박갱신", "행정안전부");
        TestAccount after = account(id, "박갱신", renewed);
        WebAdminClient self = server.webAdminAs(old);
        // The holder proves they hold the new certificate's key by signing a challenge with it.
        assertRefused(self.send("POST", "/govmail/me/certificates",
            "{\"certificate\":" + WebAdminClient.quote(Certificates.toPem(renewed.certificate())) + "}", true), 400, "REQUEST_INVALID");
        assertRefused(self.send("POST", "/govmail/me/certificates", renewal(renewed.certificate(), old), true), 400, "SIGNATURE_INVALID");
        // Someone else's name is refused; the renewed certificate in the same name is registered.
        Issued otherName = pki.issue(Scheme.GPKI, "박갱선", "행정안전부");
        assertRefused(self.send("POST", "/govmail/me/certificates", renewal(otherName.certificate(), otherName), true),
            400, "CERT_NAME_MISMATCH");
        created(self.send("POST", "/govmail/me/certificates", renewal(renewed.certificate(), renewed), true));
        assertThat(imapLogin(new MailClients(server, before.pkcs12()), id)).isNull();
        assertThat(imapLogin(new MailClients(server, after.pkcs12()), id)).isNull();
        JsonNode me = json(ok(self.get("/govmail/me")));
        assertThat(me.path("certificates").findValuesAsText("active")).containsExactly("true", "true");
        // Replacing revokes the old registration: the old certificate stops working, the new one keeps on.
        Issued third = pki.issue(Scheme.GPKI, "박갱신", "행정안전부");
        TestAccount latest = account(id, "박갱신", third);
        created(self.send("POST", "/govmail/me/certificates", renewal(third.certificate(), third).replace("{", "{\"replace\":true,"), true));
        assertThat(imapLogin(new MailClients(server, before.pkcs12()), id)).contains("CERT_NOT_REGISTERED_TO_ACCOUNT");
        assertThat(imapLogin(new MailClients(server, latest.pkcs12()), id)).isNull();
    }

    @Test
    void retirementClosesTheOpenSessionRefusesLoginAndTheExportHoldsEveryMessage() throws Exception {
        Issued certificate = pki.issue(Scheme.GPKI, "정퇴직", "행정안전부");
        String id = signUp("retiree", "정퇴직", MOIS, certificate);
        TestAccount user = account(id, "정퇴직", certificate);
        MailClients clients = new MailClients(server, user.pkcs12());
        for (int i = 1; i <= 3; i++) {
            send(clients, id, id, "archive-" + i);
        }
        assertThat(new ImapProbe(clients, id, PASSWORD).awaitCount(new SubjectTerm("archive-"), n -> n == 3, Duration.ofSeconds(30))).isEqualTo(3);
        Store store = clients.imaps().getStore();
        store.connect(id, PASSWORD);
        Folder projects = store.getFolder("Projects");
        projects.create(Folder.HOLDS_MESSAGES);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        inbox.copyMessages(inbox.search(new SubjectTerm("archive-2")), projects);
        inbox.close(false);
        store.close();

        // The holder exports before retirement: every message, one mbox per folder.
        WebLoginClient webLogin = server.webLogin();
        JsonNode tokens = webLogin.login(certificate);
        WebAdminClient self = webLogin.as(tokens);
        HttpResponse<byte[]> export = self.download("/govmail/me/export");
        assertThat(export.statusCode()).isEqualTo(200);
        Map<String, String> mboxes = unzip(export.body());
        assertThat(mboxes).containsKeys("INBOX.mbox", "Projects.mbox");
        assertThat(separators(mboxes.get("INBOX.mbox"))).isEqualTo(3);
        assertThat(mboxes.get("INBOX.mbox")).contains(">From here on");
        assertThat(mboxes.get("INBOX.mbox")).contains("archive-1", "archive-2", "archive-3");
        assertThat(separators(mboxes.get("Projects.mbox"))).isEqualTo(1);
        HttpResponse<byte[]> single = self.download("/govmail/me/export?folder=Projects");
        assertThat(new String(single.body(), StandardCharsets.UTF_8)).contains("archive-2").doesNotContain("archive-3");
        assertRefused(self.get("/govmail/me/export?folder=Nope"), 404, "FOLDER_NOT_FOUND");
        // Administrators export only retired accounts' mail.
        assertRefused(server.webAdmin().get("/govmail/accounts/" + id + "/export"), 403, "FORBIDDEN");

        // An open IMAP session is closed within seconds of the retirement.
        try (SSLSocket socket = (SSLSocket) clients.socketFactory().createSocket("localhost", server.imapsPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            assertThat(in.readLine()).startsWith("* OK");
            out.write("a1 AUTHENTICATE EXTERNAL =\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("a1 OK");
            out.write("a2 SELECT INBOX\r\n");
            out.flush();
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("a2 "));
            assertThat(line).startsWith("a2 OK");
            socket.setSoTimeout(10_000);
            Instant retiredAt = Instant.now();
            JsonNode retired = json(ok(server.webAdminAs(server.account(ADMIN_MOIS).issued()).send("POST", "/govmail/accounts/" + id + "/retire",
                "{\"reason\":\"정년퇴직\"}", true)));
            assertThat(retired.path("status").asText()).isEqualTo("RETIRED");
            while (line != null) {
                line = in.readLine();
            }
            assertThat(Duration.between(retiredAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(imapLogin(clients, id)).contains("ACCOUNT_RETIRED");
        // The token from before stops at once, its refresh too, and a new certificate login is refused.
        assertRefused(self.get("/govmail/me"), 401, "ACCOUNT_RETIRED");
        assertRefused(webLogin.refresh(tokens.path("refreshToken").asText()), 400, "ACCOUNT_RETIRED");
        String nonce = webLogin.challenge();
        assertRefused(webLogin.loginResponse(WebLoginClient.cmsBody(nonce, WebLoginClient.cms(nonce.getBytes(StandardCharsets.UTF_8),
            certificate.key(), certificate.certificate(), true, "SHA256withRSA")), Map.of()), 400, "ACCOUNT_RETIRED");
        JsonNode registrations = json(ok(server.webAdmin().get("/govmail/accounts/" + id))).path("certificates");
        assertThat(registrations.findValuesAsText("active")).containsOnly("false");
        // After retirement the institution's administrator can still export, for the configured period.
        HttpResponse<byte[]> byAdmin = server.webAdminAs(server.account(ADMIN_MOIS).issued()).download("/govmail/accounts/" + id + "/export");
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(separators(unzip(byAdmin.body()).get("INBOX.mbox"))).isEqualTo(3);
        assertThat(server.webAdminAs(server.account(ADMIN_KOSTAT).issued()).download("/govmail/accounts/" + id + "/export").statusCode()).isEqualTo(403);
        // Mail to the retired account bounces to its sender with the reason.
        MailClients admin = new MailClients(server, server.account(ADMIN_MOIS).pkcs12());
        send(admin, ADMIN_MOIS, id, "after-retirement");
        assertThat(new ImapProbe(admin, ADMIN_MOIS, PASSWORD).awaitSubject("[반송/Undeliverable] after-retirement", 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
    }

    @Test
    void aScheduledRetirementHappensOnItsDateAndRedirectsMailToTheRepresentative() throws Exception {
        Issued institutionCertificate = pki.issue(Scheme.GPKI, "행정안전부", "행정안전부");
        JsonNode representative = json(created(server.publicApi().send("POST", "/govmail/public/signups",
            signupBody("INSTITUTION_REPRESENTATIVE", "윤대표", MOIS, "mois", institutionCertificate, assertion("윤대표", "mobile")),
            false, newClient())));
        String representativeId = representative.path("id").asText();
        Issued certificate = pki.issue(Scheme.GPKI, "한이동", "행정안전부");
        String id = signUp("mover", "한이동", MOIS, certificate);
        WebAdminClient moisAdmin = server.webAdminAs(server.account(ADMIN_MOIS).issued());
        assertRefused(moisAdmin.send("POST", "/govmail/accounts/" + id + "/retire",
            "{\"reason\":\"전보\",\"redirectTo\":\"nobody@" + MOIS_DOMAIN + "\"}", true), 400, "REDIRECT_TARGET_INVALID");
        // A retirement scheduled and cancelled leaves nothing behind.
        JsonNode far = json(ok(moisAdmin.send("POST", "/govmail/accounts/" + id + "/retire",
            "{\"reason\":\"전보\",\"at\":\"2099-01-01T00:00:00Z\"}", true)));
        assertThat(far.path("retireAt").asText()).isEqualTo("2099-01-01T00:00:00Z");
        assertThat(json(ok(moisAdmin.send("DELETE", "/govmail/accounts/" + id + "/retirement", null, true))).has("retireAt")).isFalse();
        assertRefused(moisAdmin.send("DELETE", "/govmail/accounts/" + id + "/retirement", null, true), 409, "STATUS_TRANSITION_INVALID");
        Instant at = Instant.now().plusSeconds(2);
        JsonNode scheduled = json(ok(moisAdmin.send("POST", "/govmail/accounts/" + id + "/retire",
            "{\"reason\":\"전보\",\"at\":\"" + at + "\",\"redirectTo\":\"representative\"}", true)));
        assertThat(scheduled.path("status").asText()).isEqualTo("PENDING");
        assertThat(scheduled.path("redirectTo").asText()).isEqualTo(representativeId);
        assertThat(imapLogin(new MailClients(server, account(id, "한이동", certificate).pkcs12()), id)).isNull();
        while (Instant.now().isBefore(at.plusMillis(200))) {
            Thread.sleep(100);
        }
        JsonNode report = json(ok(server.webAdmin().send("POST", "/govmail/audit/housekeeping", null, true)));
        assertThat(report.path("retired").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(json(ok(server.webAdmin().get("/govmail/accounts/" + id))).path("status").asText()).isEqualTo("RETIRED");
        MailClients admin = new MailClients(server, server.account(ADMIN_MOIS).pkcs12());
        send(admin, ADMIN_MOIS, id, "for-the-mover");
        MailClients representativeClients = new MailClients(server, account(representativeId, "행정안전부", institutionCertificate).pkcs12());
        assertThat(new ImapProbe(representativeClients, representativeId, PASSWORD).awaitCount(new SubjectTerm("for-the-mover"), n -> n == 1,
            Duration.ofSeconds(30))).isEqualTo(1);
    }

    @Test
    void jmxCoversTheSameLifecycleOperations() throws Exception {
        Issued certificate = pki.issue(Scheme.GPKI, "오제이", "행정안전부");
        String id = signUp("jmx", "오제이", MOIS, certificate);
        javax.management.remote.JMXServiceURL url = new javax.management.remote.JMXServiceURL(
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + server.jmxPort() + "/jmxrmi");
        try (javax.management.remote.JMXConnector connector = javax.management.remote.JMXConnectorFactory.connect(url,
                Map.of(javax.management.remote.JMXConnector.CREDENTIALS, new String[] {"james-admin", server.adminSecret()}))) {
            AccountManagementMBean accounts = javax.management.JMX.newMBeanProxy(connector.getMBeanServerConnection(),
                new javax.management.ObjectName(AccountManagement.OBJECT_NAME), AccountManagementMBean.class);
            assertThat(accounts.listPending(MOIS)).anyMatch(line -> line.contains(id));
            assertThat(accounts.searchInstitutions("통계")).singleElement().asString().contains(KOSTAT).contains(ADMIN_KOSTAT);
            assertThat(accounts.approve(id)).contains("\"status\":\"APPROVED\"");
            assertThat(jmxRefusal(() -> accounts.suspend(id, ""))).startsWith("REQUEST_INVALID");
            assertThat(accounts.suspend(id, "감사")).contains("\"status\":\"SUSPENDED\"");
            assertThat(accounts.reinstate(id)).contains("\"status\":\"APPROVED\"");
            Issued renewed = pki.issue(Scheme.GPKI, "오제이", "행정안전부");
            assertThat(accounts.renewCertificate(id, Certificates.toPem(renewed.certificate()), false))
                .contains(Certificates.fingerprint(renewed.certificate()));
            Path export = installation.resolve("jmx-export.zip");
            assertThat(jmxRefusal(() -> accounts.exportMail(id, export.toString()))).startsWith("FORBIDDEN");
            assertThat(accounts.retire(id, "명예퇴직", "", "")).contains("\"status\":\"RETIRED\"");
            assertThat(accounts.exportMail(id, export.toString())).contains("INBOX");
            assertThat(unzip(Files.readAllBytes(export))).containsKey("INBOX.mbox");
            assertThat(accounts.audit(id, 50)).anyMatch(line -> line.contains("ACCOUNT_APPROVE") && line.contains("\"actor\":\"jmx\""))
                .anyMatch(line -> line.contains("ACCOUNT_RETIRE"));
            assertThat(accounts.runHousekeeping()).contains("\"retired\"");
        }
    }

    private static String jmxRefusal(org.junit.jupiter.api.function.ThrowingSupplier<String> call) {
        try {
            return "accepted: " + call.get();
        } catch (Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
                cause = cause.getCause();
            }
            return cause.getMessage();
        }
    }

    // --- helpers ---

    private String assertion(String name, String method) {
        return identity.assertion(name, BIRTH_DATE, method);
    }

    /** Signed with a key of our own under the development provider's key id: the signature cannot verify. */
    private String forged(String name) throws Exception {
        TestIdentityProvider forger = TestIdentityProvider.generate(identity.providerId(), identity.keyId(), JwsAlgorithm.ES256,
            Set.of("mobile", "ipin"));
        return forger.assertion(name, BIRTH_DATE, "mobile");
    }

    private String stale(String name, Instant issuedAt) {
        return identity.assertion(name, BIRTH_DATE, "mobile", issuedAt);
    }

    private String signUp(String localPart, String name, String institution, Issued certificate) throws Exception {
        JsonNode account = json(created(server.publicApi().send("POST", "/govmail/public/signups",
            signupBody("INDIVIDUAL", name, institution, localPart, certificate, assertion(name, "mobile")), false, newClient())));
        return account.path("id").asText();
    }

    private void assertRefusedSignup(WebAdminClient api, Map<String, String> client, String type, String name, String institution,
                                     String localPart, Issued certificate, String assertion, String code, String id) throws Exception {
        HttpResponse<String> response = api.send("POST", "/govmail/public/signups",
            signupBody(type, name, institution, localPart, certificate, assertion), false, client);
        assertThat(json(response).path("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(json(response).path("message").asText()).isNotBlank();
        if (id != null) {
            assertThat(server.webAdmin().get("/govmail/accounts/" + id).statusCode()).isEqualTo(404);
        }
    }

    private TestAccount account(String id, String name, Issued certificate) throws Exception {
        Path pkcs12 = installation.resolve(id.replace('@', '_') + "-" + certificate.certificate().getSerialNumber() + ".p12");
        pki.writePkcs12(certificate.certificate().getIssuerX500Principal().getName().contains("EPKI") ? Scheme.EPKI : Scheme.GPKI,
            certificate, pkcs12, TestAccount.PKCS12_PASSWORD, "signCert");
        return new TestAccount(id, name, PASSWORD, certificate, pkcs12);
    }

    /** A renewal body: the new certificate and a fresh challenge signed by {@code signer}'s key. */
    private String renewal(java.security.cert.X509Certificate certificate, Issued signer) throws Exception {
        String nonce = server.webLogin().challenge();
        return WebLoginClient.cmsBody(nonce, WebLoginClient.cms(nonce.getBytes(StandardCharsets.UTF_8), signer.key(), signer.certificate(),
            true, "SHA256withRSA"), certificate);
    }

    private static String imapLogin(MailClients clients, String id) throws Exception {
        Store store = clients.imaps().getStore();
        try {
            store.connect(id, PASSWORD);
            store.close();
            return null;
        } catch (AuthenticationFailedException e) {
            return e.getMessage();
        }
    }

    private static void send(MailClients clients, String from, String to, String subject) throws Exception {
        MimeMessage message = new MimeMessage(clients.smtps());
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText("From here on, the body.\n안녕하세요.\n", "UTF-8");
        Transport transport = clients.smtps().getTransport("smtps");
        transport.connect(from, PASSWORD);
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } finally {
            transport.close();
        }
    }

    private String termsBody(String type, String extra) {
        return "{\"accountType\":\"" + type + "\",\"acceptedTerms\":{\"service\":\"2026-01-01\",\"privacy\":\"2026-01-01\"}" + extra + "}";
    }

    private static String information(String name, String institution, String localPart, Issued certificate) {
        return "{\"name\":" + WebAdminClient.quote(name) + ",\"institution\":\"" + institution + "\",\"localPart\":"
            + WebAdminClient.quote(localPart) + ",\"password\":\"" + PASSWORD + "\",\"certificate\":"
            + WebAdminClient.quote(Certificates.toPem(certificate.certificate())) + "}";
    }

    private String signupBody(String type, String name, String institution, String localPart, Issued certificate, String assertion) {
        String information = information(name, institution, localPart, certificate);
        return termsBody(type, ",\"assertion\":\"" + assertion + "\"," + information.substring(1, information.length() - 1));
    }

    /** A distinct forwarded client address per use (the test's conf trusts 127.0.0.1 as a proxy). */
    private Map<String, String> newClient() {
        int n = clientAddresses.incrementAndGet();
        return Map.of("X-Forwarded-For", "198.51.100." + n);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    /** mboxrd "From " separator lines: one per message (quoted body lines start with ">From "). */
    private static int separators(String mbox) {
        List<String> lines = new ArrayList<>(List.of(mbox.split("\n")));
        return (int) lines.stream().filter(line -> line.startsWith("From ")).count();
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
