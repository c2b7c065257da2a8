package org.govmail.auth.token;

import java.time.Instant;

import org.govmail.auth.GovmailAuthException;

/**
 * The login challenges issued to web front ends, on a store every node shares: a challenge issued by one
 * node can be answered on another, and is used at most once across all of them. Challenges are kept by the
 * SHA-256 of their nonce, never the nonce itself.
 */
public interface LoginChallenges {
    /** One issued challenge, under the hash of its nonce. */
    record Challenge(String nonceHash, String client, Instant issuedAt, Instant expiresAt) {
    }

    void issue(Challenge challenge) throws GovmailAuthException;

    /**
     * Marks the challenge used if it is unused, unexpired and was issued to {@code client}; otherwise says
     * why not: {@code CHALLENGE_UNKNOWN}, {@code CHALLENGE_EXPIRED}, {@code CHALLENGE_USED} or
     * {@code CLIENT_MISMATCH}. Of two concurrent uses only one succeeds.
     */
    Challenge consume(String nonceHash, String client, Instant now) throws GovmailAuthException;

    /** Forgets challenges that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before);
}
