package org.govmail.auth.token;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.token.TokenSessions.TokenSession;

/**
 * Checks an access token on every use, not only its signature and expiry: its login session must be
 * open, the account must still be allowed to log in, and the certificate it logged in with must still be
 * registered to the account and pass the {@link CertificateValidator} (validity, revocation) now. So a
 * suspension, retirement, rejection, certificate revocation or logout stops the token at its next use,
 * on every node, whatever its expiry.
 */
public final class TokenAuthenticator {
    /** A token that passed every check, with the account as it is now. */
    private static final int MAX_CACHED = 10_000;

    public record Authenticated(Account account, AccessTokenClaims claims, TokenSession session) {
    }

    private final AccessTokenCodec codec;
    private final TokenSessions sessions;
    private final AccountRegistry registry;
    private final CertificateValidator validator;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    public TokenAuthenticator(AccessTokenCodec codec, TokenSessions sessions, AccountRegistry registry, CertificateValidator validator) {
        this.codec = codec;
        this.sessions = sessions;
        this.registry = registry;
        this.validator = validator;
    }

    public Authenticated authenticate(String accessToken) throws GovmailAuthException {
        AccessTokenClaims claims = codec.decode(accessToken);
        TokenSession session = sessions.find(claims.sessionId())
            .orElseThrow(() -> new GovmailAuthException(Reason.TOKEN_INVALID, "the token's session does not exist"));
        if (!session.accountId().equals(claims.subject()) || !session.client().equals(claims.client())
            || !session.fingerprint().equals(claims.fingerprint())) {
            throw new GovmailAuthException(Reason.TOKEN_INVALID, "the token does not match its session");
        }
        return new Authenticated(stillValid(session), claims, session);
    }

    /** The checks every use of a login session repeats; the account as it is now. */
    public Account stillValid(TokenSession session) throws GovmailAuthException {
        Account account = registry.find(session.accountId())
            .orElseThrow(() -> new GovmailAuthException(Reason.TOKEN_REVOKED, "the account no longer exists"));
        // The status first: "your account is suspended" tells the user more than "token revoked".
        account.status().requireLogIn();
        if (session.revoked()) {
            throw new GovmailAuthException(Reason.TOKEN_REVOKED, "session revoked: " + session.revokeReason().orElse("-"));
        }
        RegisteredCertificate registration = registry.certificate(session.fingerprint())
            .filter(found -> found.active() && found.accountId().equalsIgnoreCase(account.id()))
            .orElseThrow(() -> new GovmailAuthException(Reason.TOKEN_REVOKED,
                "certificate " + session.fingerprint() + " is no longer registered to " + account.id()));
        validator.validate(List.of(certificate(registration.fingerprint())));
        return account;
    }

    /**
     * The registered certificate itself. A fingerprint names one DER encoding forever, so it is read and
     * parsed once, not on every use of every token (the table is bounded: cleared when full).
     */
    private X509Certificate certificate(String fingerprint) throws GovmailAuthException {
        X509Certificate cached = certificates.get(fingerprint);
        if (cached != null) {
            return cached;
        }
        byte[] der = registry.certificateDer(fingerprint)
            .orElseThrow(() -> new GovmailAuthException(Reason.TOKEN_REVOKED, "certificate registration gone"));
        X509Certificate parsed = Certificates.parse(der);
        if (certificates.size() >= MAX_CACHED) {
            certificates.clear();
        }
        certificates.put(fingerprint, parsed);
        return parsed;
    }
}
