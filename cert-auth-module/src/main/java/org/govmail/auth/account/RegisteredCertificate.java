package org.govmail.auth.account;

import java.time.Instant;
import java.util.Optional;

/** A certificate registered to an account, named by its SHA-256 fingerprint. */
public record RegisteredCertificate(String fingerprint, String accountId, String scheme, String subject, String issuer,
                                    String serialHex, Instant notBefore, Instant notAfter, Instant registeredAt,
                                    Optional<Instant> revokedAt, Optional<String> revocationReason) {
    public boolean active() {
        return revokedAt.isEmpty();
    }
}
