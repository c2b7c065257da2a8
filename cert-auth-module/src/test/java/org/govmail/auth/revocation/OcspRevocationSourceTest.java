package org.govmail.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.devpki.PkiBuilder.UserSpec;
import org.govmail.auth.revocation.OcspRevocationSource.OcspSettings;
import org.govmail.auth.revocation.RevocationCheck.State;
import org.govmail.auth.testing.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** Against a real OCSP responder on loopback, answering with responses built by Bouncy Castle. */
class OcspRevocationSourceTest {
    private static final String POLICY = "1.2.410.100001.2.1";
    private static final String OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    static HttpServer server;
    static ExecutorService serverThreads;
    static final TestResponder RESPONDER = new TestResponder();
    static URI responderUrl;

    static Authority ca;
    static Authority stranger;
    static Issued user;
    static Issued delegated;
    static Issued delegatedWithoutEku;
    static Issued expiredDelegated;
    static Issued strangersResponder;
    static Issued lookalikesResponder;

    MovableClock clock;
    CountDownLatch release;

    @BeforeAll
    static void startResponderAndPki() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", RESPONDER::handle);
        server.setExecutor(serverThreads);
        server.start();
        responderUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp");

        Instant now = Instant.now();
        Authority root = PkiBuilder.root("CN=GPKI Root, O=Government of Korea, C=KR", now.minusSeconds(3600), now.plus(Duration.ofDays(30)));
        ca = PkiBuilder.intermediate(root, "CN=CA131000001, OU=GPKI, O=Government of Korea, C=KR",
            now.minusSeconds(3600), now.plus(Duration.ofDays(30)));
        stranger = PkiBuilder.root("CN=Somebody Else, C=KR", now.minusSeconds(3600), now.plus(Duration.ofDays(30)));
        user = PkiBuilder.issue(ca, UserSpec.user("CN=043김선우01, OU=people, O=Government of Korea, C=KR", POLICY)
            .ocspResponder(responderUrl));
        delegated = PkiBuilder.issue(ca, responderSpec("CN=OCSP responder, OU=GPKI, O=Government of Korea, C=KR")
            .extendedKeyUsage(OCSP_SIGNING));
        delegatedWithoutEku = PkiBuilder.issue(ca, responderSpec("CN=Not a responder, OU=GPKI, O=Government of Korea, C=KR"));
        expiredDelegated = PkiBuilder.issue(ca, responderSpec("CN=Old responder, OU=GPKI, O=Government of Korea, C=KR")
            .extendedKeyUsage(OCSP_SIGNING).validity(now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1))));
        strangersResponder = PkiBuilder.issue(stranger, responderSpec("CN=OCSP responder, OU=GPKI, O=Government of Korea, C=KR")
            .extendedKeyUsage(OCSP_SIGNING));
        // Same name as the real CA, different key: only the signature on the responder certificate tells them apart.
        Authority lookalike = PkiBuilder.root(ca.subject().getName(), now.minusSeconds(3600), now.plus(Duration.ofDays(30)));
        lookalikesResponder = PkiBuilder.issue(lookalike, responderSpec("CN=OCSP responder, OU=GPKI, O=Government of Korea, C=KR")
            .extendedKeyUsage(OCSP_SIGNING));
    }

    private static UserSpec responderSpec(String subject) {
        return UserSpec.user(subject, POLICY).policies(List.of()).keyUsage(KeyUsage.digitalSignature);
    }

    @AfterAll
    static void stopResponder() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    @BeforeEach
    void freshClockAndResponder() {
        clock = new MovableClock(Instant.now());
        release = new CountDownLatch(1);
        RESPONDER.reset(request -> Reply.ok(answer().encode(request)));
    }

    @AfterEach
    void releaseHangingRequests() {
        release.countDown();
    }

    private static OcspSettings settings() {
        return new OcspSettings(true, Optional.empty(), TIMEOUT, true, false, Duration.ofMinutes(5));
    }

    private OcspRevocationSource source() {
        return new OcspRevocationSource(settings(), clock);
    }

    private RevocationCheck check(OcspRevocationSource source) {
        return source.check(user.certificate(), ca.certificate());
    }

    private Answer answer() {
        return new Answer();
    }

    private void answerWith(Answer answer) {
        RESPONDER.behave(request -> Reply.ok(answer.encode(request)));
    }

    @Test
    void goodAnswerIsGoodAndTheRequestIsAProperOcspPost() {
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.GOOD);
        assertThat(check.detail()).contains(responderUrl.toString());
        assertThat(RESPONDER.requests.get()).isEqualTo(1);
        assertThat(RESPONDER.lastContentType).isEqualTo("application/ocsp-request");
        OCSPReq request = RESPONDER.lastRequest;
        assertThat(request.getRequestList()).hasSize(1);
        CertificateID id = request.getRequestList()[0].getCertID();
        assertThat(id.getHashAlgOID()).isEqualTo(CertificateID.HASH_SHA1.getAlgorithm());
        assertThat(id.getSerialNumber()).isEqualTo(user.certificate().getSerialNumber());
        assertThat(request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNotNull();
    }

    @Test
    void revokedAnswerCarriesTheRevocationTime() {
        Instant revokedAt = Instant.parse("2024-03-01T09:30:00Z");
        answerWith(answer().status(new RevokedStatus(Date.from(revokedAt), 1)));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.REVOKED);
        assertThat(check.revokedAt()).contains(revokedAt);
    }

    @Test
    void unknownIsUnavailable() {
        answerWith(answer().status(new UnknownStatus()));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("unknown");
    }

    @Test
    void responseSignedByAnUnrelatedKeyIsUnavailable() {
        answerWith(answer().signedBy(stranger.certificate(), stranger.key(), true));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("not signed by the issuer");
    }

    @Test
    void delegatedResponderWithOcspSigningIsBelieved() {
        answerWith(answer().signedBy(delegated.certificate(), delegated.key(), true)
            .status(new RevokedStatus(Date.from(Instant.parse("2024-05-05T00:00:00Z")), 1)));
        assertThat(check(source()).state()).isEqualTo(State.REVOKED);
        answerWith(answer().signedBy(delegated.certificate(), delegated.key(), true));
        assertThat(check(source()).state()).isEqualTo(State.GOOD);
    }

    private void assertRefusedSigner() {
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("not signed by the issuer or by a responder it authorised");
    }

    @Test
    void delegatedResponderWithoutOcspSigningIsUnavailable() {
        answerWith(answer().signedBy(delegatedWithoutEku.certificate(), delegatedWithoutEku.key(), true));
        assertRefusedSigner();
    }

    @Test
    void delegatedResponderOutsideItsValidityIsUnavailable() {
        answerWith(answer().signedBy(expiredDelegated.certificate(), expiredDelegated.key(), true));
        assertRefusedSigner();
    }

    @Test
    void responderAuthorisedByAnotherCaIsUnavailable() {
        answerWith(answer().signedBy(strangersResponder.certificate(), strangersResponder.key(), true));
        assertRefusedSigner();
    }

    @Test
    void responderAuthorisedByALookalikeOfTheIssuerIsUnavailable() {
        assertThat(lookalikesResponder.certificate().getIssuerX500Principal()).isEqualTo(ca.subject());
        answerWith(answer().signedBy(lookalikesResponder.certificate(), lookalikesResponder.key(), true));
        assertRefusedSigner();
    }

    @Test
    void delegatedResponderWhoseCertificateIsNotInTheResponseIsUnavailable() {
        answerWith(answer().signedBy(delegated.certificate(), delegated.key(), false));
        assertRefusedSigner();
    }

    @Test
    void answerForAnotherSerialIsUnavailable() {
        answerWith(answer().serial(user.certificate().getSerialNumber().add(BigInteger.ONE)));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("does not answer for serial");
    }

    @Test
    void answerWhoseNextUpdateHasPassedIsUnavailable() {
        answerWith(answer().times(Duration.ofHours(-2), Duration.ofHours(-1)));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("expired");
    }

    @Test
    void answerFromTheFutureIsUnavailable() {
        answerWith(answer().times(Duration.ofMinutes(10), Duration.ofMinutes(30)));
        assertThat(check(source()).detail()).contains("in the future");
        // A clock a little ahead is tolerated.
        answerWith(answer().times(Duration.ofSeconds(30), Duration.ofMinutes(30)));
        assertThat(check(source()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void oldAnswerWithoutNextUpdateIsUnavailable() {
        answerWith(answer().times(Duration.ofMinutes(-10), null));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("without nextUpdate");
    }

    @Test
    void nonceMismatchIsUnavailable() {
        answerWith(answer().nonce(NonceMode.WRONG));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("nonce");
    }

    @Test
    void missingNonceIsAcceptedUnlessRequired() {
        answerWith(answer().nonce(NonceMode.NONE));
        assertThat(check(source()).state()).isEqualTo(State.GOOD);
        OcspSettings strict = new OcspSettings(true, Optional.empty(), TIMEOUT, true, true, Duration.ofMinutes(5));
        RevocationCheck check = new OcspRevocationSource(strict, clock).check(user.certificate(), ca.certificate());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("did not echo");
    }

    @Test
    void noNonceIsSentWhenSoConfigured() {
        OcspSettings quiet = new OcspSettings(true, Optional.empty(), TIMEOUT, false, false, Duration.ofMinutes(5));
        assertThat(new OcspRevocationSource(quiet, clock).check(user.certificate(), ca.certificate()).state())
            .isEqualTo(State.GOOD);
        assertThat(RESPONDER.lastRequest.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce)).isNull();
        assertThatThrownBy(() -> new OcspSettings(true, Optional.empty(), TIMEOUT, false, true, Duration.ofMinutes(5)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void responderErrorsAreUnavailable() {
        RESPONDER.behave(request -> Reply.ok(answer().responseStatus(OCSPRespBuilder.TRY_LATER).encode(request)));
        assertThat(check(source()).detail()).contains("tryLater");
        RESPONDER.behave(request -> new Reply(500, new byte[0]));
        assertThat(check(source()).detail()).contains("HTTP 500");
        RESPONDER.behave(request -> Reply.ok("<html>proxy says no</html>".getBytes(StandardCharsets.US_ASCII)));
        assertThat(check(source()).state()).isEqualTo(State.UNAVAILABLE);
    }

    @Test
    void oversizedResponseIsUnavailable() {
        RESPONDER.behave(request -> Reply.ok(new byte[OcspHttpClient.MAX_RESPONSE_SIZE + 1]));
        RevocationCheck check = check(source());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("larger than");
    }

    @Test
    void responderDownIsUnavailableWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OcspSettings down = new OcspSettings(true, Optional.of(URI.create("http://127.0.0.1:" + closedPort + "/")),
            TIMEOUT, true, false, Duration.ofMinutes(5));
        long started = System.nanoTime();
        RevocationCheck check = new OcspRevocationSource(down, clock).check(user.certificate(), ca.certificate());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT);
    }

    @Test
    void silentResponderIsUnavailableAfterTheTimeout() {
        RESPONDER.behave(request -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.ok(answer().encode(request));
        });
        long started = System.nanoTime();
        RevocationCheck check = check(source());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100)).isLessThan(TIMEOUT.plusSeconds(2));
    }

    @Test
    void goodAndRevokedAnswersAreKeptUntilNextUpdate() {
        OcspRevocationSource source = source();
        answerWith(answer().times(Duration.ofMinutes(-1), Duration.ofMinutes(10)));
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        clock.advance(Duration.ofMinutes(9));
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        assertThat(RESPONDER.requests.get()).isEqualTo(1);

        // Revoked meanwhile: seen as soon as the cached answer's nextUpdate has passed.
        answerWith(answer().status(new RevokedStatus(Date.from(clock.instant()), 1)));
        clock.advance(Duration.ofMinutes(2));
        assertThat(check(source).state()).isEqualTo(State.REVOKED);
        assertThat(RESPONDER.requests.get()).isEqualTo(2);
        assertThat(check(source).state()).isEqualTo(State.REVOKED);
        assertThat(RESPONDER.requests.get()).isEqualTo(2);
    }

    @Test
    void answersWithoutNextUpdateAreKeptForTheConfiguredMaxAge() {
        OcspRevocationSource source = source();
        answerWith(answer().times(Duration.ZERO, null));
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        clock.advance(Duration.ofMinutes(4));
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        assertThat(RESPONDER.requests.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        assertThat(RESPONDER.requests.get()).isEqualTo(2);
    }

    @Test
    void unavailableAnswersAreNotKept() {
        OcspRevocationSource source = source();
        answerWith(answer().status(new UnknownStatus()));
        assertThat(check(source).state()).isEqualTo(State.UNAVAILABLE);
        answerWith(answer());
        assertThat(check(source).state()).isEqualTo(State.GOOD);
        assertThat(RESPONDER.requests.get()).isEqualTo(2);
    }

    @Test
    void configuredResponderIsUsedInsteadOfTheCertificates() {
        Issued withoutAia = PkiBuilder.issue(ca, UserSpec.user("CN=043이영희01, OU=people, O=Government of Korea, C=KR", POLICY));
        assertThat(source().check(withoutAia.certificate(), ca.certificate()).detail())
            .contains("no OCSP responder");
        assertThat(RESPONDER.requests.get()).isZero();

        OcspSettings relay = new OcspSettings(true, Optional.of(responderUrl.resolve("/relay")), TIMEOUT, true, false,
            Duration.ofMinutes(5));
        assertThat(new OcspRevocationSource(relay, clock).check(withoutAia.certificate(), ca.certificate()).state())
            .isEqualTo(State.GOOD);
        assertThat(RESPONDER.lastPath).isEqualTo("/relay");
    }

    @Test
    void onlyHttpRespondersAreTakenFromTheCertificate() {
        Issued several = PkiBuilder.issue(ca, UserSpec.user("CN=043박민수01, OU=people, O=Government of Korea, C=KR", POLICY)
            .ocspResponder(URI.create("ldap://ldap.gpki.go.kr/cn=ocsp"))
            .ocspResponder(URI.create("https://ocsp.gpki.go.kr/"))
            .ocspResponder(URI.create("http://ocsp.gpki.go.kr:8080/")));
        assertThat(OcspRevocationSource.ocspResponders(several.certificate()))
            .containsExactly(URI.create("http://ocsp.gpki.go.kr:8080/"));
        assertThat(OcspRevocationSource.ocspResponders(ca.certificate())).isEmpty();
    }

    @Test
    void disabledSourceAsksNobody() {
        RevocationCheck check = new OcspRevocationSource(OcspSettings.DISABLED, clock).check(user.certificate(), ca.certificate());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(RESPONDER.requests.get()).isZero();
    }

    enum NonceMode { ECHO, NONE, WRONG }

    /** One response the test responder gives: by default a current "good" signed by the CA itself. */
    private final class Answer {
        private CertificateStatus status = CertificateStatus.GOOD;
        private X509Certificate signer = ca.certificate();
        private PrivateKey key = ca.key();
        private boolean includeSigner;
        private BigInteger serial;
        private Duration thisUpdate = Duration.ofMinutes(-1);
        private Duration nextUpdate = Duration.ofMinutes(10);
        private NonceMode nonce = NonceMode.ECHO;
        private int responseStatus = OCSPRespBuilder.SUCCESSFUL;

        Answer status(CertificateStatus value) {
            status = value;
            return this;
        }

        Answer signedBy(X509Certificate certificate, PrivateKey signingKey, boolean includeCertificate) {
            signer = certificate;
            key = signingKey;
            includeSigner = includeCertificate;
            return this;
        }

        Answer serial(BigInteger value) {
            serial = value;
            return this;
        }

        /** Relative to the test clock; {@code next} null for no nextUpdate. */
        Answer times(Duration current, Duration next) {
            thisUpdate = current;
            nextUpdate = next;
            return this;
        }

        Answer nonce(NonceMode mode) {
            nonce = mode;
            return this;
        }

        Answer responseStatus(int value) {
            responseStatus = value;
            return this;
        }

        byte[] encode(OCSPReq request) {
            try {
                if (responseStatus != OCSPRespBuilder.SUCCESSFUL) {
                    return new OCSPRespBuilder().build(responseStatus, null).getEncoded();
                }
                Instant now = clock.instant();
                CertificateID id = request.getRequestList()[0].getCertID();
                if (serial != null) {
                    id = CertificateID.deriveCertificateID(id, serial);
                }
                BasicOCSPRespBuilder builder = new JcaBasicOCSPRespBuilder(signer.getPublicKey(),
                    new JcaDigestCalculatorProviderBuilder().build().get(RespID.HASH_SHA1));
                builder.addResponse(id, status, Date.from(now.plus(thisUpdate)),
                    nextUpdate == null ? null : Date.from(now.plus(nextUpdate)));
                Extension requested = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
                if (nonce == NonceMode.ECHO && requested != null) {
                    builder.setResponseExtensions(new Extensions(requested));
                } else if (nonce == NonceMode.WRONG) {
                    byte[] other = new byte[16];
                    new SecureRandom().nextBytes(other);
                    builder.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                        false, new DEROctetString(other).getEncoded())));
                }
                X509CertificateHolder[] chain = includeSigner
                    ? new X509CertificateHolder[] {new JcaX509CertificateHolder(signer)}
                    : null;
                BasicOCSPResp basic = builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key), chain,
                    Date.from(now));
                return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the test OCSP response", e);
            }
        }
    }

    record Reply(int status, byte[] body) {
        static Reply ok(byte[] body) {
            return new Reply(200, body);
        }
    }

    /** Counts requests and remembers the last one, so tests can tell whether the cache answered. */
    static final class TestResponder {
        final AtomicInteger requests = new AtomicInteger();
        volatile Function<OCSPReq, Reply> behaviour;
        volatile OCSPReq lastRequest;
        volatile String lastContentType;
        volatile String lastPath;

        void reset(Function<OCSPReq, Reply> newBehaviour) {
            behaviour = newBehaviour;
            requests.set(0);
            lastRequest = null;
        }

        /** Changes the answers but keeps counting, so a test can change them between two checks. */
        void behave(Function<OCSPReq, Reply> newBehaviour) {
            behaviour = newBehaviour;
        }

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                requests.incrementAndGet();
                lastContentType = exchange.getRequestHeaders().getFirst("Content-Type");
                lastPath = exchange.getRequestURI().getPath();
                if (!"POST".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(405, -1);
                    return;
                }
                OCSPReq request = new OCSPReq(exchange.getRequestBody().readAllBytes());
                lastRequest = request;
                Reply reply = behaviour.apply(request);
                exchange.getResponseHeaders().set("Content-Type", "application/ocsp-response");
                exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
                if (reply.body().length > 0) {
                    exchange.getResponseBody().write(reply.body());
                }
            }
        }
    }

}
