package org.govmail.auth.gate;

import java.util.Optional;

import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;

/** The gate's answer: the account that logged in, or why not. */
public record LoginDecision(Optional<Account> account, Optional<Reason> refusal, String detail) {
    public static LoginDecision allowed(Account account) {
        return new LoginDecision(Optional.of(account), Optional.empty(), "");
    }

    public static LoginDecision refused(Reason reason, String detail) {
        return new LoginDecision(Optional.empty(), Optional.of(reason), detail);
    }

    public boolean isAllowed() {
        return account.isPresent();
    }

    /** The text a mail client may show: the reason's own text, which names no other account. */
    public String clientText() {
        return refusal.map(Reason::clientText).orElse("authenticated");
    }

    public String code() {
        return refusal.map(Reason::name).orElse("OK");
    }
}
