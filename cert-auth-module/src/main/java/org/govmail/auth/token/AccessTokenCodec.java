package org.govmail.auth.token;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.identity.JwsAlgorithm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Access tokens as JWTs (RFC 7519) in JWS compact serialization, signed RS256 with the active key of a
 * {@link TokenSigningKeys} set and verified with whichever key of the set their {@code kid} names.
 *
 * <p>Why {@link #decode} is this strict:
 * <ul>
 * <li>the algorithm is fixed: a token whose header says anything but {@code RS256} ({@code none}, HS256 with
 * the public key as the HMAC secret, another RSA variant) is refused, so the header never chooses how the key
 * is used. The only header members accepted are {@code alg}, {@code typ} ({@code JWT}) and {@code kid}; in
 * particular {@code crit}, {@code jwk}, {@code jku}, {@code x5u} and {@code x5c}, which could point to a key
 * of the sender's choosing, are refused;</li>
 * <li>the key comes from our own set by {@code kid}; an unknown id is refused, never looked up elsewhere;</li>
 * <li>the signature is checked before any claim is read, and the base64url parts must be canonical (no
 * padding, no spare bits), so there is exactly one valid spelling of every token;</li>
 * <li>JSON must be one object in strict UTF-8 without duplicate member names, so no two parsers can read
 * different claims from one signed payload;</li>
 * <li>refusal details never contain the token, which is a bearer credential; they end up in logs.</li>
 * </ul>
 * Revocation (the session behind {@code sid}) is not checked here: that needs the session store.
 */
public final class AccessTokenCodec {
    /** Longer input is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 8 * 1024;
    /** How far in the future {@code iat} may lie: clocks of cluster nodes differ a little. */
    public static final Duration MAX_ISSUED_IN_FUTURE = Duration.ofSeconds(60);

    private static final String ALGORITHM = "RS256";
    private static final String TYPE = "JWT";
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "typ", "kid");
    /** NumericDate seconds up to year 9999: keeps Instant arithmetic far from overflow. */
    private static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private final TokenSigningKeys keys;
    private final String issuer;
    private final Clock clock;

    /**
     * @param keys   signs with {@link TokenSigningKeys#active()}, verifies with any of its keys
     * @param issuer the {@code iss} of every token issued and the only one accepted
     */
    public AccessTokenCodec(TokenSigningKeys keys, String issuer, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("the token issuer must not be blank");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The signed token, header {@code {"alg":"RS256","typ":"JWT","kid":"<active id>"}}.
     *
     * @throws IllegalArgumentException if the claims name another issuer than this codec's
     */
    public String encode(AccessTokenClaims claims) {
        Objects.requireNonNull(claims, "claims");
        if (!claims.issuer().equals(issuer)) {
            throw new IllegalArgumentException("this codec issues tokens for " + issuer + ", not " + claims.issuer());
        }
        TokenSigningKey key = keys.active();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("typ", TYPE);
        header.put("kid", key.id());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", claims.issuer());
        payload.put("sub", claims.subject());
        payload.put("aud", claims.client());
        payload.put("azp", claims.client());
        payload.put("sid", claims.sessionId());
        payload.put("cert_sha256", claims.fingerprint());
        payload.put("status", claims.status());
        payload.put("iat", numericDate(claims.issuedAt()));
        payload.put("exp", numericDate(claims.expiresAt()));
        payload.put("jti", claims.tokenId());
        String signingInput = ENCODER.encodeToString(json(header)) + "." + ENCODER.encodeToString(json(payload));
        byte[] signature = JwsAlgorithm.RS256.sign(key.privateKey(), signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + ENCODER.encodeToString(signature);
    }

    /**
     * The claims of a token this codec's key set signed, for this issuer, not expired.
     *
     * @throws GovmailAuthException TOKEN_EXPIRED when {@code exp} is reached (no leeway), TOKEN_INVALID for
     *                              every other refusal
     */
    public AccessTokenClaims decode(String token) throws GovmailAuthException {
        if (token == null || token.isBlank()) {
            throw invalid("no token");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalid("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw invalid("not a JWS compact serialization (expected three base64url parts)");
        }
        byte[] headerBytes = base64url(parts[0], "header");
        byte[] payloadBytes = base64url(parts[1], "payload");
        byte[] signature = base64url(parts[2], "signature");

        JsonNode header = object(headerBytes, "header");
        JsonNode algorithm = header.get("alg");
        if (algorithm == null || !algorithm.isTextual() || !ALGORITHM.equals(algorithm.textValue())) {
            throw invalid("the signature algorithm is not RS256");
        }
        JsonNode type = header.get("typ");
        if (type != null && (!type.isTextual() || !TYPE.equals(type.textValue()))) {
            throw invalid("the token type is not JWT");
        }
        if (header.has("crit")) {
            throw invalid("critical header extensions are not supported");
        }
        for (Iterator<String> names = header.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!HEADER_MEMBERS.contains(name)) {
                throw invalid("header member " + printable(name) + " is not accepted");
            }
        }
        JsonNode keyId = header.get("kid");
        if (keyId == null || !keyId.isTextual()) {
            throw invalid("the header names no key id");
        }
        TokenSigningKey key = keys.find(keyId.textValue())
            .orElseThrow(() -> invalid("key id " + shownKeyId(keyId.textValue()) + " is not one of the token signing keys"));
        RSAPublicKey publicKey = (RSAPublicKey) key.publicKey();
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        // RFC 8017 §8.2.2: the signature is exactly as long as the modulus; no shorter spellings.
        if (signature.length != (publicKey.getModulus().bitLength() + 7) / 8
            || !JwsAlgorithm.RS256.verify(publicKey, signingInput, signature)) {
            throw invalid("the signature does not verify with token signing key " + key.id());
        }

        // Signed with one of our keys from here on. The claims are still checked: an older or faulty issuer
        // could have signed claims this version does not accept.
        JsonNode claims = object(payloadBytes, "payload");
        String tokenIssuer = text(claims, "iss");
        String subject = text(claims, "sub");
        String audience = text(claims, "aud");
        String client = text(claims, "azp");
        String sessionId = text(claims, "sid");
        String fingerprint = text(claims, "cert_sha256");
        String status = text(claims, "status");
        Instant issuedAt = numericDate(claims, "iat");
        Instant expiresAt = numericDate(claims, "exp");
        String tokenId = text(claims, "jti");
        if (!tokenIssuer.equals(issuer)) {
            throw invalid("the token was issued by " + printable(tokenIssuer) + ", not by " + issuer);
        }
        if (!audience.equals(client)) {
            throw invalid("the audience is not the client the token was issued to");
        }
        AccessTokenClaims decoded;
        try {
            decoded = new AccessTokenClaims(tokenIssuer, subject, client, sessionId, fingerprint, status, issuedAt, expiresAt, tokenId);
        } catch (IllegalArgumentException e) {
            throw invalid("claims out of form: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(MAX_ISSUED_IN_FUTURE))) {
            throw invalid("issued in the future (iat " + issuedAt + ", now " + now + ")");
        }
        if (!now.isBefore(expiresAt)) {
            throw new GovmailAuthException(Reason.TOKEN_EXPIRED, "expired at " + expiresAt);
        }
        return decoded;
    }

    private static byte[] json(Map<String, Object> members) {
        try {
            return JSON.writeValueAsBytes(members);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write token JSON", e);
        }
    }

    private static long numericDate(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw new IllegalArgumentException("token times must lie between 1970 and 9999");
        }
        return seconds;
    }

    private static byte[] base64url(String part, String what) throws GovmailAuthException {
        if (!BASE64URL.matcher(part).matches()) {
            throw invalid("the " + what + " is not unpadded base64url");
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw invalid("the " + what + " is not valid base64url");
        }
        // Unused low bits in the last character would give one token several valid spellings.
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw invalid("the " + what + " is not canonical base64url");
        }
        return bytes;
    }

    private static JsonNode object(byte[] utf8, String what) throws GovmailAuthException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the " + what + " is not UTF-8");
        }
        JsonNode node;
        try {
            // Jackson (2.13+) builds the tree without recursion, so deep nesting cannot overflow the stack.
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw invalid("the " + what + " is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw invalid("the " + what + " is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode claims, String name) throws GovmailAuthException {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            throw invalid("claim " + name + " is missing");
        }
        if (!value.isTextual()) {
            throw invalid("claim " + name + " must be a string");
        }
        return value.textValue();
    }

    private static Instant numericDate(JsonNode claims, String name) throws GovmailAuthException {
        JsonNode value = claims.get(name);
        if (value == null || value.isNull()) {
            throw invalid("claim " + name + " is missing");
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0 || value.longValue() > MAX_EPOCH_SECOND) {
            throw invalid("claim " + name + " must be whole seconds since 1970 (a JSON integer)");
        }
        return Instant.ofEpochSecond(value.longValue());
    }

    /** Key ids come from the sender: shown only if they have the form of ours. */
    private static String shownKeyId(String keyId) {
        return TokenSigningKey.isValidId(keyId) ? keyId : "(not a key id)";
    }

    /** Sender-chosen text reaches a log only as visible ASCII, shortened. */
    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("[^\\x20-\\x7E]", "?");
    }

    private static GovmailAuthException invalid(String detail) {
        return new GovmailAuthException(Reason.TOKEN_INVALID, detail);
    }
}
