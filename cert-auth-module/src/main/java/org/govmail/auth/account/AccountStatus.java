package org.govmail.auth.account;

import java.util.EnumSet;
import java.util.Set;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;

/**
 * Where an account is in its life. PENDING and APPROVED accounts may log in (a pending official can
 * already send and receive mail while waiting for approval); the others may not.
 */
public enum AccountStatus {
    PENDING, APPROVED, REJECTED, SUSPENDED, RETIRED;

    public boolean canLogIn() {
        return this == PENDING || this == APPROVED;
    }

    /** Refuses with this status's reason ({@code ACCOUNT_REJECTED}, ...) unless it may log in. */
    public void requireLogIn() throws GovmailAuthException {
        Reason reason = switch (this) {
            case PENDING, APPROVED -> null;
            case REJECTED -> Reason.ACCOUNT_REJECTED;
            case SUSPENDED -> Reason.ACCOUNT_SUSPENDED;
            case RETIRED -> Reason.ACCOUNT_RETIRED;
        };
        if (reason != null) {
            throw new GovmailAuthException(reason, "account status " + this);
        }
    }

    /** The changes an administrator may make: retirement and rejection are final. */
    public Set<AccountStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(APPROVED, REJECTED, SUSPENDED, RETIRED);
            case APPROVED -> EnumSet.of(SUSPENDED, RETIRED);
            case SUSPENDED -> EnumSet.of(APPROVED, RETIRED);
            case REJECTED, RETIRED -> EnumSet.noneOf(AccountStatus.class);
        };
    }
}
