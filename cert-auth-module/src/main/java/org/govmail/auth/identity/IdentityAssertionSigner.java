package org.govmail.auth.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Signs identity assertions the way a provider does, for the development provider
 * ({@code govmail-pki identity-assertion}) and for tests. Production assertions come from the real providers;
 * govmail itself never vouches for anyone.
 */
public final class IdentityAssertionSigner {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final JsonFactory JSON = new JsonFactory();

    private final String providerId;
    private final String keyId;
    private final JwsAlgorithm algorithm;
    private final PrivateKey key;
    private final SecureRandom random = new SecureRandom();

    public IdentityAssertionSigner(String providerId, String keyId, JwsAlgorithm algorithm, PrivateKey key) {
        this.providerId = Objects.requireNonNull(providerId);
        this.keyId = Objects.requireNonNull(keyId);
        this.algorithm = Objects.requireNonNull(algorithm);
        this.key = Objects.requireNonNull(key);
        if (!algorithm.fits(key)) {
            throw new IllegalArgumentException(algorithm + " cannot sign with this " + key.getAlgorithm() + " key");
        }
    }

    public String providerId() {
        return providerId;
    }

    public String keyId() {
        return keyId;
    }

    public JwsAlgorithm algorithm() {
        return algorithm;
    }

    /** A complete, fresh assertion: issued at {@code issuedAt}, with a new random nonce and no {@code exp}. */
    public String assertion(String name, LocalDate birthDate, String method, Instant issuedAt) {
        return sign(claims(name, birthDate, method, issuedAt));
    }

    /** The claims of a valid assertion, in a new map the caller may change before {@link #sign(Map)}. */
    public Map<String, Object> claims(String name, LocalDate birthDate, String method, Instant issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", providerId);
        claims.put("name", name);
        claims.put("birthdate", birthDate.toString());
        claims.put("method", method);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("nonce", newNonce());
        return claims;
    }

    /** The header of this signer's assertions ({@code alg}, {@code kid}, {@code typ}), in a new map. */
    public Map<String, Object> header() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm.name());
        header.put("kid", keyId);
        header.put("typ", "JWT");
        return header;
    }

    public String sign(Map<String, ?> claims) {
        return sign(header(), claims);
    }

    /** Signs with this signer's algorithm and key whatever the header says (tests forge headers this way). */
    public String sign(Map<String, ?> header, Map<String, ?> claims) {
        return signJson(json(header), json(claims));
    }

    /** Signs header and payload exactly as given (tests build JSON no map can hold, such as duplicate members). */
    public String signJson(byte[] headerJson, byte[] payloadJson) {
        String signingInput = base64url(headerJson) + "." + base64url(payloadJson);
        return signingInput + "." + base64url(algorithm.sign(key, signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** 128 random bits, base64url: 22 characters. */
    public String newNonce() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return base64url(bytes);
    }

    public static String base64url(byte[] bytes) {
        return BASE64URL.encodeToString(bytes);
    }

    /** JSON of maps, lists, strings, numbers, booleans and null, as UTF-8. */
    public static byte[] json(Map<String, ?> object) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            write(generator, object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> member : map.entrySet()) {
                generator.writeFieldName(String.valueOf(member.getKey()));
                write(generator, member.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else if (value instanceof Long || value instanceof Integer) {
            generator.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number number) {
            generator.writeNumber(number.toString());
        } else {
            generator.writeString(value.toString());
        }
    }
}
