package org.govmail.auth.institution;

import java.util.Locale;
import java.util.Objects;

/**
 * An administrator of an institution: {@code account} is the govmail account they act with (and their
 * contact mail address), {@code name} and {@code phone} are what pending users see when they look for
 * who approves them.
 */
public record Administrator(String account, String name, String phone) {
    public Administrator {
        account = Objects.requireNonNull(account).trim().toLowerCase(Locale.ROOT);
        Objects.requireNonNull(name);
        phone = phone == null ? "" : phone;
    }
}
