package org.govmail.auth.keys;

import java.util.Objects;

/**
 * Why a key file could not be read, converted or matched. The only exception reading a user's key
 * file ever throws, so a caller (the CLI) can answer every bad input with one message and an exit code.
 */
public final class GovmailKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What went wrong, coarse enough for a user to act on. */
    public enum Problem {
        /** Not an encrypted PKCS#8 key at all, or damaged beyond reading its structure. */
        MALFORMED,
        /** A well-formed file encrypted (or holding a key) with an algorithm we do not implement; the message names its OID. */
        UNSUPPORTED_ALGORITHM,
        /** Decryption did not give a private key: a wrong password, or a damaged encrypted part. */
        WRONG_PASSWORD,
        /** The private key does not belong to the certificate. */
        KEY_DOES_NOT_MATCH_CERTIFICATE,
        /** The certificate file is not a readable X.509 certificate. */
        CERTIFICATE_MALFORMED
    }

    private final Problem problem;

    public GovmailKeyException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem);
    }

    public Problem problem() {
        return problem;
    }
}
