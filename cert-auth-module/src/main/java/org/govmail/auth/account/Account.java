package org.govmail.auth.account;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An account as the registry knows it. {@code id} is the mail address (lower case, never changes);
 * {@code name} is the holder's name exactly as on their certificate; {@code language} ("ko" or "en") is
 * the language of the mails govmail sends them. {@code retireAt} is a scheduled retirement (for
 * {@code retireReason}) and
 * {@code redirectTo} where mail to the account goes once it is retired (otherwise it bounces).
 */
public record Account(String id, String name, AccountType type, String institution, AccountStatus status,
                      String statusReason, Instant createdAt, Instant updatedAt, String language,
                      Instant statusChangedAt, Optional<Instant> retireAt, Optional<String> retireReason,
                      Optional<String> redirectTo) {
    public Account {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(status);
        Objects.requireNonNull(language);
        Objects.requireNonNull(statusChangedAt);
        Objects.requireNonNull(retireAt);
        Objects.requireNonNull(retireReason);
        Objects.requireNonNull(redirectTo);
    }
}
