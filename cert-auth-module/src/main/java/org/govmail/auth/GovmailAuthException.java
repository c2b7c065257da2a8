package org.govmail.auth;

import java.util.Objects;

/** A refusal with its {@link Reason}; the message is for the admin log and API callers. */
public class GovmailAuthException extends Exception {
    private final Reason reason;

    public GovmailAuthException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason);
    }

    public GovmailAuthException(Reason reason) {
        this(reason, reason.clientText());
    }

    public Reason reason() {
        return reason;
    }
}
