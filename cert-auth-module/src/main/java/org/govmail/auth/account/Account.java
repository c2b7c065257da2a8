package org.govmail.auth.account;

import java.time.Instant;
import java.util.Objects;

/**
 * An account as the registry knows it. {@code id} is the mail address (lower case, never changes);
 * {@code name} is the holder's name exactly as on their certificate.
 */
public record Account(String id, String name, AccountType type, String institution, AccountStatus status,
                      String statusReason, Instant createdAt, Instant updatedAt) {
    public Account {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(status);
    }
}
