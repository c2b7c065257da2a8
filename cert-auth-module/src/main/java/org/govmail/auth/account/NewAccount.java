package org.govmail.auth.account;

import java.util.Locale;
import java.util.Objects;

/** What is needed to create an account (the certificate comes validated, beside it). */
public record NewAccount(String id, String name, AccountType type, String institution, AccountStatus status, String language) {
    public NewAccount {
        id = Objects.requireNonNull(id).toLowerCase(Locale.ROOT);
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(status);
        language = language == null ? "ko" : language;
    }
}
