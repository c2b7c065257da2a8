package org.govmail.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.identity.PemKeys;
import org.govmail.auth.testing.MovableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Every acceptance and refusal of {@link AccessTokenCodec}: forgeries, rotation, expiry, malformed input. */
class AccessTokenCodecTest {
    private static final String ISSUER = "https://mail.example.go.kr";
    private static final Instant NOW = Instant.parse("2025-03-01T03:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(15);
    private static final String FINGERPRINT = "3f".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static TokenSigningKey oldKey;
    private static TokenSigningKey newKey;
    /** Carries the id of {@link #oldKey} with another key pair: a forger who knows our key ids. */
    private static TokenSigningKey forger;

    private MovableClock clock;
    private AccessTokenCodec codec;

    @BeforeAll
    static void keys() throws GeneralSecurityException {
        oldKey = rsa2048("2025-01");
        newKey = rsa2048("2025-04");
        forger = rsa2048("2025-01");
    }

    @BeforeEach
    void codec() {
        clock = new MovableClock(NOW);
        codec = new AccessTokenCodec(new TokenSigningKeys(List.of(oldKey), oldKey.id()), ISSUER, clock);
    }

    @Test
    void roundTrip() throws Exception {
        AccessTokenClaims claims = claims(NOW);

        String token = codec.encode(claims);

        assertThat(codec.decode(token)).isEqualTo(claims);
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3).allSatisfy(part -> assertThat(part).matches("[A-Za-z0-9_-]+"));
        assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8))
            .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}");
    }

    @Test
    void eachClaimSurvivesUnderItsJsonName() throws Exception {
        AccessTokenClaims claims = new AccessTokenClaims(ISSUER, "kim.sunwoo@mois.go.kr", "webmail-front", "sess-7f3a",
            FINGERPRINT, "PENDING", NOW.plusMillis(900), NOW.plus(LIFETIME).plusNanos(5), "jti-0001");

        String token = codec.encode(claims);
        AccessTokenClaims decoded = codec.decode(token);

        assertThat(decoded.issuer()).isEqualTo(ISSUER);
        assertThat(decoded.subject()).isEqualTo("kim.sunwoo@mois.go.kr");
        assertThat(decoded.client()).isEqualTo("webmail-front");
        assertThat(decoded.sessionId()).isEqualTo("sess-7f3a");
        assertThat(decoded.fingerprint()).isEqualTo(FINGERPRINT);
        assertThat(decoded.status()).isEqualTo("PENDING");
        assertThat(decoded.issuedAt()).isEqualTo(NOW);
        assertThat(decoded.expiresAt()).isEqualTo(NOW.plus(LIFETIME));
        assertThat(decoded.tokenId()).isEqualTo("jti-0001");
        assertThat(decoded).isEqualTo(claims);

        Map<String, Object> payload = JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), new TypeReference<>() { });
        assertThat(payload).containsOnlyKeys("iss", "sub", "aud", "azp", "sid", "cert_sha256", "status", "iat", "exp", "jti")
            .containsEntry("iss", ISSUER)
            .containsEntry("sub", "kim.sunwoo@mois.go.kr")
            .containsEntry("aud", "webmail-front")
            .containsEntry("azp", "webmail-front")
            .containsEntry("sid", "sess-7f3a")
            .containsEntry("cert_sha256", FINGERPRINT)
            .containsEntry("status", "PENDING")
            .containsEntry("iat", (int) NOW.getEpochSecond())
            .containsEntry("exp", (int) NOW.plus(LIFETIME).getEpochSecond())
            .containsEntry("jti", "jti-0001");
    }

    @Test
    void expiresAtExpWithoutLeeway() throws Exception {
        String token = codec.encode(claims(NOW));

        clock.set(NOW.plus(LIFETIME).minusMillis(1));
        assertThat(codec.decode(token).subject()).isEqualTo("kim.sunwoo@mois.go.kr");

        clock.set(NOW.plus(LIFETIME));
        refused(token, Reason.TOKEN_EXPIRED);
        clock.advance(Duration.ofDays(1));
        refused(token, Reason.TOKEN_EXPIRED);
    }

    @Test
    void issuedMoreThanAMinuteInTheFutureIsInvalid() throws Exception {
        assertThat(codec.decode(codec.encode(claims(NOW.plusSeconds(60))))).isNotNull();
        refused(codec.encode(claims(NOW.plusSeconds(61))), Reason.TOKEN_INVALID);
    }

    @Test
    void changedClaimWithTheOriginalSignatureIsInvalid() throws Exception {
        String[] parts = codec.encode(claims(NOW)).split("\\.");
        Map<String, Object> payload = payload(claims(NOW));
        payload.put("sub", "minister@mois.go.kr");

        refused(parts[0] + "." + b64(JSON.writeValueAsBytes(payload)) + "." + parts[2], Reason.TOKEN_INVALID);
    }

    @Test
    void changedHeaderOrSignatureIsInvalid() throws Exception {
        String[] parts = codec.encode(claims(NOW)).split("\\.");
        String reorderedHeader = b64("{\"typ\":\"JWT\",\"alg\":\"RS256\",\"kid\":\"2025-01\"}");
        refused(reorderedHeader + "." + parts[1] + "." + parts[2], Reason.TOKEN_INVALID);

        byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
        signature[signature.length / 2] ^= 0x01;
        refused(parts[0] + "." + parts[1] + "." + b64(signature), Reason.TOKEN_INVALID);

        byte[] longer = new byte[signature.length + 1];
        System.arraycopy(Base64.getUrlDecoder().decode(parts[2]), 0, longer, 1, signature.length);
        refused(parts[0] + "." + parts[1] + "." + b64(longer), Reason.TOKEN_INVALID);

        refused(parts[0] + "." + parts[1] + ".", Reason.TOKEN_INVALID);
    }

    @Test
    void algNoneWithEmptySignatureIsInvalid() throws Exception {
        String payload = b64(JSON.writeValueAsBytes(payload(claims(NOW))));
        refused(b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}") + "." + payload + ".", Reason.TOKEN_INVALID);
        refused(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".", Reason.TOKEN_INVALID);
        refused(b64("{\"alg\":\"none\"}") + "." + payload + ".", Reason.TOKEN_INVALID);
    }

    @Test
    void hs256WithThePublicKeyAsSecretIsInvalid() throws Exception {
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}");
        String signingInput = header + "." + b64(JSON.writeValueAsBytes(payload(claims(NOW))));
        for (byte[] secret : List.of(oldKey.publicKey().getEncoded(),
            PemKeys.toPem(oldKey.publicKey()).getBytes(StandardCharsets.US_ASCII))) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));

            refused(signingInput + "." + b64(tag), Reason.TOKEN_INVALID);
        }
    }

    /** Correctly RS256-signed by our key, so only the header itself can be the reason for the refusal. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"alg\":\"RS512\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "{\"alg\":\"PS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "{\"alg\":\"rs256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "{\"alg\":[\"RS256\"],\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "{\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "{\"alg\":\"RS256\",\"typ\":\"JWS\",\"kid\":\"2025-01\"}",
        "{\"alg\":\"RS256\",\"typ\":\"jwt\",\"kid\":\"2025-01\"}",
        "{\"alg\":\"RS256\",\"typ\":7,\"kid\":\"2025-01\"}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\"}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":null}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":2025}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\",\"crit\":[\"exp\"]}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\",\"jku\":\"https://evil.example/jwks\"}",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\",\"jwk\":{\"kty\":\"RSA\"}}",
        "{\"alg\":\"RS256\",\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}",
        "[\"RS256\"]",
        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2025-01\"}{}",
    })
    void headerOtherThanOursIsInvalid(String header) throws Exception {
        refused(signed(oldKey, header, JSON.writeValueAsString(payload(claims(NOW)))), Reason.TOKEN_INVALID);
    }

    @Test
    void headerWithoutTypIsAccepted() throws Exception {
        String token = signed(oldKey, "{\"alg\":\"RS256\",\"kid\":\"2025-01\"}", JSON.writeValueAsString(payload(claims(NOW))));

        assertThat(codec.decode(token)).isEqualTo(claims(NOW));
    }

    @Test
    void deeplyNestedHeaderIsInvalidWithoutExhaustingTheStack() {
        String header = "{\"alg\":" + "[".repeat(2500) + "]".repeat(2500) + "}";
        String token = b64(header) + ".e30.AA";
        assertThat(token.length()).isLessThan(AccessTokenCodec.MAX_TOKEN_CHARS);

        assertThatThrownBy(() -> codec.decode(token)).isInstanceOfSatisfying(GovmailAuthException.class,
            e -> assertThat(e.getMessage()).isEqualTo("the signature algorithm is not RS256"));
    }

    @Test
    void unknownKeyIdIsInvalid() throws Exception {
        String payload = JSON.writeValueAsString(payload(claims(NOW)));
        refused(signed(oldKey, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"2024-12\"}", payload), Reason.TOKEN_INVALID);
        refused(signed(oldKey, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"\"}", payload), Reason.TOKEN_INVALID);
        refused(signed(oldKey, "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"../../etc/passwd\"}", payload), Reason.TOKEN_INVALID);
    }

    @Test
    void keyOutsideTheSetUnderAKnownKeyIdIsInvalid() {
        AccessTokenCodec forgersCodec = new AccessTokenCodec(new TokenSigningKeys(List.of(forger), forger.id()), ISSUER, clock);

        refused(forgersCodec.encode(claims(NOW)), Reason.TOKEN_INVALID);
    }

    @Test
    void rotationKeepsOldTokensValidAndSignsNewOnesWithTheNewKey() throws Exception {
        String oldToken = codec.encode(claims(NOW));
        AccessTokenCodec rotated = new AccessTokenCodec(new TokenSigningKeys(List.of(oldKey, newKey), newKey.id()), ISSUER, clock);

        assertThat(rotated.decode(oldToken)).isEqualTo(claims(NOW));
        String newToken = rotated.encode(claims(NOW));
        assertThat(kid(newToken)).isEqualTo("2025-04");
        assertThat(kid(oldToken)).isEqualTo("2025-01");
        assertThat(rotated.decode(newToken)).isEqualTo(claims(NOW));
        // A node that has not rotated yet does not know the new key.
        refused(newToken, Reason.TOKEN_INVALID);
    }

    @Test
    void tokenOfARemovedKeyIsInvalid() {
        String oldToken = codec.encode(claims(NOW));
        AccessTokenCodec withoutOldKey = new AccessTokenCodec(new TokenSigningKeys(List.of(newKey), newKey.id()), ISSUER, clock);

        refusedBy(withoutOldKey, oldToken, Reason.TOKEN_INVALID);
    }

    @Test
    void otherIssuerIsInvalid() {
        AccessTokenCodec otherServer = new AccessTokenCodec(new TokenSigningKeys(List.of(oldKey), oldKey.id()), "https://other.example", clock);

        refusedBy(otherServer, codec.encode(claims(NOW)), Reason.TOKEN_INVALID);
        assertThatThrownBy(() -> otherServer.encode(claims(NOW))).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> garbage() {
        String token = staticToken();
        String[] parts = token.split("\\.");
        return Stream.of(
            null, "", " ", "\t\n", "abc", "a.b", "a.b.c", "a.b.c.d", "..", "...",
            token + ".", "." + token, token + " ", " " + token, token + "\n",
            parts[0] + "." + parts[1] + "." + parts[2] + "=",
            parts[0] + "=." + parts[1] + "." + parts[2],
            parts[0].replace('-', '+').replace('_', '/') + "." + parts[1] + "." + parts[2] + "+/",
            parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 1),
            parts[0] + "." + parts[1] + "." + parts[2] + "A",
            parts[0] + "." + parts[1] + "." + nonCanonical(parts[2]),
            parts[0] + "." + parts[1] + "." + parts[2].replace(parts[2].charAt(5), '%'),
            parts[0] + ".." + parts[2],
            "e30.e30.",
            b64("null") + "." + parts[1] + "." + parts[2],
            b64(new byte[] {(byte) 0xC0, (byte) 0xAF}) + "." + parts[1] + "." + parts[2],
            "A".repeat(AccessTokenCodec.MAX_TOKEN_CHARS + 1),
            parts[0] + "." + parts[1] + "." + parts[2] + "A".repeat(AccessTokenCodec.MAX_TOKEN_CHARS));
    }

    @ParameterizedTest
    @MethodSource("garbage")
    void garbageIsInvalid(String input) {
        refused(input, Reason.TOKEN_INVALID);
    }

    /** Signed by our key but with claims this codec never issues. */
    @ParameterizedTest
    @ValueSource(strings = {"sub", "aud", "azp", "sid", "cert_sha256", "status", "iat", "exp", "jti", "iss"})
    void missingClaimIsInvalid(String claim) throws Exception {
        Map<String, Object> payload = payload(claims(NOW));
        payload.remove(claim);
        refused(signed(oldKey, ourHeader(), JSON.writeValueAsString(payload)), Reason.TOKEN_INVALID);
        payload.put(claim, null);
        refused(signed(oldKey, ourHeader(), JSON.writeValueAsString(payload)), Reason.TOKEN_INVALID);
    }

    static Stream<Map<String, Object>> illTypedClaims() {
        long iat = NOW.getEpochSecond();
        return Stream.of(
            Map.of("sub", 42),
            Map.of("sub", List.of("kim.sunwoo@mois.go.kr")),
            Map.of("aud", List.of("webmail-front")),
            Map.of("aud", "other-front"),
            Map.of("iat", String.valueOf(iat)),
            Map.of("iat", iat + 0.5),
            Map.of("exp", (double) (iat + 900)),
            Map.of("exp", new java.math.BigInteger("1000000000000000000000")),
            Map.of("exp", -1),
            Map.of("exp", iat),
            Map.of("exp", iat - 1),
            Map.of("cert_sha256", FINGERPRINT.toUpperCase()),
            Map.of("cert_sha256", "3f"),
            Map.of("status", "approved"),
            Map.of("sub", ""),
            Map.of("sub", "kim sunwoo@mois.go.kr"),
            Map.of("sid", "sess\nforged log line"),
            Map.of("iss", ISSUER + "/"));
    }

    @ParameterizedTest
    @MethodSource("illTypedClaims")
    void illTypedOrMalformedClaimIsInvalid(Map<String, Object> change) throws Exception {
        Map<String, Object> payload = payload(claims(NOW));
        payload.putAll(change);

        refused(signed(oldKey, ourHeader(), JSON.writeValueAsString(payload)), Reason.TOKEN_INVALID);
    }

    @Test
    void payloadThatIsNoSingleJsonObjectIsInvalid() throws Exception {
        String claims = JSON.writeValueAsString(payload(claims(NOW)));
        refused(signed(oldKey, ourHeader(), "[" + claims + "]"), Reason.TOKEN_INVALID);
        refused(signed(oldKey, ourHeader(), claims + claims), Reason.TOKEN_INVALID);
        refused(signed(oldKey, ourHeader(), claims.replace("\"jti\"", "\"sub\":\"minister@mois.go.kr\",\"jti\"")), Reason.TOKEN_INVALID);
        refused(signed(oldKey, ourHeader(), ""), Reason.TOKEN_INVALID);
    }

    @Test
    void unknownExtraClaimsAreIgnored() throws Exception {
        Map<String, Object> payload = payload(claims(NOW));
        payload.put("nbf", NOW.getEpochSecond());
        payload.put("scope", "mail");

        assertThat(codec.decode(signed(oldKey, ourHeader(), JSON.writeValueAsString(payload)))).isEqualTo(claims(NOW));
    }

    @Test
    void claimsThatCannotBeIssuedAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> new AccessTokenClaims(ISSUER, "a@b.kr", "web", "s", FINGERPRINT, "APPROVED", NOW, NOW, "j"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenClaims(ISSUER, "a@b.kr", "web", "s", "not-hex", "APPROVED", NOW, NOW.plus(LIFETIME), "j"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessTokenClaims(ISSUER, null, "web", "s", FINGERPRINT, "APPROVED", NOW, NOW.plus(LIFETIME), "j"))
            .isInstanceOf(NullPointerException.class);
    }

    // ---- helpers

    private void refused(String token, Reason reason) {
        refusedBy(codec, token, reason);
    }

    /** Refused with {@code reason}, and the detail (it goes to logs) quotes no part of the token. */
    private static void refusedBy(AccessTokenCodec verifier, String token, Reason reason) {
        assertThatThrownBy(() -> verifier.decode(token))
            .isInstanceOfSatisfying(GovmailAuthException.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.getMessage()).isNotBlank();
                if (token != null) {
                    for (String part : token.split("\\.")) {
                        if (part.length() >= 12) {
                            assertThat(e.getMessage()).doesNotContain(part.substring(0, 12));
                        }
                    }
                }
            });
    }

    private static AccessTokenClaims claims(Instant issuedAt) {
        return new AccessTokenClaims(ISSUER, "kim.sunwoo@mois.go.kr", "webmail-front", "sess-7f3a", FINGERPRINT, "APPROVED",
            issuedAt, issuedAt.plus(LIFETIME), "jti-0001");
    }

    private static Map<String, Object> payload(AccessTokenClaims claims) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>();
        payload.put("iss", claims.issuer());
        payload.put("sub", claims.subject());
        payload.put("aud", claims.client());
        payload.put("azp", claims.client());
        payload.put("sid", claims.sessionId());
        payload.put("cert_sha256", claims.fingerprint());
        payload.put("status", claims.status());
        payload.put("iat", claims.issuedAt().getEpochSecond());
        payload.put("exp", claims.expiresAt().getEpochSecond());
        payload.put("jti", claims.tokenId());
        return payload;
    }

    private static String ourHeader() {
        return "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + oldKey.id() + "\"}";
    }

    /** A compact JWS over any header and payload text, RS256-signed with {@code key}. */
    private static String signed(TokenSigningKey key, String header, String payload) {
        String signingInput = b64(header) + "." + b64(payload);
        return signingInput + "." + b64(JwsAlgorithm.RS256.sign(key.privateKey(), signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String staticToken() {
        return new AccessTokenCodec(new TokenSigningKeys(List.of(oldKey), oldKey.id()), ISSUER, new MovableClock(NOW)).encode(claims(NOW));
    }

    /** The same bytes spelled with non-zero unused bits in the last character. */
    private static String nonCanonical(String part) {
        char last = part.charAt(part.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int index = alphabet.indexOf(last);
        // A 256-byte signature ends in one byte spread over two characters: the last one has 4 unused bits.
        return part.substring(0, part.length() - 1) + alphabet.charAt(index | 0x01);
    }

    private static String kid(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[0])).get("kid").asText();
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return B64.encodeToString(bytes);
    }

    private static TokenSigningKey rsa2048(String id) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        return new TokenSigningKey(id, pair.getPrivate(), pair.getPublic());
    }
}
