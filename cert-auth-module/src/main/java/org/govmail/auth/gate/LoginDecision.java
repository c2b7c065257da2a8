package org.govmail.auth.gate;

import java.util.Optional;

import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;

/**
 * The gate's answer: the account that logged in, or why not; for a token login also the web login session
 * the token belongs to, so that ending that session (logout) can end this connection too.
 */
public record LoginDecision(Optional<Account> account, Optional<Reason> refusal, String detail, Optional<String> tokenSession) {
    public static LoginDecision allowed(Account account) {
        return new LoginDecision(Optional.of(account), Optional.empty(), "", Optional.empty());
    }

    public static LoginDecision refused(Reason reason, String detail) {
        return new LoginDecision(Optional.empty(), Optional.of(reason), detail, Optional.empty());
    }

    public LoginDecision withTokenSession(String sessionId) {
        return new LoginDecision(account, refusal, detail, Optional.of(sessionId));
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
