package org.govmail.auth.lifecycle;

import java.util.List;
import java.util.Objects;

/** A mail govmail itself sends (to administrators or to an account holder), already in its reader's language. */
public record Notice(List<String> recipients, String subject, String body) {
    public Notice {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(body);
    }
}
