package org.govmail.auth.token;

import java.time.Instant;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;

/**
 * Login sessions of the web front end, one per successful certificate login, on a store every node shares.
 * An access token names its session ({@code sid}) and is honoured only while the session is not revoked;
 * the refresh token is kept as a SHA-256 hash and replaced at every refresh (the previous hash is kept to
 * recognise a stolen refresh token being replayed).
 */
public interface TokenSessions {
    record TokenSession(String id, String accountId, String fingerprint, String client, Instant createdAt,
                        Instant refreshExpiresAt, Optional<Instant> revokedAt, Optional<String> revokeReason) {
        public boolean revoked() {
            return revokedAt.isPresent();
        }
    }

    void create(TokenSession session, String refreshHash) throws GovmailAuthException;

    Optional<TokenSession> find(String id);

    /** The session whose current refresh token has this hash. */
    Optional<TokenSession> findByRefresh(String refreshHash);

    /** The session whose previous (already replaced) refresh token had this hash. */
    Optional<TokenSession> findByPreviousRefresh(String refreshHash);

    /**
     * Replaces the refresh token hash if it is still {@code expectedHash} and the session is not revoked;
     * false when another refresh won the race or the session was revoked meanwhile.
     */
    boolean replaceRefresh(String id, String expectedHash, String newHash);

    /** Revokes one session (idempotent); false if there is no such session. */
    boolean revoke(String id, String reason, Instant now);

    /** Revokes every open session of the account; returns how many. */
    int revokeAccount(String accountId, String reason, Instant now);

    /** Revokes every open session logged in with this certificate; returns how many. */
    int revokeCertificate(String fingerprint, String reason, Instant now);

    /** Forgets sessions whose refresh token expired before {@code before}. */
    int purgeExpired(Instant before);
}
