package org.govmail.auth.lifecycle;

/**
 * Login sessions that outlive a connection — the web front end's tokens — ended by the same decisions
 * that close open protocol sessions ({@link LiveSessions}). Tokens are also checked on every use, so this
 * is what keeps a later reinstatement from bringing old tokens back to life.
 */
public interface TokenRevocation {
    TokenRevocation NONE = new TokenRevocation() {
        @Override
        public int revokeAccount(String accountId, String why) {
            return 0;
        }

        @Override
        public int revokeCertificate(String fingerprint, String why) {
            return 0;
        }
    };

    int revokeAccount(String accountId, String why);

    int revokeCertificate(String fingerprint, String why);
}
