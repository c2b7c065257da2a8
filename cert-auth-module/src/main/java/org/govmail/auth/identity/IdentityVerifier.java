package org.govmail.auth.identity;

import org.govmail.auth.GovmailAuthException;

/**
 * Checks a provider's signed identity assertion (a JWS compact serialization). Refusals carry
 * IDENTITY_ASSERTION_MALFORMED, IDENTITY_PROVIDER_UNKNOWN, IDENTITY_SIGNATURE_INVALID,
 * IDENTITY_ASSERTION_EXPIRED or IDENTITY_ASSERTION_REPLAYED. A successful verification consumes the
 * nonce: the same assertion is refused the second time, on every node sharing the database.
 */
public interface IdentityVerifier {
    VerifiedIdentity verify(String assertion) throws GovmailAuthException;
}
