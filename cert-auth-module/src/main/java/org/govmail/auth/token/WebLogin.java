package org.govmail.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.config.TokenConfiguration;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.RateLimiter;
import org.govmail.auth.lifecycle.LiveSessions;
import org.govmail.auth.lifecycle.TokenRevocation;
import org.govmail.auth.token.ChallengeSignatureVerifier.SignedChallenge;
import org.govmail.auth.token.TokenSessions.TokenSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web front end's certificate login: a single-use challenge, the user's signature over it, then a
 * short-lived access token (JWT) and a refresh token for a server-side login session. The certificate goes
 * through the same {@link LoginGate} as a TLS login; tokens are checked again on every use
 * ({@link TokenAuthenticator}). Tokens, nonces and signatures are never logged: only their sessions' ids.
 */
public final class WebLogin implements TokenRevocation {
    private static final Logger LOGGER = LoggerFactory.getLogger(WebLogin.class);
    /** Used challenges are remembered a while after expiry, so a replay is told apart from an unknown nonce. */
    private static final Duration KEEP_EXPIRED_CHALLENGES = Duration.ofMinutes(10);
    private static final Duration KEEP_EXPIRED_SESSIONS = Duration.ofDays(1);
    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    public record IssuedChallenge(String nonce, Instant expiresAt) {
    }

    public record Tokens(String accessToken, Instant accessExpiresAt, String refreshToken, Instant refreshExpiresAt, Account account,
                         String sessionId, String fingerprint) {
    }

    private final LoginChallenges challenges;
    private final TokenSessions sessions;
    private final AccessTokenCodec codec;
    private final TokenAuthenticator authenticator;
    private final ChallengeSignatureVerifier signatures;
    private final LoginGate gate;
    private final AccountRegistry registry;
    private final RateLimiter accountLimiter;
    private final AuditLog audit;
    private final TokenConfiguration settings;
    private final Clock clock;
    private final LiveSessions liveSessions;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    public WebLogin(LoginChallenges challenges, TokenSessions sessions, AccessTokenCodec codec, TokenAuthenticator authenticator,
                    ChallengeSignatureVerifier signatures, LoginGate gate, AccountRegistry registry, RateLimiter accountLimiter,
                    AuditLog audit, LiveSessions liveSessions, TokenConfiguration settings, Clock clock) {
        this.liveSessions = liveSessions;
        this.challenges = challenges;
        this.sessions = sessions;
        this.codec = codec;
        this.authenticator = authenticator;
        this.signatures = signatures;
        this.gate = gate;
        this.registry = registry;
        this.accountLimiter = accountLimiter;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** A fresh 256-bit nonce for {@code client}, valid for the configured challenge lifetime, usable once. */
    public IssuedChallenge challenge(FrontEnd client) throws GovmailAuthException {
        Instant now = clock.instant();
        purgeIfDue(now);
        String nonce = randomToken();
        Instant expiresAt = now.plus(settings.challengeTtl());
        challenges.issue(new LoginChallenges.Challenge(sha256(nonce), client.id(), now, expiresAt));
        return new IssuedChallenge(nonce, expiresAt);
    }

    /**
     * Uses up the challenge (so each nonce gets one attempt, right or wrong) and returns the certificate whose
     * key signed exactly that nonce. Also how a logged-in user proves they hold a new certificate.
     */
    public X509Certificate proveKey(String clientId, String address, String nonce, SignedChallenge signed) throws GovmailAuthException {
        try {
            if (nonce == null || nonce.isBlank()) {
                throw new GovmailAuthException(Reason.CHALLENGE_UNKNOWN, "no nonce given");
            }
            challenges.consume(sha256(nonce), clientId, clock.instant());
            return signatures.verify(nonce.getBytes(StandardCharsets.UTF_8), signed);
        } catch (GovmailAuthException e) {
            LOGGER.warn("signed challenge refused client={} reason={} remote={} detail={}", clientId, e.reason(), address, e.getMessage());
            audit.record(AuditEntry.refused("anonymous", "LOGIN", null, null, e.reason(), "REST SIGNED_CHALLENGE via " + clientId + ": "
                + e.getMessage()).from(address));
            throw e;
        }
    }

    public Tokens login(FrontEnd client, String address, String nonce, SignedChallenge signed) throws GovmailAuthException {
        X509Certificate certificate = proveKey(client.id(), address, nonce, signed);
        String fingerprint = Certificates.fingerprint(certificate);
        Optional<Account> owner = registry.findByCertificate(fingerprint);
        if (owner.isPresent() && !accountLimiter.allow(owner.get().id())) {
            LOGGER.warn("web login refused account={} reason={} remote={}", owner.get().id(), Reason.RATE_LIMITED, address);
            audit.record(AuditEntry.refused(owner.get().id(), "LOGIN", owner.get().id(), owner.get().institution(), Reason.RATE_LIMITED,
                "REST SIGNED_CHALLENGE: too many logins of this account a minute").from(address));
            throw new GovmailAuthException(Reason.RATE_LIMITED, "too many logins of this account a minute");
        }
        LoginDecision decision = gate.signedChallengeLogin(address, certificate);
        if (!decision.isAllowed()) {
            throw new GovmailAuthException(decision.refusal().orElseThrow(), decision.detail());
        }
        Account account = decision.account().orElseThrow();
        Instant now = clock.instant();
        Instant refreshExpiresAt = min(now.plus(settings.refreshTtl()), certificate.getNotAfter().toInstant());
        TokenSession session = new TokenSession(randomToken(), account.id(), fingerprint, client.id(), now, refreshExpiresAt,
            Optional.empty(), Optional.empty());
        String refresh = randomToken();
        sessions.create(session, sha256(refresh));
        LOGGER.info("web login session={} account={} client={} remote={}", session.id(), account.id(), client.id(), address);
        return tokens(session, account, refresh, now);
    }

    /**
     * A new access token and a new refresh token (the old one is spent). A spent refresh token presented
     * again means it was copied: the whole session is revoked.
     */
    public Tokens refresh(FrontEnd client, String address, String refreshToken) throws GovmailAuthException {
        String hash = sha256(refreshToken == null ? "" : refreshToken);
        TokenSession session = sessions.findByRefresh(hash).orElse(null);
        if (session == null) {
            TokenSession replayed = sessions.findByPreviousRefresh(hash).orElse(null);
            if (replayed != null && replayed.client().equals(client.id())) {
                sessions.revoke(replayed.id(), "a spent refresh token was presented again", clock.instant());
                liveSessions.closeAll(LiveSessions.tokenSessionKey(replayed.id()), "refresh token replayed");
                LOGGER.warn("refresh token replayed: session={} account={} revoked, remote={}", replayed.id(), replayed.accountId(), address);
                audit.record(AuditEntry.refused(replayed.accountId(), "TOKEN_REFRESH", replayed.accountId(), null, Reason.TOKEN_REVOKED,
                    "spent refresh token presented again; session " + replayed.id() + " revoked").from(address));
                throw new GovmailAuthException(Reason.TOKEN_REVOKED, "the refresh token was already used; the session is revoked");
            }
            throw new GovmailAuthException(Reason.TOKEN_INVALID, "unknown refresh token");
        }
        if (!session.client().equals(client.id())) {
            throw new GovmailAuthException(Reason.CLIENT_MISMATCH, "refresh token of front end " + session.client());
        }
        Instant now = clock.instant();
        if (!session.refreshExpiresAt().isAfter(now)) {
            throw new GovmailAuthException(Reason.TOKEN_EXPIRED, "the refresh token expired at " + session.refreshExpiresAt());
        }
        Account account;
        try {
            account = authenticator.stillValid(session);
        } catch (GovmailAuthException e) {
            audit.record(AuditEntry.refused(session.accountId(), "TOKEN_REFRESH", session.accountId(), null, e.reason(),
                "session " + session.id() + ": " + e.getMessage()).from(address));
            throw e;
        }
        String refresh = randomToken();
        if (!sessions.replaceRefresh(session.id(), hash, sha256(refresh))) {
            throw new GovmailAuthException(Reason.TOKEN_REVOKED, "the session was refreshed or revoked meanwhile");
        }
        return tokens(session, account, refresh, now);
    }

    /**
     * Ends the login session of a refresh token or an unexpired access token (both stop working).
     * False when the token names no open session (already logged out): logging out twice is harmless.
     */
    public boolean logout(FrontEnd client, String address, String token) throws GovmailAuthException {
        if (token == null || token.isBlank()) {
            throw new GovmailAuthException(Reason.TOKEN_INVALID, "no token given");
        }
        TokenSession session;
        if (token.indexOf('.') >= 0) {
            AccessTokenClaims claims = codec.decode(token);
            session = sessions.find(claims.sessionId()).orElse(null);
        } else {
            session = sessions.findByRefresh(sha256(token)).orElse(null);
        }
        if (session == null || session.revoked()) {
            return false;
        }
        if (!session.client().equals(client.id())) {
            throw new GovmailAuthException(Reason.CLIENT_MISMATCH, "token of front end " + session.client());
        }
        sessions.revoke(session.id(), "logout", clock.instant());
        // The front end's IMAP/SMTP connections logged in with this login's tokens end with it (on this node).
        liveSessions.closeAll(LiveSessions.tokenSessionKey(session.id()), "logout");
        audit.record(AuditEntry.done(session.accountId(), "LOGOUT", session.accountId(), null, "REST session " + session.id())
            .from(address));
        return true;
    }

    /** Ends every login session of the account (status change); returns how many were open. */
    @Override
    public int revokeAccount(String accountId, String why) {
        return sessions.revokeAccount(accountId, why, clock.instant());
    }

    /** Ends every login session made with this certificate (registration revoked or replaced). */
    @Override
    public int revokeCertificate(String fingerprint, String why) {
        return sessions.revokeCertificate(fingerprint, why, clock.instant());
    }

    private Tokens tokens(TokenSession session, Account account, String refresh, Instant now) {
        Instant accessExpiresAt = min(now.plus(settings.accessTtl()), session.refreshExpiresAt());
        String access = codec.encode(new AccessTokenClaims(settings.issuer(), account.id(), session.client(), session.id(),
            session.fingerprint(), account.status().name(), now, accessExpiresAt, randomToken()));
        return new Tokens(access, accessExpiresAt, refresh, session.refreshExpiresAt(), account, session.id(), session.fingerprint());
    }

    private void purgeIfDue(Instant now) {
        long due = nextPurge.get();
        if (now.toEpochMilli() < due || !nextPurge.compareAndSet(due, now.toEpochMilli() + PURGE_INTERVAL_MILLIS)) {
            return;
        }
        try {
            challenges.purgeExpired(now.minus(KEEP_EXPIRED_CHALLENGES));
            sessions.purgeExpired(now.minus(KEEP_EXPIRED_SESSIONS));
        } catch (RuntimeException e) {
            LOGGER.warn("could not purge expired login challenges and sessions: {}", e.toString());
        }
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
