package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.govmail.server.testing.RestAnswers.assertRefused;
import static org.govmail.server.testing.RestAnswers.ok;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import org.govmail.auth.devpki.DevPki;
import org.govmail.auth.devpki.DevPki.Scheme;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.token.AccessTokenClaims;
import org.govmail.auth.token.AccessTokenCodec;
import org.govmail.auth.token.TokenSigningKey;
import org.govmail.auth.token.TokenSigningKeys;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.RestAnswers;
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
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.SubjectTerm;

/**
 * The web front end's login on the real server: a certificate key signs the challenge (CMS, as browser
 * certificate modules do), the token reads INBOX over IMAPS and sends over submission with XOAUTH2 and
 * OAUTHBEARER — only from a connection presenting the front end's TLS certificate — and every bad nonce,
 * signature, certificate and token is refused with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebLoginEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "mois.go.test";
    private static final String PASSWORD = "correct horse battery";
    private static final String OTHER_FRONT_END = "intranet";
    private static final String OTHER_SECRET = "another-front-end-secret-0123456789";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private DevPki pki;
    private WebLoginClient web;
    private final AtomicInteger addresses = new AtomicInteger(10);

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(installation);
        Path tokens = installation.resolve("conf/govmail-tokens.xml");
        String conf = Files.readString(tokens);
        // Short challenges, so expiry is tested in seconds; a second front end, for tokens and nonces of another.
        conf = conf.replace("<challenge lifetime=\"PT2M\"/>", "<challenge lifetime=\"PT3S\"/>")
            .replace("perAccountPerMinute=\"10\"", "perAccountPerMinute=\"8\"")
            .replace("</frontEnds>", "    <frontEnd id=\"" + OTHER_FRONT_END + "\" secretFile=\"file://conf/intranet.secret\"/>\n    </frontEnds>");
        Files.writeString(tokens, conf);
        Files.writeString(installation.resolve("conf/intranet.secret"), OTHER_SECRET + "\n");
        server.start();
        pki = server.devPki();
        web = server.webLogin();
        server.webAdmin().addDomain(DOMAIN);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theTokenReadsAndSendsMailFromTheFrontEndsServersOnly() throws Exception {
        TestAccount user = server.enroll("sunwoo@" + DOMAIN, "김선우", PASSWORD);
        send(new MailClients(server, user.pkcs12()).submission(), user.address(), PASSWORD, user.address(), "before-web-login");
        // Delivery is asynchronous: wait until it is in INBOX, so the token login below finds it there.
        assertThat(new ImapProbe(new MailClients(server, user.pkcs12()), user.address(), PASSWORD)
            .awaitCount(new SubjectTerm("before-web-login"), n -> n == 1, Duration.ofSeconds(30))).isEqualTo(1);

        JsonNode tokens = web.login(user.issued());
        String token = tokens.path("accessToken").asText();
        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("account").path("id").asText()).isEqualTo(user.address());
        assertThat(Duration.between(Instant.now(), Instant.parse(tokens.path("expiresAt").asText()))).isLessThanOrEqualTo(Duration.ofHours(1));
        // The token is a JWT the front end can verify with the published keys.
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(header.path("alg").asText()).isEqualTo("RS256");
        assertThat(claims.path("sub").asText()).isEqualTo(user.address());
        assertThat(claims.path("status").asText()).isEqualTo("APPROVED");
        assertThat(claims.path("cert_sha256").asText()).isEqualTo(tokens.path("certificateFingerprint").asText());
        JsonNode jwks = RestAnswers.json(server.publicApi().send("GET", "/govmail/auth/jwks", null, false));
        assertThat(jwks.path("keys").findValuesAsText("kid")).contains(header.path("kid").asText());

        // IMAPS and submission with XOAUTH2 (Jakarta Mail), from a connection presenting the front end's certificate.
        MailClients frontEnd = MailClients.frontEnd(server);
        Store store = tokenSession(frontEnd.imaps(), "imaps").getStore();
        store.connect(user.address(), token);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertThat(inbox.search(new SubjectTerm("before-web-login"))).hasSize(1);
        inbox.close(false);
        store.close();
        send(tokenSession(frontEnd.submission(), "smtp"), user.address(), token, user.address(), "sent-with-a-token");
        assertThat(new ImapProbe(new MailClients(server, user.pkcs12()), user.address(), PASSWORD)
            .awaitCount(new SubjectTerm("sent-with-a-token"), n -> n == 1, Duration.ofSeconds(30))).isEqualTo(1);

        // OAUTHBEARER (RFC 7628) on the raw protocol; the mechanisms are advertised to the front end only.
        try (RawImap imap = new RawImap(frontEnd)) {
            assertThat(imap.command("a0 CAPABILITY")).contains("AUTH=OAUTHBEARER").contains("AUTH=XOAUTH2");
            assertThat(imap.command("a1 AUTHENTICATE OAUTHBEARER " + oauthBearer(user.address(), token))).contains("a1 OK");
        }
        try (RawImap imap = new RawImap(new MailClients(server, user.pkcs12()))) {
            assertThat(imap.command("a0 CAPABILITY")).doesNotContain("XOAUTH2").doesNotContain("OAUTHBEARER");
        }

        // The same token from anyone else — the user's own certificate, no certificate, plain SMTP submission — is refused.
        try (RawImap imap = new RawImap(new MailClients(server, user.pkcs12()))) {
            String refusal = imap.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), token));
            assertThat(refusal).startsWith("+ ");
            assertThat(imap.command("")).as("first: " + refusal).contains("a1 NO").contains("FRONTEND_CERT_REQUIRED");
        }
        try (RawImap imap = new RawImap(new MailClients(server, (Path) null))) {
            String first = imap.command("a1 AUTHENTICATE OAUTHBEARER " + oauthBearer(user.address(), token));
            assertThat(first).startsWith("+ ");
            assertThat(imap.command("AQ==")).as(first).contains("a1 NO").contains("FRONTEND_CERT_REQUIRED");
        }
        // Jakarta Mail does not even try XOAUTH2 where it is not advertised; the token as a password gets nowhere either.
        Store stranger = tokenSession(new MailClients(server, user.pkcs12()).imaps(), "imaps").getStore();
        assertThat(failure(() -> stranger.connect(user.address(), token))).contains("AUTHENTICATIONFAILED");
        assertThat(failure(() -> send(tokenSession(new MailClients(server, user.pkcs12()).submission(), "smtp"), user.address(), token,
            user.address(), "never"))).contains("No authentication mechanisms");
        assertThat(smtps(new MailClients(server, user.pkcs12()), "AUTH XOAUTH2 " + xoauth2(user.address(), token), ""))
            .contains("334 ").contains("535 5.7.8 FRONTEND_CERT_REQUIRED");
        assertThat(smtps(frontEnd, "AUTH OAUTHBEARER " + oauthBearer(user.address(), token))).contains("235 ");
        // A token asked for another account is refused.
        try (RawImap imap = new RawImap(frontEnd)) {
            imap.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2("someone@" + DOMAIN, token));
            assertThat(imap.command("")).contains("a1 NO").contains("AUTHZID_MISMATCH");
        }

        // The holder sees their own recent logins.
        JsonNode logins = RestAnswers.json(web.as(tokens).get("/govmail/me/logins?limit=50"));
        assertThat(logins.findValuesAsText("protocol")).contains("REST", "IMAP", "SMTP");
        assertThat(logins.findValuesAsText("method")).contains("SIGNED_CHALLENGE", "XOAUTH2", "OAUTHBEARER");
        assertThat(logins.findValuesAsText("reason")).contains("FRONTEND_CERT_REQUIRED");
    }

    @Test
    void everyBadChallengeSignatureOrCertificateIsRefusedWithItsReason() throws Exception {
        TestAccount user = server.enroll("younghee@" + DOMAIN, "이영희", PASSWORD);
        Issued key = user.issued();
        Map<String, String> from = client();

        // Replayed nonce.
        String nonce = web.challenge();
        byte[] signed = WebLoginClient.cms(bytes(nonce), key.key(), key.certificate(), true, "SHA256withRSA");
        assertThat(web.loginResponse(WebLoginClient.cmsBody(nonce, signed), from).statusCode()).isEqualTo(200);
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(nonce, signed), from), 409, "CHALLENGE_USED");
        // Unknown and expired nonces.
        assertRefused(web.loginResponse(WebLoginClient.cmsBody("made-up", signed), from), 400, "CHALLENGE_UNKNOWN");
        String stale = web.challenge();
        Thread.sleep(3500);
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(stale, WebLoginClient.cms(bytes(stale), key.key(), key.certificate(), true,
            "SHA256withRSA")), from), 400, "CHALLENGE_EXPIRED");
        // A signature over other content, attached and detached.
        String fresh = web.challenge();
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(fresh, WebLoginClient.cms(bytes("something else"), key.key(),
            key.certificate(), true, "SHA256withRSA")), from), 400, "SIGNATURE_CONTENT_MISMATCH");
        fresh = web.challenge();
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(fresh, WebLoginClient.cms(bytes("something else"), key.key(),
            key.certificate(), false, "SHA256withRSA")), from), 400, "SIGNATURE_CONTENT_MISMATCH");
        // A signature by a key that is not the certificate's.
        Issued stranger = pki.issue(Scheme.GPKI, "이영희", "행정안전부");
        fresh = web.challenge();
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(fresh, WebLoginClient.cms(bytes(fresh), stranger.key(), stranger.certificate(),
            true, "SHA256withRSA"), key.certificate()), from), 400, "SIGNATURE_INVALID");
        // A plain RSA signature with the PSS padding is accepted as well as CMS.
        fresh = web.challenge();
        java.security.Signature pss = java.security.Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
        pss.initSign(key.key());
        pss.update(bytes(fresh));
        String raw = "{\"nonce\":" + WebAdminClient.quote(fresh) + ",\"format\":\"RAW\",\"algorithm\":\"PS256\",\"signature\":"
            + WebAdminClient.quote(Base64.getEncoder().encodeToString(pss.sign())) + ",\"certificate\":"
            + WebAdminClient.quote(org.govmail.auth.cert.Certificates.toPem(key.certificate())) + "}";
        assertThat(web.loginResponse(raw, from).statusCode()).isEqualTo(200);
        // Certificates the gate refuses: NPKI, unregistered, revoked.
        Issued npki = pki.issue(Scheme.NPKI, "이영희", "은행");
        assertRefused(login(npki, from), 400, "CERT_NPKI_NOT_ACCEPTED");
        assertRefused(login(pki.issue(Scheme.GPKI, "이영희", "행정안전부"), from), 400, "CERT_NOT_REGISTERED");
        TestAccount revoked = server.enroll("revoked@" + DOMAIN, "오해진", PASSWORD);
        JsonNode before = RestAnswers.json(login(revoked.issued(), from));
        Thread.sleep(1100); // let the CRL file's modification time move on coarse file systems
        pki.revoke(Scheme.GPKI, revoked.issued().certificate());
        assertRefused(login(revoked.issued(), from), 400, "CERT_REVOKED");
        // ...and the token it had before stops at its next use.
        assertRefused(web.as(before).get("/govmail/me"), 401, "CERT_REVOKED");
        // Front-end credentials: wrong secret, and a nonce of another front end.
        WebAdminClient impostor = new WebAdminClient(server.webAdminPort(), basic("webmail", "not-the-secret"));
        assertRefused(impostor.send("POST", "/govmail/auth/challenge", null, true), 401, "CLIENT_UNAUTHENTICATED");
        WebAdminClient other = new WebAdminClient(server.webAdminPort(), basic(OTHER_FRONT_END, OTHER_SECRET));
        String foreign = RestAnswers.json(other.send("POST", "/govmail/auth/challenge", null, true)).path("nonce").asText();
        assertRefused(web.loginResponse(WebLoginClient.cmsBody(foreign, WebLoginClient.cms(bytes(foreign), key.key(), key.certificate(), true,
            "SHA256withRSA")), from), 403, "CLIENT_MISMATCH");
        // Malformed input.
        assertRefused(web.loginResponse("{\"nonce\":\"x\",\"signature\":\"bm90IGEgY21z\"}", from), 400, "CHALLENGE_UNKNOWN");
        fresh = web.challenge();
        assertRefused(web.loginResponse("{\"nonce\":" + WebAdminClient.quote(fresh) + ",\"signature\":\"bm90IGEgY21z\"}", from), 400,
            "SIGNATURE_MALFORMED");
        assertRefused(web.loginResponse("{not json", from), 400, "REQUEST_INVALID");
        // Each refusal is in the audit log for the administrator.
        JsonNode audit = RestAnswers.json(server.webAdmin().get("/govmail/audit?action=LOGIN&limit=200"));
        assertThat(audit.findValuesAsText("reason")).contains("CHALLENGE_USED", "CHALLENGE_EXPIRED", "SIGNATURE_CONTENT_MISMATCH",
            "SIGNATURE_INVALID", "CERT_NPKI_NOT_ACCEPTED", "CERT_NOT_REGISTERED", "CERT_REVOKED");
    }

    @Test
    void tamperedForeignAndExpiredTokensAreRefused() throws Exception {
        TestAccount user = server.enroll("tamper@" + DOMAIN, "한토큰", PASSWORD);
        JsonNode tokens = web.login(user.issued());
        String token = tokens.path("accessToken").asText();
        assertThat(web.as(tokens).get("/govmail/me").statusCode()).isEqualTo(200);
        String[] parts = token.split("\\.");
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        // A changed claim.
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace(user.address(), "sunwoo@" + DOMAIN);
        assertRefused(web.bearer(parts[0] + "." + url.encodeToString(bytes(payload)) + "." + parts[2]).get("/govmail/me"), 401, "TOKEN_INVALID");
        // Another key id, and alg none.
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String wrongKid = header.replaceAll("\"kid\":\"[^\"]*\"", "\"kid\":\"someone-elses\"");
        assertRefused(web.bearer(url.encodeToString(bytes(wrongKid)) + "." + parts[1] + "." + parts[2]).get("/govmail/me"), 401, "TOKEN_INVALID");
        String none = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        assertRefused(web.bearer(url.encodeToString(bytes(none)) + "." + parts[1] + ".").get("/govmail/me"), 401, "TOKEN_INVALID");
        assertRefused(web.bearer("not-a-token").get("/govmail/me"), 401, "TOKEN_INVALID");
        // Expired: signed with the server's own key, an hour ago.
        TokenSigningKey serverKey = TokenSigningKey.read("govmail-1", installation.resolve("conf/tokens/govmail-1.pem"));
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        AccessTokenCodec past = new AccessTokenCodec(new TokenSigningKeys(List.of(serverKey), "govmail-1"), "govmail",
            Clock.fixed(hourAgo, ZoneOffset.UTC));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        JsonNode original = JSON.readTree(claims);
        String expired = past.encode(new AccessTokenClaims("govmail", user.address(), "webmail", original.path("sid").asText(),
            original.path("cert_sha256").asText(), "APPROVED", hourAgo, hourAgo.plus(Duration.ofMinutes(15)), "expired-token-id"));
        assertRefused(web.bearer(expired).get("/govmail/me"), 401, "TOKEN_EXPIRED");
        // Bad tokens from the front end's servers do not get its address throttled (more than maxFailures of them).
        for (int i = 0; i < 12; i++) {
            try (RawImap imap = new RawImap(MailClients.frontEnd(server))) {
                imap.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), expired));
                assertThat(imap.command("")).contains("a1 NO").contains("TOKEN_EXPIRED");
            }
        }
        try (RawImap imap = new RawImap(MailClients.frontEnd(server))) {
            assertThat(imap.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), token))).contains("a1 OK");
        }
        // Basic with the account's password no longer opens the REST API.
        assertRefused(server.webAdminWithPassword(user.address(), PASSWORD).get("/govmail/me"), 401, "ADMIN_UNAUTHENTICATED");
        // Another front end cannot refresh or log out this front end's session.
        WebAdminClient other = new WebAdminClient(server.webAdminPort(), basic(OTHER_FRONT_END, OTHER_SECRET));
        assertRefused(other.send("POST", "/govmail/auth/refresh", "{\"refreshToken\":" + WebAdminClient.quote(tokens.path("refreshToken").asText())
            + "}", true), 403, "CLIENT_MISMATCH");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndLogoutEndsBoth() throws Exception {
        TestAccount user = server.enroll("refresh@" + DOMAIN, "유새로", PASSWORD);
        JsonNode first = web.login(user.issued());
        JsonNode second = RestAnswers.json(ok(web.refresh(first.path("refreshToken").asText())));
        assertThat(second.path("refreshToken").asText()).isNotEqualTo(first.path("refreshToken").asText());
        assertThat(web.as(second).get("/govmail/me").statusCode()).isEqualTo(200);
        // The spent refresh token presented again: taken as stolen, the whole session ends.
        assertRefused(web.refresh(first.path("refreshToken").asText()), 401, "TOKEN_REVOKED");
        assertRefused(web.as(second).get("/govmail/me"), 401, "TOKEN_REVOKED");
        assertRefused(web.refresh(second.path("refreshToken").asText()), 401, "TOKEN_REVOKED");

        JsonNode third = web.login(user.issued());
        // Logging out also ends the front end's IMAP connection that logged in with this login's token, and only it.
        try (RawImap mine = new RawImap(MailClients.frontEnd(server));
             RawImap other = new RawImap(MailClients.frontEnd(server))) {
            assertThat(mine.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), third.path("accessToken").asText()))).contains("a1 OK");
            JsonNode parallel = web.login(user.issued());
            assertThat(other.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), parallel.path("accessToken").asText())))
                .contains("a1 OK");
            Instant loggedOut = Instant.now();
            assertThat(RestAnswers.json(ok(web.logout(third.path("refreshToken").asText()))).path("revoked").asBoolean()).isTrue();
            assertThat(mine.untilClosed()).contains("* BYE");
            assertThat(Duration.between(loggedOut, Instant.now())).isLessThan(Duration.ofSeconds(5));
            assertThat(other.command("a2 NOOP")).contains("a2 OK");
        }
        assertRefused(web.as(third).get("/govmail/me"), 401, "TOKEN_REVOKED");
        assertRefused(web.refresh(third.path("refreshToken").asText()), 401, "TOKEN_REVOKED");
        assertThat(RestAnswers.json(ok(web.logout(third.path("refreshToken").asText()))).path("revoked").asBoolean()).isFalse();
        JsonNode fourth = web.login(user.issued());
        assertThat(RestAnswers.json(ok(web.logout(fourth.path("accessToken").asText()))).path("revoked").asBoolean()).isTrue();
        assertRefused(web.as(fourth).get("/govmail/me"), 401, "TOKEN_REVOKED");
    }

    @Test
    void suspensionAndRetirementStopTokensAndCloseTheTokensImapSession() throws Exception {
        TestAccount user = server.enroll("leaving@" + DOMAIN, "정퇴직", PASSWORD);
        WebAdminClient admin = server.webAdmin();
        JsonNode tokens = web.login(user.issued());
        ok(admin.send("POST", "/govmail/accounts/" + user.address() + "/suspend", "{\"reason\":\"보안 점검\"}", true));
        assertRefused(web.as(tokens).get("/govmail/me"), 401, "ACCOUNT_SUSPENDED");
        ok(admin.send("POST", "/govmail/accounts/" + user.address() + "/reinstate", null, true));
        // Reinstated: the old token stays dead (its session was revoked), a new login works.
        assertRefused(web.as(tokens).get("/govmail/me"), 401, "TOKEN_REVOKED");
        JsonNode fresh = web.login(user.issued());

        try (RawImap imap = new RawImap(MailClients.frontEnd(server))) {
            assertThat(imap.command("a1 AUTHENTICATE XOAUTH2 " + xoauth2(user.address(), fresh.path("accessToken").asText()))).contains("a1 OK");
            assertThat(imap.command("a2 SELECT INBOX")).contains("a2 OK");
            Instant retiredAt = Instant.now();
            ok(admin.send("POST", "/govmail/accounts/" + user.address() + "/retire", "{\"reason\":\"정년퇴직\"}", true));
            String rest = imap.untilClosed();
            assertThat(rest).contains("* BYE");
            assertThat(Duration.between(retiredAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
        }
        assertRefused(web.refresh(fresh.path("refreshToken").asText()), 400, "ACCOUNT_RETIRED");
        assertRefused(web.as(fresh).get("/govmail/me"), 401, "ACCOUNT_RETIRED");
    }

    @Test
    void challengesAndLoginsAreRateLimitedPerAddressAndPerAccount() throws Exception {
        Map<String, String> from = client();
        int accepted = 0;
        HttpResponse<String> response;
        do {
            response = web.challengeResponse(from);
            accepted++;
        } while (response.statusCode() == 201 && accepted < 100);
        assertRefused(response, 429, "RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(accepted - 1).isEqualTo(30);

        TestAccount user = server.enroll("busy@" + DOMAIN, "바쁜이", PASSWORD);
        for (int i = 0; i < 8; i++) {
            assertThat(login(user.issued(), client()).statusCode()).isEqualTo(200);
        }
        assertRefused(login(user.issued(), client()), 429, "RATE_LIMITED");
    }

    // --- helpers

    private HttpResponse<String> login(Issued certificate, Map<String, String> headers) throws Exception {
        String nonce = RestAnswers.json(web.challengeResponse(headers)).path("nonce").asText();
        return web.loginResponse(WebLoginClient.cmsBody(nonce, WebLoginClient.cms(bytes(nonce), certificate.key(), certificate.certificate(),
            true, "SHA256withRSA")), headers);
    }

    /** A user address of its own, forwarded by the front end, so each test has its own per-address budget. */
    private Map<String, String> client() {
        return Map.of("X-Forwarded-For", "198.51.100." + addresses.incrementAndGet());
    }

    private static Session tokenSession(Session base, String protocol) {
        Properties properties = new Properties();
        properties.putAll(base.getProperties());
        properties.put("mail." + protocol + ".auth.mechanisms", "XOAUTH2");
        properties.put("mail." + protocol + ".ssl.socketFactory", base.getProperties().get("mail." + protocol + ".ssl.socketFactory"));
        return Session.getInstance(properties);
    }

    private static void send(Session session, String user, String secret, String to, String subject) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(user));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText("body of " + subject, "UTF-8");
        try (Transport transport = session.getTransport()) {
            transport.connect(user, secret);
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws Exception;
    }

    private static String failure(Attempt attempt) {
        try {
            attempt.run();
            return "";
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** An SMTPS dialogue after EHLO: each line sent, each reply (multi-line replies whole) collected. */
    private String smtps(MailClients clients, String... lines) throws Exception {
        try (SSLSocket socket = (SSLSocket) clients.socketFactory().createSocket("localhost", server.smtpsPort())) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            StringBuilder transcript = new StringBuilder(reply(in));
            List<String> dialogue = new java.util.ArrayList<>(List.of("EHLO client.test"));
            dialogue.addAll(List.of(lines));
            for (String line : dialogue) {
                out.write(line + "\r\n");
                out.flush();
                transcript.append(reply(in));
            }
            return transcript.toString();
        }
    }

    private static String reply(BufferedReader in) throws Exception {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            reply.append(line).append('\n');
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return reply.toString();
    }

    private static String xoauth2(String user, String token) {
        return Base64.getEncoder().encodeToString(bytes("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001"));
    }

    private static String oauthBearer(String user, String token) {
        return Base64.getEncoder().encodeToString(bytes("n,a=" + user + ",\u0001host=localhost\u0001port=993\u0001auth=Bearer " + token
            + "\u0001\u0001"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString(bytes(id + ":" + secret));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** IMAPS line by line, for the mechanisms Jakarta Mail has no client for and for watching a session end. */
    private final class RawImap implements AutoCloseable {
        private final SSLSocket socket;
        private final BufferedReader in;
        private final Writer out;

        RawImap(MailClients clients) throws Exception {
            socket = (SSLSocket) clients.socketFactory().createSocket("localhost", server.imapsPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            assertThat(in.readLine()).startsWith("* OK");
        }

        /** Sends a line; reads up to the tagged reply of its tag, or a continuation, whichever comes first. */
        String command(String line) throws Exception {
            out.write(line + "\r\n");
            out.flush();
            String tag = line.contains(" ") ? line.substring(0, line.indexOf(' ')) + " " : null;
            StringBuilder read = new StringBuilder();
            String reply;
            while ((reply = in.readLine()) != null) {
                read.append(reply).append('\n');
                if (reply.startsWith("+ ") || reply.equals("+") || (tag != null && reply.startsWith(tag)) || (tag == null && !reply.startsWith("* "))) {
                    break;
                }
            }
            return read.toString();
        }

        /** Everything the server sends until it closes the connection. */
        String untilClosed() throws Exception {
            StringBuilder read = new StringBuilder();
            String reply;
            while ((reply = in.readLine()) != null) {
                read.append(reply).append('\n');
            }
            return read.toString();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
