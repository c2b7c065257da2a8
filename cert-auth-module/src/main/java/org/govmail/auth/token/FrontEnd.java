package org.govmail.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A web front end allowed to log users in: its id, the SHA-256 of its client secret (it authenticates to
 * the login routes with HTTP Basic {@code id:secret}), and the SHA-256 fingerprints of the TLS client
 * certificates its servers present when they use a user's token on IMAP or SMTP.
 */
public record FrontEnd(String id, byte[] secretHash, Set<String> certificateFingerprints) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Client secrets are random and long; a short one would be guessable with HTTP Basic's unlimited tries. */
    public static final int MIN_SECRET_LENGTH = 24;

    public FrontEnd {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("front end id '" + id + "' must be 1-64 of A-Z a-z 0-9 . _ -");
        }
        secretHash = secretHash.clone();
        certificateFingerprints = Set.copyOf(certificateFingerprints.stream().map(print -> print.toLowerCase(Locale.ROOT)).toList());
    }

    public static FrontEnd withSecret(String id, String secret, Set<String> certificateFingerprints) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the client secret of front end '" + id + "' must be at least " + MIN_SECRET_LENGTH
                + " characters");
        }
        return new FrontEnd(id, sha256(secret), certificateFingerprints);
    }

    /** Constant time, so response timing tells nothing about the secret. */
    public boolean secretMatches(String candidate) {
        return MessageDigest.isEqual(secretHash, sha256(candidate == null ? "" : candidate));
    }

    public boolean presents(String certificateFingerprint) {
        return certificateFingerprints.contains(certificateFingerprint.toLowerCase(Locale.ROOT));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "FrontEnd[" + id + ", " + certificateFingerprints.size() + " certificate(s)]";
    }
}
