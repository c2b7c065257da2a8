package org.govmail.auth.audit;

import java.util.Objects;
import java.util.Optional;

import org.govmail.auth.Reason;

/**
 * One thing that happened, as it is appended to the audit log: who ({@code actor}: an account, the super
 * administrator, "system" for scheduled work, "anonymous" for public sign-up calls), what
 * ({@code action}, e.g. SIGNUP_IDENTITY, ACCOUNT_APPROVE, LOGIN), to which account and institution, whether
 * it was done or refused (with the reason code) and a free-text detail. Never holds a secret.
 */
public record AuditEntry(String actor, String action, Optional<String> account, Optional<String> institution,
                         Optional<Reason> refusal, String detail, Optional<String> remoteAddress) {
    public AuditEntry {
        Objects.requireNonNull(actor);
        Objects.requireNonNull(action);
        Objects.requireNonNull(account);
        Objects.requireNonNull(institution);
        Objects.requireNonNull(refusal);
        detail = detail == null ? "" : detail;
        Objects.requireNonNull(remoteAddress);
    }

    public static AuditEntry done(String actor, String action, String account, String institution, String detail) {
        return new AuditEntry(actor, action, Optional.ofNullable(account), Optional.ofNullable(institution), Optional.empty(),
            detail, Optional.empty());
    }

    public static AuditEntry refused(String actor, String action, String account, String institution, Reason reason, String detail) {
        return new AuditEntry(actor, action, Optional.ofNullable(account), Optional.ofNullable(institution), Optional.of(reason),
            detail, Optional.empty());
    }

    public AuditEntry from(String address) {
        return new AuditEntry(actor, action, account, institution, refusal, detail, Optional.ofNullable(address));
    }

    public String outcome() {
        return refusal.isPresent() ? "REFUSED" : "DONE";
    }
}
