package org.govmail.auth.identity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What an identity provider (mobile phone or i-PIN verification) vouched for, after its signature,
 * freshness and nonce were checked.
 */
public record VerifiedIdentity(String name, LocalDate birthDate, String provider, String method, Instant issuedAt, String nonce) {
    public VerifiedIdentity {
        Objects.requireNonNull(name);
        Objects.requireNonNull(birthDate);
        Objects.requireNonNull(provider);
        Objects.requireNonNull(method);
        Objects.requireNonNull(issuedAt);
        Objects.requireNonNull(nonce);
    }
}
