package org.govmail.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.testing.InMemoryNonceStore;
import org.govmail.auth.testing.TestIdentityProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every acceptance and refusal of {@link JwsIdentityVerifier}, each with its reason code. */
class JwsIdentityVerifierTest {
    private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final String NAME = "김선우";
    private static final LocalDate BIRTH = LocalDate.of(1990, 1, 1);

    private static TestIdentityProvider es;
    private static TestIdentityProvider rs;
    private static TestIdentityProvider ps;
    /** Offers i-PIN only. */
    private static TestIdentityProvider ipinOnly;
    /** Same key id as {@link #es}, another key: a forger. */
    private static TestIdentityProvider forger;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private InMemoryNonceStore nonces;
    private JwsIdentityVerifier verifier;

    @BeforeAll
    static void providers() {
        es = TestIdentityProvider.generate("mobile-es", JwsAlgorithm.ES256);
        rs = TestIdentityProvider.generate("ipin-rs", JwsAlgorithm.RS256);
        ps = TestIdentityProvider.generate("mobile-ps", JwsAlgorithm.PS256);
        ipinOnly = TestIdentityProvider.generate("ipin-only", "ipin-only-1", JwsAlgorithm.ES256, Set.of(IdentityProvider.IPIN));
        forger = TestIdentityProvider.generate("mobile-es", es.keyId(), JwsAlgorithm.ES256, IdentityProvider.METHODS);
    }

    @BeforeEach
    void verifier() {
        nonces = new InMemoryNonceStore();
        verifier = newVerifier(nonces);
    }

    private JwsIdentityVerifier newVerifier(NonceStore store) {
        return new JwsIdentityVerifier(List.of(es.configured(), rs.configured(), ps.configured(), ipinOnly.configured()),
            MAX_AGE, SKEW, store, clock);
    }

    private static Map<String, Object> claims(TestIdentityProvider provider) {
        return provider.claims(NAME, BIRTH, IdentityProvider.MOBILE, NOW.minusSeconds(30));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRefused(String assertion, Reason reason) {
        return assertThatThrownBy(() -> verifier.verify(assertion))
            .isInstanceOf(GovmailAuthException.class)
            .satisfies(e -> assertThat(((GovmailAuthException) e).reason()).as(e.getMessage()).isEqualTo(reason));
    }

    static Stream<TestIdentityProvider> signingProviders() {
        return Stream.of(es, rs, ps);
    }

    // Accepted

    @ParameterizedTest
    @MethodSource("signingProviders")
    void acceptsAValidAssertionOfEachAlgorithm(TestIdentityProvider provider) throws Exception {
        Map<String, Object> claims = claims(provider);
        VerifiedIdentity identity = verifier.verify(provider.sign(claims));

        assertThat(identity).isEqualTo(new VerifiedIdentity(NAME, BIRTH, provider.providerId(), "mobile",
            NOW.minusSeconds(30), (String) claims.get("nonce")));
    }

    @Test
    void es256SignaturesAreRawRAndSAsTheJdkP1363FormatReadsThem() throws Exception {
        String assertion = es.assertion(NAME, BIRTH, "mobile", NOW);
        String[] parts = assertion.split("\\.");
        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        assertThat(signature).hasSize(64);

        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        p1363.initVerify(es.publicKey());
        p1363.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(p1363.verify(signature)).isTrue();
    }

    @Test
    void acceptsEs256SignedByAnIndependentRawEncoder(@TempDir Path folder) throws Exception {
        // The development provider key, signing through the JDK's own R||S encoder rather than ours.
        DevIdentityProvider.create(folder);
        Path keyFile = folder.resolve(DevIdentityProvider.PRIVATE_KEY_FILE);
        TestIdentityProvider dev = TestIdentityProvider.load(keyFile, "dev-1", "dev");
        Map<String, Object> claims = dev.claims(NAME, BIRTH, "ipin", NOW);
        String input = IdentityAssertionSigner.base64url(IdentityAssertionSigner.json(dev.header()))
            + "." + IdentityAssertionSigner.base64url(IdentityAssertionSigner.json(claims));
        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        p1363.initSign(PemKeys.readPrivateKey(Files.readString(keyFile)));
        p1363.update(input.getBytes(StandardCharsets.US_ASCII));
        String assertion = input + "." + IdentityAssertionSigner.base64url(p1363.sign());

        JwsIdentityVerifier devVerifier = new JwsIdentityVerifier(List.of(dev.configured()), MAX_AGE, SKEW, nonces, clock);
        assertThat(devVerifier.verify(assertion).method()).isEqualTo("ipin");
    }

    @Test
    void theNameComesBackTrimmedInNfc() throws Exception {
        Map<String, Object> claims = claims(es);
        claims.put("name", " " + Normalizer.normalize(NAME, Normalizer.Form.NFD) + " ");
        assertThat(verifier.verify(es.sign(claims)).name()).isEqualTo(NAME);
    }

    @Test
    void surroundingWhitespaceAndExtraClaimsAreIgnored() throws Exception {
        Map<String, Object> claims = claims(es);
        claims.put("aud", List.of("govmail", Map.of("deep", List.of(1, 2))));
        claims.put("ci", "provider-specific connecting information");
        assertThat(verifier.verify("\n " + es.sign(claims) + "\r\n").provider()).isEqualTo("mobile-es");
    }

    @Test
    void freshnessBoundariesAreInclusive() throws Exception {
        assertThat(verifier.verify(es.assertion(NAME, BIRTH, "mobile", NOW.minus(MAX_AGE).minus(SKEW)))).isNotNull();
        assertThat(verifier.verify(es.assertion(NAME, BIRTH, "mobile", NOW.plus(SKEW)))).isNotNull();
        Map<String, Object> claims = claims(es);
        claims.put("exp", NOW.plusSeconds(1).getEpochSecond());
        assertThat(verifier.verify(es.sign(claims))).isNotNull();
    }

    @Test
    void oneNonceMayServeTwoProviders() throws Exception {
        Map<String, Object> first = claims(es);
        Map<String, Object> second = claims(rs);
        second.put("nonce", first.get("nonce"));
        verifier.verify(es.sign(first));
        assertThat(verifier.verify(rs.sign(second)).provider()).isEqualTo("ipin-rs");
    }

    // Signature and provider

    @Test
    void aSignatureByAnotherKeyUnderAKnownKeyIdIsRefused() {
        assertRefused(forger.sign(claims(forger)), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @ParameterizedTest
    @MethodSource("signingProviders")
    void aChangedPayloadIsRefused(TestIdentityProvider provider) {
        String[] parts = provider.sign(claims(provider)).split("\\.");
        Map<String, Object> changed = claims(provider);
        changed.put("name", "홍길동");
        String tampered = parts[0] + "." + IdentityAssertionSigner.base64url(IdentityAssertionSigner.json(changed)) + "." + parts[2];
        assertRefused(tampered, Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @Test
    void aTruncatedOrEmptySignatureIsRefused() {
        String assertion = es.sign(claims(es));
        String withoutSignature = assertion.substring(0, assertion.lastIndexOf('.') + 1);
        assertRefused(withoutSignature, Reason.IDENTITY_SIGNATURE_INVALID);
        assertRefused(assertion.substring(0, assertion.length() - 4), Reason.IDENTITY_SIGNATURE_INVALID);
        String zeros = withoutSignature + IdentityAssertionSigner.base64url(new byte[64]);
        assertRefused(zeros, Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @Test
    void anUnknownKeyIdIsAnUnknownProvider() {
        TestIdentityProvider stranger = TestIdentityProvider.generate("stranger", JwsAlgorithm.ES256);
        assertRefused(stranger.sign(claims(stranger)), Reason.IDENTITY_PROVIDER_UNKNOWN);
    }

    @Test
    void anIssuerOtherThanTheKeysOwnerIsRefused() {
        Map<String, Object> claims = claims(es);
        claims.put("iss", rs.providerId());
        assertRefused(es.sign(claims), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @Test
    void algNoneIsRefused() {
        assertRefused(es.unsigned(claims(es)), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @ParameterizedTest
    @MethodSource("signingProviders")
    void hmacKeyedWithThePublicKeyIsRefused(TestIdentityProvider provider) {
        Map<String, Object> claims = claims(provider);
        assertRefused(provider.hmacSigned(claims, provider.publicKeyPem().getBytes(StandardCharsets.US_ASCII)),
            Reason.IDENTITY_SIGNATURE_INVALID);
        assertRefused(provider.hmacSigned(claims, provider.publicKey().getEncoded()), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS512", "ES384", "EdDSA", "rs256", "HS512"})
    void otherAlgorithmsAreRefused(String algorithm) {
        Map<String, Object> header = rs.header();
        header.put("alg", algorithm);
        assertRefused(rs.sign(header, claims(rs)), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsRefused() {
        Map<String, Object> header = es.header();
        header.put("alg", "RS256");
        assertRefused(es.sign(header, claims(es)), Reason.IDENTITY_SIGNATURE_INVALID);
        // An RS256 signature presented as PS256: same key, other padding.
        Map<String, Object> pss = rs.header();
        pss.put("alg", "PS256");
        assertRefused(rs.sign(pss, claims(rs)), Reason.IDENTITY_SIGNATURE_INVALID);
    }

    @Test
    void aMethodTheProviderDoesNotOfferIsRefused() throws Exception {
        assertRefused(ipinOnly.sign(claims(ipinOnly)), Reason.IDENTITY_PROVIDER_UNKNOWN);
        assertThat(verifier.verify(ipinOnly.assertion(NAME, BIRTH, "ipin", NOW)).method()).isEqualTo("ipin");
    }

    // Freshness

    @Test
    void anAssertionOlderThanMaxAgeIsExpired() {
        assertRefused(es.assertion(NAME, BIRTH, "mobile", NOW.minus(MAX_AGE).minus(SKEW).minusSeconds(1)),
            Reason.IDENTITY_ASSERTION_EXPIRED);
    }

    @Test
    void anAssertionFromTheFutureIsRefused() {
        assertRefused(es.assertion(NAME, BIRTH, "mobile", NOW.plus(SKEW).plusSeconds(1)), Reason.IDENTITY_ASSERTION_EXPIRED);
    }

    @Test
    void aPassedExpIsExpired() {
        Map<String, Object> claims = claims(es);
        claims.put("exp", NOW.minus(SKEW).getEpochSecond());
        assertRefused(es.sign(claims), Reason.IDENTITY_ASSERTION_EXPIRED);
    }

    // Replay

    @Test
    void anAssertionIsAcceptedOnce() throws Exception {
        String assertion = es.assertion(NAME, BIRTH, "mobile", NOW);
        verifier.verify(assertion);
        assertRefused(assertion, Reason.IDENTITY_ASSERTION_REPLAYED);
    }

    @Test
    void aSecondVerifierSharingTheStoreRefusesTheReplay() throws Exception {
        String assertion = rs.assertion(NAME, BIRTH, "mobile", NOW);
        verifier.verify(assertion);
        JwsIdentityVerifier otherNode = newVerifier(nonces);
        assertThatThrownBy(() -> otherNode.verify(assertion))
            .satisfies(e -> assertThat(((GovmailAuthException) e).reason()).isEqualTo(Reason.IDENTITY_ASSERTION_REPLAYED));
    }

    @Test
    void aReusedNonceUnderNewClaimsIsAReplay() throws Exception {
        Map<String, Object> first = claims(es);
        verifier.verify(es.sign(first));
        Map<String, Object> second = claims(es);
        second.put("nonce", first.get("nonce"));
        second.put("name", "홍길동");
        assertRefused(es.sign(second), Reason.IDENTITY_ASSERTION_REPLAYED);
    }

    @Test
    void refusedAssertionsDoNotUseUpTheirNonce() {
        Map<String, Object> claims = claims(es);
        claims.put("birthdate", "1990-13-01");
        assertRefused(es.sign(claims), Reason.IDENTITY_ASSERTION_MALFORMED);
        assertRefused(es.assertion(NAME, BIRTH, "mobile", NOW.minus(Duration.ofHours(1))), Reason.IDENTITY_ASSERTION_EXPIRED);
        assertRefused(forger.sign(claims(forger)), Reason.IDENTITY_SIGNATURE_INVALID);
        assertThat(nonces.size()).isZero();
    }

    // Malformed

    @ParameterizedTest
    @ValueSource(strings = {"iss", "name", "birthdate", "method", "iat", "nonce"})
    void everyClaimIsRequired(String claim) {
        Map<String, Object> claims = claims(es);
        claims.remove(claim);
        assertRefused(es.sign(claims), Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    static Stream<Map.Entry<String, Object>> wrongClaims() {
        return Stream.of(
            Map.entry("iat", String.valueOf(NOW.getEpochSecond())),
            Map.entry("iat", NOW.getEpochSecond() + 0.5),
            Map.entry("iat", -1L),
            Map.entry("iat", new java.math.BigInteger("123456789012345678901234567890")),
            Map.entry("exp", "tomorrow"),
            Map.entry("name", 42L),
            Map.entry("name", "   "),
            Map.entry("name", "김\u0000선우"),
            Map.entry("name", "김\u200B선우"),
            Map.entry("name", "가".repeat(JwsIdentityVerifier.MAX_NAME_LENGTH + 1)),
            Map.entry("birthdate", "1990-1-1"),
            Map.entry("birthdate", "19900101"),
            Map.entry("birthdate", "1990-02-30"),
            Map.entry("birthdate", "1899-12-31"),
            Map.entry("birthdate", "2999-01-01"),
            Map.entry("birthdate", "１９９０-01-01"),
            Map.entry("method", "sms"),
            Map.entry("method", "MOBILE"),
            Map.entry("nonce", "short"),
            Map.entry("nonce", "x".repeat(JwsIdentityVerifier.MAX_NONCE_LENGTH + 1)),
            Map.entry("nonce", "with a space"),
            Map.entry("nonce", "넌스넌스넌스넌스"),
            Map.entry("nonce", 12345678L),
            Map.entry("iss", List.of("mobile-es")));
    }

    @ParameterizedTest
    @MethodSource("wrongClaims")
    void claimsOfTheWrongTypeOrFormAreMalformed(Map.Entry<String, Object> wrong) {
        Map<String, Object> claims = claims(es);
        claims.put(wrong.getKey(), wrong.getValue());
        assertRefused(es.sign(claims), Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    @Test
    void anOversizeAssertionIsRefusedBeforeParsing() {
        assertRefused("a".repeat(JwsIdentityVerifier.MAX_ASSERTION_CHARS + 1), Reason.IDENTITY_ASSERTION_MALFORMED);
        Map<String, Object> claims = claims(es);
        claims.put("padding", "p".repeat(JwsIdentityVerifier.MAX_ASSERTION_CHARS));
        assertRefused(es.sign(claims), Reason.IDENTITY_ASSERTION_MALFORMED)
            .hasMessageContaining("longer than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d", "...", "eyJhbGciOiJFUzI1NiJ9.e30=.AA", "!!.??.**"})
    void textThatIsNoJwsIsMalformed(String text) {
        assertRefused(text, Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    @Test
    void nullIsMalformed() {
        assertRefused(null, Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    @Test
    void headersThatAreNotJsonObjectsOrLackTheKeyIdAreMalformed() {
        String payload = IdentityAssertionSigner.base64url(IdentityAssertionSigner.json(claims(es)));
        for (String header : List.of("[]", "\"ES256\"", "{\"alg\":\"ES256\"", "{\"alg\":\"ES256\",\"kid\":1}",
                "{\"kid\":\"" + es.keyId() + "\"}", "{\"alg\":\"ES256\"}", "{\"alg\":\"ES256\",\"kid\":\"x\"} {}")) {
            String encoded = IdentityAssertionSigner.base64url(header.getBytes(StandardCharsets.UTF_8));
            assertRefused(encoded + "." + payload + ".AAAA", Reason.IDENTITY_ASSERTION_MALFORMED);
        }
    }

    @Test
    void criticalHeaderExtensionsAreRefused() {
        Map<String, Object> header = es.header();
        header.put("b64", false);
        header.put("crit", List.of("b64"));
        assertRefused(es.sign(header, claims(es)), Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    @Test
    void duplicateMembersAreMalformedEvenWhenSigned() {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + es.keyId() + "\"}";
        long iat = NOW.getEpochSecond();
        String payload = "{\"iss\":\"mobile-es\",\"name\":\"김선우\",\"name\":\"홍길동\",\"birthdate\":\"1990-01-01\","
            + "\"method\":\"mobile\",\"iat\":" + iat + ",\"nonce\":\"" + es.newNonce() + "\"}";
        assertRefused(es.signJson(header, payload), Reason.IDENTITY_ASSERTION_MALFORMED);
        String duplicateKid = "{\"alg\":\"ES256\",\"kid\":\"other\",\"kid\":\"" + es.keyId() + "\"}";
        assertRefused(es.signJson(duplicateKid, payload.replace(",\"name\":\"홍길동\"", "")), Reason.IDENTITY_ASSERTION_MALFORMED);
    }

    @Test
    void aPayloadThatIsNotUtf8IsMalformed() {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + es.keyId() + "\"}";
        String payload = "{\"iss\":\"mobile-es\",\"name\":\"\\uD800\",\"birthdate\":\"1990-01-01\",\"method\":\"mobile\",\"iat\":"
            + NOW.getEpochSecond() + ",\"nonce\":\"" + es.newNonce() + "\"}";
        assertRefused(es.signJson(header, payload), Reason.IDENTITY_ASSERTION_MALFORMED);
        byte[] latin1 = payload.replace("\\uD800", "Jos\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(es.signJson(header.getBytes(StandardCharsets.UTF_8), latin1), Reason.IDENTITY_ASSERTION_MALFORMED)
            .hasMessageContaining("UTF-8");
    }

    @Test
    void deeplyNestedMembersAreSkippedWithoutRecursion() throws Exception {
        String header = "{\"alg\":\"ES256\",\"kid\":\"" + es.keyId() + "\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        String payload = new String(IdentityAssertionSigner.json(claims(es)), StandardCharsets.UTF_8);
        assertThat(verifier.verify(es.signJson(header, payload)).name()).isEqualTo(NAME);
    }

    // Construction

    @Test
    void keyIdsMustBeUnique() {
        assertThatThrownBy(() -> new JwsIdentityVerifier(List.of(es.configured(), forger.configured()), MAX_AGE, SKEW, nonces, clock))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(es.keyId());
    }
}
