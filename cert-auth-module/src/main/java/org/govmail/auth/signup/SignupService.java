package org.govmail.auth.signup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountIds;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.NameRule;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.config.LifecycleConfiguration;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.identity.IdentityVerifier;
import org.govmail.auth.identity.VerifiedIdentity;
import org.govmail.auth.institution.Institution;
import org.govmail.auth.institution.InstitutionRegistry;
import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.auth.lifecycle.Notifications;

/**
 * Sign-up in four steps — terms and account type, identity verification, information with the
 * certificate, submit — each checked completely before anything is stored, with the state kept in an
 * expiring server-side session between steps; or all four in one call for scripts. Submitting creates the
 * account PENDING (it can log in, send and receive at once), creates its INBOX and tells the institution's
 * administrators. Every step, done or refused, goes to the audit log.
 */
public final class SignupService {
    public static final int MIN_PASSWORD_LENGTH = 10;
    private static final String ACTOR = "anonymous";

    private final AccountRegistry accounts;
    private final InstitutionRegistry institutions;
    private final CertificateValidator validator;
    private final IdentityVerifier identityVerifier;
    private final PasswordHasher hasher;
    private final AccountIds ids;
    private final SignupSessions sessions;
    private final MailArchive archive;
    private final Notifications notifications;
    private final AuditLog audit;
    private final LifecycleConfiguration settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SignupService(AccountRegistry accounts, InstitutionRegistry institutions, CertificateValidator validator,
                         IdentityVerifier identityVerifier, PasswordHasher hasher, AccountIds ids, SignupSessions sessions,
                         MailArchive archive, Notifications notifications, AuditLog audit, LifecycleConfiguration settings, Clock clock) {
        this.accounts = accounts;
        this.institutions = institutions;
        this.validator = validator;
        this.identityVerifier = identityVerifier;
        this.hasher = hasher;
        this.ids = ids;
        this.sessions = sessions;
        this.archive = archive;
        this.notifications = notifications;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session: the token goes to the client and is the only way to continue it. */
    public record Started(String token, SignupState state) {
    }

    /** Step 1. {@code acceptedTerms}: terms id → the version the user accepted. */
    public Started start(Map<String, String> acceptedTerms, AccountType type, String address) throws GovmailAuthException {
        try {
            requireTerms(acceptedTerms);
            String token = newToken();
            Instant now = clock.instant();
            SignupState state = new SignupState(key(token), now, now.plus(settings.signupSessionTtl()), SignupStep.TERMS_ACCEPTED,
                type, acceptedTerms, Optional.empty(), Optional.empty());
            sessions.save(state);
            record(AuditEntry.done(ACTOR, "SIGNUP_TERMS", null, null, "session " + shortKey(state) + ", " + type
                + ", terms " + terms(acceptedTerms)), address);
            return new Started(token, state);
        } catch (GovmailAuthException e) {
            record(AuditEntry.refused(ACTOR, "SIGNUP_TERMS", null, null, e.reason(), e.getMessage()), address);
            throw e;
        }
    }

    public SignupState state(String token) throws GovmailAuthException {
        return session(token);
    }

    /** Step 2: the provider's signed assertion; its nonce is consumed even if a later step fails. */
    public SignupState verifyIdentity(String token, String assertion, String address) throws GovmailAuthException {
        return step("SIGNUP_IDENTITY", token, address, state -> {
            requireStep(state, SignupStep.TERMS_ACCEPTED);
            VerifiedIdentity identity = identityVerifier.verify(assertion);
            SignupState next = state.verified(new SignupState.Identity(identity.name(), identity.birthDate(), identity.provider(), identity.method()));
            sessions.save(next);
            return new StepResult(next, null, null, "verified by " + identity.provider() + " (" + identity.method() + ")");
        });
    }

    /** Step 3: may be repeated (to correct something) until the session is submitted. */
    public SignupState enterInformation(String token, Information information, String address) throws GovmailAuthException {
        return step("SIGNUP_INFORMATION", token, address, state -> {
            if (state.step() != SignupStep.IDENTITY_VERIFIED && state.step() != SignupStep.INFORMATION_ENTERED) {
                throw outOfOrder(state, "identity verification comes first");
            }
            SignupState.Identity identity = state.identity().orElseThrow();
            requireSameName(identity.name(), information.name());
            SignupState.Checked checked = check(state.type(), information);
            SignupState next = state.entered(checked);
            sessions.save(next);
            return new StepResult(next, checked.accountId(), checked.institution(), "certificate " + checked.fingerprint());
        });
    }

    /** Step 4: creates the account PENDING. The session ends with it. */
    public Account submit(String token, String address) throws GovmailAuthException {
        StepResult result = stepResult("SIGNUP_SUBMIT", token, address, state -> {
            if (state.step() != SignupStep.INFORMATION_ENTERED) {
                throw outOfOrder(state, "the information step comes first");
            }
            Account account = create(state.type(), state.acceptedTerms(), state.information().orElseThrow());
            sessions.delete(state.key());
            return new StepResult(state, account.id(), account.institution(), "created PENDING, terms " + terms(state.acceptedTerms()), account);
        });
        return afterCreation(result.created());
    }

    /** All four steps in one call: nothing is stored unless every check passes. */
    public Account signUp(Map<String, String> acceptedTerms, AccountType type, String assertion, Information information, String address)
            throws GovmailAuthException {
        String accountId = null;
        String institution = information.institution();
        try {
            requireTerms(acceptedTerms);
            // Everything that does not need the identity first, so a refused certificate does not burn the assertion's nonce.
            SignupState.Checked checked = check(type, information);
            accountId = checked.accountId();
            VerifiedIdentity identity = identityVerifier.verify(assertion);
            requireSameName(identity.name(), information.name());
            Account account = create(type, acceptedTerms, checked);
            record(AuditEntry.done(ACTOR, "SIGNUP", account.id(), account.institution(), "one call, verified by " + identity.provider()
                + " (" + identity.method() + "), created PENDING, terms " + terms(acceptedTerms)), address);
            return afterCreation(account);
        } catch (GovmailAuthException e) {
            record(AuditEntry.refused(ACTOR, "SIGNUP", accountId, institution, e.reason(), e.getMessage()), address);
            throw e;
        }
    }

    /** Whether an id could be signed up now (syntax, hosted domain, not taken). */
    public String requireAvailable(String accountId) throws GovmailAuthException {
        String id = ids.requireValid(accountId);
        if (accounts.find(id).isPresent()) {
            throw new GovmailAuthException(Reason.ACCOUNT_EXISTS, "account " + id + " exists");
        }
        return id;
    }

    private SignupState.Checked check(AccountType type, Information information) throws GovmailAuthException {
        if (information.name() == null || information.name().isBlank()) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "name is required");
        }
        Institution institution = institutions.find(information.institution() == null ? "" : information.institution().trim())
            .orElseThrow(() -> new GovmailAuthException(Reason.INSTITUTION_NOT_FOUND, "no institution " + information.institution()));
        if (!institution.type().signupAllowed()) {
            throw new GovmailAuthException(Reason.INSTITUTION_EXCLUDED, institution.name() + " is a " + institution.type());
        }
        String domain = information.domain() == null || information.domain().isBlank()
            ? institution.domains().stream().findFirst().orElseThrow(() ->
                new GovmailAuthException(Reason.INSTITUTION_DOMAIN_INVALID, institution.code() + " has no mail domain"))
            : AccountIds.normalize(information.domain());
        if (!institution.domains().contains(domain)) {
            throw new GovmailAuthException(Reason.INSTITUTION_DOMAIN_INVALID, domain + " is not a domain of " + institution.code());
        }
        String localPart = AccountIds.normalize(information.localPart());
        if (localPart.isEmpty() || localPart.contains("@")) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "'" + information.localPart() + "' is not a valid account name");
        }
        String accountId = requireAvailable(localPart + "@" + domain);
        if (information.password() == null || information.password().length() < MIN_PASSWORD_LENGTH) {
            throw new GovmailAuthException(Reason.PASSWORD_TOO_WEAK);
        }
        // A representative account carries the institution's certificate: its name is the institution's.
        String accountName = type == AccountType.INSTITUTION_REPRESENTATIVE ? institution.name() : information.name();
        ValidatedCertificate certificate = validator.validate(information.certificate());
        CertificateValidator.requireName(certificate, accountName);
        // Any registration, even a revoked one: a certificate belongs to one account for good.
        if (accounts.certificate(certificate.fingerprint()).isPresent()) {
            throw new GovmailAuthException(Reason.CERT_ALREADY_REGISTERED, "certificate " + certificate.fingerprint() + " is registered");
        }
        try {
            return new SignupState.Checked(accountId, accountName, information.name(), institution.code(),
                Texts.supported(information.language()), hasher.hash(information.password()),
                certificate.certificate().getEncoded(), certificate.fingerprint());
        } catch (CertificateEncodingException e) {
            throw new GovmailAuthException(Reason.CERT_MALFORMED, e.getMessage());
        }
    }

    private Account create(AccountType type, Map<String, String> acceptedTerms, SignupState.Checked checked) throws GovmailAuthException {
        requireTerms(acceptedTerms);
        // Validated again: the certificate may have been revoked, or expired, since step 3.
        ValidatedCertificate certificate = validator.validate(checked.certificate());
        CertificateValidator.requireName(certificate, checked.accountName());
        return accounts.create(new NewAccount(checked.accountId(), checked.accountName(), type, checked.institution(),
            AccountStatus.PENDING, checked.language()), checked.passwordHash(), certificate);
    }

    private Account afterCreation(Account account) {
        archive.createInboxForNewAccount(account.id());
        institutions.find(account.institution()).ifPresent(institution -> notifications.signupSubmitted(account, institution));
        return account;
    }

    private void requireTerms(Map<String, String> accepted) throws GovmailAuthException {
        for (LifecycleConfiguration.Terms terms : settings.terms()) {
            if (terms.required() && !terms.version().equals(accepted.get(terms.id()))) {
                throw new GovmailAuthException(Reason.TERMS_NOT_ACCEPTED, "terms '" + terms.id() + "' version " + terms.version()
                    + " must be accepted (got " + Optional.ofNullable(accepted.get(terms.id())).orElse("nothing") + ")");
            }
        }
        for (Map.Entry<String, String> entry : accepted.entrySet()) {
            boolean current = settings.terms().stream().anyMatch(terms -> terms.id().equals(entry.getKey()) && terms.version().equals(entry.getValue()));
            if (!current) {
                throw new GovmailAuthException(Reason.TERMS_NOT_ACCEPTED, "no current terms '" + entry.getKey() + "' version " + entry.getValue());
            }
        }
    }

    private static void requireSameName(String verified, String entered) throws GovmailAuthException {
        if (entered == null || !NameRule.sameName(verified, entered)) {
            throw new GovmailAuthException(Reason.IDENTITY_NAME_MISMATCH, "verified name '" + verified + "', sign-up name '" + entered + "'");
        }
    }

    private static void requireStep(SignupState state, SignupStep expected) throws GovmailAuthException {
        if (state.step() != expected) {
            throw outOfOrder(state, "expected the session at " + expected);
        }
    }

    private static GovmailAuthException outOfOrder(SignupState state, String detail) {
        return new GovmailAuthException(Reason.SIGNUP_STEP_OUT_OF_ORDER, "session is at " + state.step() + ": " + detail);
    }

    private SignupState session(String token) throws GovmailAuthException {
        if (token == null || token.isBlank() || token.length() > 100) {
            throw new GovmailAuthException(Reason.SIGNUP_SESSION_NOT_FOUND, "no sign-up session token");
        }
        return sessions.find(key(token), clock.instant())
            .orElseThrow(() -> new GovmailAuthException(Reason.SIGNUP_SESSION_NOT_FOUND, "unknown or expired sign-up session"));
    }

    private record StepResult(SignupState state, String account, String institution, String detail, Account created) {
        StepResult(SignupState state, String account, String institution, String detail) {
            this(state, account, institution, detail, null);
        }
    }

    @FunctionalInterface
    private interface Step {
        StepResult run(SignupState state) throws GovmailAuthException;
    }

    private SignupState step(String action, String token, String address, Step step) throws GovmailAuthException {
        return stepResult(action, token, address, step).state();
    }

    private StepResult stepResult(String action, String token, String address, Step step) throws GovmailAuthException {
        String sessionLabel = "-";
        try {
            SignupState state = session(token);
            sessionLabel = shortKey(state);
            StepResult result = step.run(state);
            record(AuditEntry.done(ACTOR, action, result.account(), result.institution(), "session " + sessionLabel + ", " + result.detail()), address);
            return result;
        } catch (GovmailAuthException e) {
            record(AuditEntry.refused(ACTOR, action, null, null, e.reason(), "session " + sessionLabel + ": " + e.getMessage()), address);
            throw e;
        }
    }

    private void record(AuditEntry entry, String address) {
        audit.record(entry.from(address));
    }

    private static String shortKey(SignupState state) {
        return state.key().substring(0, 12);
    }

    private static String terms(Map<String, String> accepted) {
        return new LinkedHashMap<>(accepted).entrySet().stream().map(entry -> entry.getKey() + "@" + entry.getValue())
            .sorted().collect(Collectors.joining(","));
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
