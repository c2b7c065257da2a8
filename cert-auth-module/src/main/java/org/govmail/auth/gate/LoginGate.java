package org.govmail.auth.gate;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.ValidatedCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every protocol asks "may this client log in?". Two ways in, both over TLS with a
 * client certificate:
 * <ul>
 *   <li>{@link #passwordLogin}: user name + password, and the client certificate must be one
 *       registered to that same account (two factors);</li>
 *   <li>{@link #certificateLogin} (SASL EXTERNAL): the certificate alone names the account.</li>
 * </ul>
 * Either way the certificate is validated again (validity, revocation) and the account must be
 * PENDING or APPROVED. Refusals are logged with reason code, account, fingerprint and address;
 * passwords never are.
 */
public final class LoginGate {
    private static final Logger LOGGER = LoggerFactory.getLogger(LoginGate.class);
    /** The SASL mechanisms every gated protocol offers. */
    public static final List<String> SASL_MECHANISMS = List.of("PLAIN", "EXTERNAL");
    /** The bearer-token mechanisms IMAP and SMTP submission add for the web front end's servers. */
    public static final List<String> TOKEN_MECHANISMS = List.of("OAUTHBEARER", "XOAUTH2");

    private final AccountRegistry registry;
    private final CertificateValidator validator;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final boolean requireCertificate;
    private final String dummyHash;
    private final AuditLog audit;
    private final TokenLogins tokens;

    public LoginGate(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher,
                     LoginThrottle throttle, boolean requireCertificate, AuditLog audit) {
        this(registry, validator, hasher, throttle, requireCertificate, audit, TokenLogins.NONE);
    }

    public LoginGate(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher,
                     LoginThrottle throttle, boolean requireCertificate, AuditLog audit, TokenLogins tokens) {
        this.tokens = tokens;
        this.audit = audit;
        this.registry = registry;
        this.validator = validator;
        this.hasher = hasher;
        this.throttle = throttle;
        this.requireCertificate = requireCertificate;
        this.dummyHash = hasher.hash("no account has this password");
    }

    /** Where a login comes from, for the log and the throttle. */
    public record Client(String protocol, String address, boolean tls, List<X509Certificate> chain) {
        public Client {
            chain = List.copyOf(chain);
        }
    }

    /** Whether to advertise {@link #TOKEN_MECHANISMS} on a connection presenting this client chain. */
    public boolean offersTokenLogins(List<X509Certificate> chain) {
        return tokens.offeredTo(chain);
    }

    public static boolean isTokenMechanism(String mechanism) {
        return mechanism != null && TOKEN_MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT));
    }

    public boolean requiresCertificate() {
        return requireCertificate;
    }

    public LoginDecision passwordLogin(Client client, String user, String password) {
        String accountId = user == null ? "" : user.trim().toLowerCase(Locale.ROOT);
        return decide(client, accountId, "PASSWORD", () -> {
            Optional<ValidatedCertificate> certificate = requireCertificate ? Optional.of(validate(client)) : Optional.empty();
            Optional<Account> account = registry.find(accountId);
            Optional<String> hash = account.flatMap(found -> registry.passwordHash(found.id()));
            // Hash even for unknown accounts, so timing does not tell which accounts exist.
            boolean passwordOk = hasher.verify(password == null ? "" : password, hash.orElse(dummyHash)) && hash.isPresent();
            if (!passwordOk) {
                throw new GovmailAuthException(Reason.BAD_CREDENTIALS, "wrong password or unknown account");
            }
            // A retired account's registrations are revoked: say "retired", not "certificate not registered".
            requireStatus(account.get());
            if (certificate.isPresent()) {
                Optional<Account> owner = registry.findByCertificate(certificate.get().fingerprint());
                if (owner.isEmpty() || !owner.get().id().equals(account.get().id())) {
                    throw new GovmailAuthException(Reason.CERT_NOT_REGISTERED_TO_ACCOUNT,
                        "certificate " + certificate.get().fingerprint() + " is not one of " + accountId + "'s");
                }
            }
            return admit(account.get(), certificate);
        });
    }

    public LoginDecision certificateLogin(Client client, Optional<String> authorizationId) {
        String requested = authorizationId.map(id -> id.trim().toLowerCase(Locale.ROOT)).filter(id -> !id.isEmpty()).orElse("");
        return decide(client, requested, "EXTERNAL", () -> registeredOwner(validate(client), requested));
    }

    /**
     * The web front end's login: the client proved possession of {@code certificate}'s key by signing a
     * login challenge, which stands in for the TLS handshake of {@link #certificateLogin}; everything
     * after that (validation, registration, status, name, throttle, log, audit) is the same.
     */
    public LoginDecision signedChallengeLogin(String address, X509Certificate certificate) {
        Client client = new Client("REST", address, true, List.of(certificate));
        return decide(client, "", "SIGNED_CHALLENGE", () -> registeredOwner(validator.validate(client.chain()), ""));
    }

    /**
     * OAUTHBEARER (RFC 7628) and XOAUTH2: a bearer token the web front end got for a user, accepted only
     * as {@link TokenLogins} decides (on connections of the front end's own servers).
     */
    public LoginDecision tokenLogin(Client client, String mechanism, String response) {
        String upper = mechanism == null ? "" : mechanism.toUpperCase(Locale.ROOT);
        Optional<SaslResponse.Bearer> bearer = SaslResponse.decode(response).flatMap(decoded -> SaslResponse.bearer(upper, decoded));
        if (bearer.isEmpty()) {
            return refuse(client, upper, new GovmailAuthException(Reason.BAD_CREDENTIALS, "malformed " + upper + " response"));
        }
        String requested = bearer.get().user().trim().toLowerCase(Locale.ROOT);
        String[] session = new String[1];
        // The front end's servers log many users in from one address: a token is not guessable, and their
        // users' expired tokens must not lock everyone else out, so these connections are not throttled.
        boolean throttled = !tokens.offeredTo(client.chain());
        LoginDecision decision = decide(client, requested, upper, throttled, () -> {
            TokenLogins.Admitted admitted = tokens.admit(client, requested, bearer.get().token());
            session[0] = admitted.sessionId();
            return admitted.account();
        });
        return decision.isAllowed() ? decision.withTokenSession(session[0]) : decision;
    }

    private Account registeredOwner(ValidatedCertificate certificate, String requested) throws GovmailAuthException {
        Optional<Account> registered = registry.findByCertificate(certificate.fingerprint());
        if (registered.isEmpty()) {
            // A revoked registration of an account that may no longer log in: say why.
            Optional<Account> former = registry.certificate(certificate.fingerprint()).flatMap(old -> registry.find(old.accountId()));
            if (former.isPresent()) {
                requireStatus(former.get());
            }
            throw new GovmailAuthException(Reason.CERT_NOT_REGISTERED,
                "certificate " + certificate.fingerprint() + " (" + certificate.subject() + ") is not registered");
        }
        Account account = registered.get();
        if (!requested.isEmpty() && !requested.equals(account.id())) {
            throw new GovmailAuthException(Reason.AUTHZID_MISMATCH,
                "certificate of " + account.id() + " used to ask for " + requested);
        }
        return admit(account, Optional.of(certificate));
    }

    /**
     * Completes a SASL exchange every protocol offers the same way: PLAIN ({@code [authzid] NUL
     * authcid NUL password}, no delegation) or EXTERNAL (an optional authorization id).
     * {@code response} is the client's base64 response, empty or {@code =} for an empty one.
     */
    public LoginDecision saslLogin(Client client, String mechanism, String response) {
        Optional<String> decoded = SaslResponse.decode(response);
        String upper = mechanism == null ? "" : mechanism.toUpperCase(Locale.ROOT);
        if (!SASL_MECHANISMS.contains(upper)) {
            return refuse(client, upper, new GovmailAuthException(Reason.MECHANISM_UNSUPPORTED, "mechanism " + mechanism));
        }
        if (decoded.isEmpty()) {
            return refuse(client, upper, new GovmailAuthException(Reason.BAD_CREDENTIALS, "undecodable SASL response"));
        }
        if (upper.equals("EXTERNAL")) {
            return certificateLogin(client, decoded.filter(id -> !id.isEmpty()));
        }
        Optional<SaslResponse.Plain> plain = SaslResponse.plain(decoded.get());
        if (plain.isEmpty()) {
            return refuse(client, upper, new GovmailAuthException(Reason.BAD_CREDENTIALS, "malformed or delegating PLAIN response"));
        }
        return passwordLogin(client, plain.get().user(), plain.get().password());
    }

    private LoginDecision refuse(Client client, String method, GovmailAuthException refusal) {
        return decide(client, "", method, () -> {
            throw refusal;
        });
    }

    private ValidatedCertificate validate(Client client) throws GovmailAuthException {
        if (!client.tls()) {
            throw new GovmailAuthException(Reason.TLS_REQUIRED, "no TLS");
        }
        return validator.validate(client.chain());
    }

    private static Account admit(Account account, Optional<ValidatedCertificate> certificate) throws GovmailAuthException {
        requireStatus(account);
        if (certificate.isPresent()) {
            CertificateValidator.requireName(certificate.get(), account.name());
        }
        return account;
    }

    private static void requireStatus(Account account) throws GovmailAuthException {
        account.status().requireLogIn();
    }

    @FunctionalInterface
    private interface Check {
        Account run() throws GovmailAuthException;
    }

    private LoginDecision decide(Client client, String accountId, String method, Check check) {
        return decide(client, accountId, method, true, check);
    }

    private LoginDecision decide(Client client, String accountId, String method, boolean throttled, Check check) {
        String fingerprint = client.chain().isEmpty() ? "-" : org.govmail.auth.cert.Certificates.fingerprint(client.chain().get(0));
        if (throttled && throttle.blocked(client.address())) {
            LOGGER.warn("login refused protocol={} method={} reason={} account={} fingerprint={} remote={}",
                client.protocol(), method, Reason.THROTTLED, accountId, fingerprint, client.address());
            audited(client, accountId, method, Reason.THROTTLED, "throttled");
            return LoginDecision.refused(Reason.THROTTLED, "throttled");
        }
        try {
            Account account = check.run();
            if (throttled) {
                throttle.succeeded(client.address());
            }
            LOGGER.info("login accepted protocol={} method={} account={} status={} fingerprint={} remote={}",
                client.protocol(), method, account.id(), account.status(), fingerprint, client.address());
            // Accepted logins are audited too: holders see their own recent logins (GET /govmail/me/logins).
            audit.record(AuditEntry.done(account.id(), "LOGIN", account.id(), account.institution(), client.protocol() + " " + method)
                .from(client.address()));
            return LoginDecision.allowed(account);
        } catch (GovmailAuthException e) {
            if (throttled) {
                throttle.failed(client.address());
            }
            LOGGER.warn("login refused protocol={} method={} reason={} account={} fingerprint={} remote={} detail={}",
                client.protocol(), method, e.reason(), accountId, fingerprint, client.address(), e.getMessage());
            audited(client, accountId, method, e.reason(), "fingerprint " + fingerprint + ": " + e.getMessage());
            return LoginDecision.refused(e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOGGER.error("login failed protocol={} method={} account={} remote={}", client.protocol(), method, accountId,
                client.address(), e);
            return LoginDecision.refused(Reason.SERVER_ERROR, "internal error: " + e.getClass().getSimpleName());
        }
    }


    /** Refused logins go to the audit log too; the account named is the one asked for, which may not exist. */
    private void audited(Client client, String accountId, String method, Reason reason, String detail) {
        String account = accountId.isEmpty() ? null : accountId;
        String institution = account == null ? null : registry.find(account).map(Account::institution).orElse(null);
        audit.record(AuditEntry.refused(account == null ? "anonymous" : account, "LOGIN", account, institution, reason,
            client.protocol() + " " + method + ", " + detail).from(client.address()));
    }
}
