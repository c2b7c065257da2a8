package org.govmail.auth.token;

import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys access tokens are verified with, one of them active for signing new tokens.
 *
 * <p>Rotation without logging everyone out: add a new key and make it active; keep the old one in the set
 * (and so in the published {@link #jwks() JWK Set}) until the longest token lifetime has passed, so tokens
 * it signed keep verifying until they expire; then remove it. A removed key verifies nothing, which is also
 * how a leaked key is withdrawn at once. Immutable, so a verifier never sees a half-rotated set.
 */
public final class TokenSigningKeys {
    private final List<TokenSigningKey> keys;
    private final Map<String, TokenSigningKey> byId;
    private final TokenSigningKey active;

    /**
     * @param keys     every key whose tokens are accepted, ids unique
     * @param activeId the id of the key that signs new tokens; one of {@code keys}
     */
    public TokenSigningKeys(List<TokenSigningKey> keys, String activeId) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(activeId, "activeId");
        Map<String, TokenSigningKey> index = new LinkedHashMap<>();
        for (TokenSigningKey key : keys) {
            Objects.requireNonNull(key, "key");
            if (index.putIfAbsent(key.id(), key) != null) {
                // Two keys under one id: a token's kid could no longer say which key signed it.
                throw new IllegalArgumentException("token signing key id " + key.id() + " is used twice");
            }
        }
        TokenSigningKey activeKey = index.get(activeId);
        if (activeKey == null) {
            throw new IllegalArgumentException("the active token signing key id is not one of the keys " + index.keySet());
        }
        this.keys = List.copyOf(keys);
        this.byId = Collections.unmodifiableMap(index);
        this.active = activeKey;
    }

    /** The key that signs new tokens. */
    public TokenSigningKey active() {
        return active;
    }

    /** The key a token's {@code kid} names, if it is in this set. */
    public Optional<TokenSigningKey> find(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(byId.get(kid));
    }

    /** All keys in the order given, for building the next set when rotating. */
    public List<TokenSigningKey> keys() {
        return keys;
    }

    /**
     * The public keys as an RFC 7517 JWK Set, {@code {"keys":[{"kty":"RSA","kid":..,"use":"sig","alg":"RS256",
     * "n":..,"e":..}, ...]}}, every key of the set (not only the active one) so that relying parties verify
     * tokens signed before a rotation. Public parts only.
     */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> jwks = new ArrayList<>();
        for (TokenSigningKey key : keys) {
            RSAPublicKey publicKey = (RSAPublicKey) key.publicKey();
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("kid", key.id());
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("n", base64urlUnsigned(publicKey.getModulus()));
            jwk.put("e", base64urlUnsigned(publicKey.getPublicExponent()));
            jwks.add(Collections.unmodifiableMap(jwk));
        }
        return Map.of("keys", List.copyOf(jwks));
    }

    @Override
    public String toString() {
        return "TokenSigningKeys[active=" + active.id() + ", ids=" + byId.keySet() + "]";
    }

    /** RFC 7518 §6.3.1: the unsigned big-endian value, without the sign byte BigInteger adds. */
    private static String base64urlUnsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
