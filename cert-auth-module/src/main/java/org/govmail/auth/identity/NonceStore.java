package org.govmail.auth.identity;

import java.time.Instant;

import org.govmail.auth.GovmailAuthException;

/**
 * Remembers the nonces of accepted identity assertions, so each assertion is accepted once. To hold across
 * restarts and cluster nodes the store must be shared and durable ({@link org.govmail.auth.identity.jpa.JpaNonceStore}).
 */
public interface NonceStore {
    /**
     * Records {@code nonce} of {@code provider} as used, to be kept at least until {@code keepUntil}.
     *
     * @return true on its first use, false when it was used before (a replay)
     * @throws GovmailAuthException (SERVER_ERROR) when the store cannot answer: the assertion must then be refused
     */
    boolean firstUse(String provider, String nonce, Instant keepUntil) throws GovmailAuthException;
}
