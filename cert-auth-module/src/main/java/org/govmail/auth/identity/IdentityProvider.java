package org.govmail.auth.identity;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One signing key of an identity provider, as configured in {@code conf/identity-providers.xml}: assertions
 * whose header names {@code keyId} must be signed with {@code publicKey}, carry {@code iss = id} and use one
 * of {@code methods}. A provider rolling its keys over appears once per key.
 */
public record IdentityProvider(String id, String keyId, Set<String> methods, PublicKey publicKey) {
    public static final String MOBILE = "mobile";
    public static final String IPIN = "ipin";
    /** Every verification method govmail knows: mobile phone and i-PIN. */
    public static final Set<String> METHODS = Set.of(MOBILE, IPIN);

    /** Provider ids go into the nonce table's key and logs: short and plain. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Key ids are the provider's choice: any visible ASCII, bounded. */
    private static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");

    public IdentityProvider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("provider id must be 1-64 characters of A-Z a-z 0-9 . _ -, not '" + id + "'");
        }
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("provider " + id + ": keyId must be 1-200 visible ASCII characters");
        }
        methods = Set.copyOf(methods);
        if (methods.isEmpty() || !METHODS.containsAll(methods)) {
            throw new IllegalArgumentException("provider " + id + ": methods must be some of " + METHODS + ", not " + methods);
        }
        if (Arrays.stream(JwsAlgorithm.values()).noneMatch(algorithm -> algorithm.fits(publicKey))) {
            throw new IllegalArgumentException("provider " + id + " key " + keyId
                + ": only RSA keys of " + JwsAlgorithm.MIN_RSA_BITS + " bits or more and P-256 EC keys are accepted");
        }
    }

    public boolean offers(String method) {
        return methods.contains(method);
    }
}
