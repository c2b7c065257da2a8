package org.govmail.auth.gate;

import java.security.cert.X509Certificate;
import java.util.List;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;

/** Decides a bearer-token login (OAUTHBEARER, XOAUTH2) for the {@link LoginGate}. */
public interface TokenLogins {
    /** An accepted token: its account, and the web login session it belongs to. */
    record Admitted(Account account, String sessionId) {
    }

    /** Token logins are not configured: every attempt is an unsupported mechanism, none is advertised. */
    TokenLogins NONE = new TokenLogins() {
        @Override
        public Admitted admit(LoginGate.Client client, String user, String token) throws GovmailAuthException {
            throw new GovmailAuthException(Reason.MECHANISM_UNSUPPORTED, "token logins are not configured");
        }

        @Override
        public boolean offeredTo(List<X509Certificate> chain) {
            return false;
        }
    };

    /**
     * The account {@code token} stands for, if it may be used on this connection; {@code user} is the
     * account the client named (lower case, empty if none), which must be the token's.
     */
    Admitted admit(LoginGate.Client client, String user, String token) throws GovmailAuthException;

    /** Whether a connection presenting this TLS client chain is one token logins are meant for (to advertise them). */
    boolean offeredTo(List<X509Certificate> chain);
}
