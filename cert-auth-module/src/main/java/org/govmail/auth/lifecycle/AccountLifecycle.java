package org.govmail.auth.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.admin.Caller;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.config.LifecycleConfiguration;

/**
 * What administrators (and account holders, for their own certificates and mail) do to an account after
 * it exists: approve, reject, suspend, reinstate, retire (now or on a date), register and revoke
 * certificates, export mail. Every operation checks the caller's scope first, changes the registry in
 * one transaction, closes the account's open sessions when it may no longer log in, notifies the holder,
 * and appends what happened — or why it was refused — to the audit log.
 */
public final class AccountLifecycle {
    /** The keyword for "redirect to the institution's representative account". */
    public static final String REPRESENTATIVE = "representative";

    private final AccountRegistry registry;
    private final CertificateValidator validator;
    private final AuditLog audit;
    private final Notifications notifications;
    private final LiveSessions sessions;
    private final LifecycleConfiguration settings;
    private final Clock clock;
    private final TokenRevocation tokens;

    public AccountLifecycle(AccountRegistry registry, CertificateValidator validator, AuditLog audit, Notifications notifications,
                            LiveSessions sessions, LifecycleConfiguration settings, Clock clock) {
        this(registry, validator, audit, notifications, sessions, TokenRevocation.NONE, settings, clock);
    }

    public AccountLifecycle(AccountRegistry registry, CertificateValidator validator, AuditLog audit, Notifications notifications,
                            LiveSessions sessions, TokenRevocation tokens, LifecycleConfiguration settings, Clock clock) {
        this.tokens = tokens;
        this.registry = registry;
        this.validator = validator;
        this.audit = audit;
        this.notifications = notifications;
        this.sessions = sessions;
        this.settings = settings;
        this.clock = clock;
    }

    public Account approve(Caller caller, String id) throws GovmailAuthException {
        return decide(caller, id, "ACCOUNT_APPROVE", EnumSet.of(AccountStatus.PENDING), AccountStatus.APPROVED, null, "approved");
    }

    public Account reject(Caller caller, String id, String reason) throws GovmailAuthException {
        return decide(caller, id, "ACCOUNT_REJECT", EnumSet.of(AccountStatus.PENDING), AccountStatus.REJECTED, reason, "rejected");
    }

    public Account suspend(Caller caller, String id, String reason) throws GovmailAuthException {
        return decide(caller, id, "ACCOUNT_SUSPEND", EnumSet.of(AccountStatus.PENDING, AccountStatus.APPROVED),
            AccountStatus.SUSPENDED, reason, "suspended");
    }

    public Account reinstate(Caller caller, String id) throws GovmailAuthException {
        return decide(caller, id, "ACCOUNT_REINSTATE", EnumSet.of(AccountStatus.SUSPENDED), AccountStatus.APPROVED, null, "reinstated");
    }

    /** The one-field form (PUT .../status) of the decisions above: APPROVED means reinstate for a suspended account. */
    public Account changeStatus(Caller caller, String id, AccountStatus to, String reason) throws GovmailAuthException {
        return switch (to) {
            case APPROVED -> registry.find(id.trim()).map(Account::status).orElse(AccountStatus.PENDING) == AccountStatus.SUSPENDED
                ? reinstate(caller, id) : approve(caller, id);
            case REJECTED -> reject(caller, id, reason);
            case SUSPENDED -> suspend(caller, id, reason);
            case RETIRED -> retire(caller, id, reason, Optional.empty(), Optional.empty());
            case PENDING -> decide(caller, id, "ACCOUNT_STATUS", EnumSet.noneOf(AccountStatus.class), to, reason, null);
        };
    }

    /**
     * Retires the account now, or schedules it when {@code at} is in the future (the housekeeping
     * retires it then). {@code redirectTo}: an active local account, or {@value #REPRESENTATIVE} for the
     * institution's representative account; without it, mail to the account bounces.
     */
    public Account retire(Caller caller, String id, String reason, Optional<Instant> at, Optional<String> redirectTo)
            throws GovmailAuthException {
        return audited(caller, "ACCOUNT_RETIRE", id, () -> {
            Account account = existing(id);
            requireDecider(caller, account);
            requireFrom(account, EnumSet.of(AccountStatus.PENDING, AccountStatus.APPROVED, AccountStatus.SUSPENDED), AccountStatus.RETIRED);
            requireReason(reason);
            Optional<String> target = redirectTarget(account, redirectTo);
            if (at.isPresent() && at.get().isAfter(clock.instant())) {
                Account scheduled = registry.scheduleRetirement(account.id(), at, Optional.of(reason), target);
                return new Outcome<>(scheduled, "scheduled for " + at.get() + target.map(to -> ", mail to " + to).orElse("") + ": " + reason);
            }
            Account retired = registry.retire(account.id(), reason, target);
            int closed = sessions.closeAll(retired.id(), "account retired");
            int revoked = tokens.revokeAccount(retired.id(), "account retired");
            return new Outcome<>(retired, "retired, certificate registrations revoked, " + closed + " session(s) closed, "
                + revoked + " token session(s) revoked"
                + target.map(to -> ", mail to " + to).orElse(", mail bounces") + ": " + reason);
        });
    }

    /** Cancels a scheduled retirement (the account stays as it is; nothing happens on the date). */
    public Account cancelRetirement(Caller caller, String id) throws GovmailAuthException {
        return audited(caller, "ACCOUNT_RETIRE_CANCEL", id, () -> {
            Account account = existing(id);
            requireDecider(caller, account);
            if (account.retireAt().isEmpty() || account.status() == AccountStatus.RETIRED) {
                throw new GovmailAuthException(Reason.STATUS_TRANSITION_INVALID, id + " has no scheduled retirement");
            }
            Account cancelled = registry.scheduleRetirement(account.id(), Optional.empty(), Optional.empty(), Optional.empty());
            return new Outcome<>(cancelled, "retirement of " + account.retireAt().get() + " cancelled");
        });
    }

    /**
     * Registers a new certificate for the same name (renewal). The old registrations keep working until
     * their certificates expire, unless {@code replace} revokes them now.
     */
    public RegisteredCertificate registerCertificate(Caller caller, String id, byte[] encoded, boolean replace)
            throws GovmailAuthException {
        return audited(caller, "CERTIFICATE_REGISTER", id, () -> {
            Account account = existing(id);
            caller.requireSelfOrAdministratorOf(account);
            requireActive(account);
            ValidatedCertificate certificate = validator.validate(encoded);
            CertificateValidator.requireName(certificate, account.name());
            RegisteredCertificate registered = registry.addCertificate(account.id(), certificate);
            int replaced = 0;
            if (replace) {
                for (RegisteredCertificate old : registry.certificates(account.id())) {
                    if (old.active() && !old.fingerprint().equals(registered.fingerprint())) {
                        registry.revokeCertificate(old.fingerprint(), "replaced by " + registered.fingerprint());
                        tokens.revokeCertificate(old.fingerprint(), "certificate registration replaced");
                        replaced++;
                    }
                }
                if (replaced > 0) {
                    sessions.closeAll(account.id(), "certificate registration replaced");
                }
            }
            return new Outcome<>(registered, "registered " + registered.fingerprint() + " (" + registered.subject() + ", until "
                + registered.notAfter() + ")" + (replace ? ", replaced " + replaced : ""), account);
        });
    }

    public RegisteredCertificate revokeCertificate(Caller caller, String id, String fingerprint, String reason)
            throws GovmailAuthException {
        return audited(caller, "CERTIFICATE_REVOKE", id, () -> {
            Account account = existing(id);
            caller.requireSelfOrAdministratorOf(account);
            RegisteredCertificate certificate = registry.certificate(fingerprint.toLowerCase(Locale.ROOT))
                .filter(found -> found.accountId().equals(account.id()))
                .orElseThrow(() -> new GovmailAuthException(Reason.CERT_NOT_FOUND, "no certificate " + fingerprint + " on " + id));
            RegisteredCertificate revoked = registry.revokeCertificate(certificate.fingerprint(), reason);
            // Sessions do not remember which certificate opened them: close them all, clients holding a
            // still-registered certificate simply log in again.
            int closed = sessions.closeAll(account.id(), "certificate registration revoked");
            int ended = tokens.revokeCertificate(revoked.fingerprint(), "certificate registration revoked");
            return new Outcome<>(revoked, "revoked " + revoked.fingerprint() + ": " + reason + ", " + closed + " session(s) closed, "
                + ended + " token session(s) revoked", account);
        });
    }

    /**
     * Whether the caller may export the account's mail now: the holder while they can log in; an
     * administrator of the institution once the account is retired, for the configured period.
     */
    public Account requireExportable(Caller caller, String id) throws GovmailAuthException {
        return requireExportable(caller, id, "MAIL_EXPORT");
    }

    /** The same check, audited as {@code action} (listing the folders is not an export). */
    public Account requireExportable(Caller caller, String id, String action) throws GovmailAuthException {
        return audited(caller, action, id, () -> {
            Account account = existing(id);
            if (caller.isSelf(account)) {
                requireActive(account);
                return new Outcome<>(account, "by the account holder");
            }
            caller.requireAdministratorOf(account);
            if (account.status() != AccountStatus.RETIRED) {
                throw new GovmailAuthException(Reason.FORBIDDEN, "administrators export mail only of retired accounts");
            }
            Instant until = account.statusChangedAt().plus(settings.exportAfterRetirement());
            if (clock.instant().isAfter(until)) {
                throw new GovmailAuthException(Reason.EXPORT_NOT_AVAILABLE, "export of " + id + " ended " + until);
            }
            return new Outcome<>(account, "by an administrator after retirement (available until " + until + ")");
        });
    }

    private Account decide(Caller caller, String id, String action, Set<AccountStatus> from, AccountStatus to, String reason,
                           String notice) throws GovmailAuthException {
        return audited(caller, action, id, () -> {
            Account account = existing(id);
            requireDecider(caller, account);
            requireFrom(account, from, to);
            if (to == AccountStatus.REJECTED || to == AccountStatus.SUSPENDED) {
                requireReason(reason);
            }
            Account changed = registry.changeStatus(account.id(), to, reason);
            String detail = account.status() + " -> " + to + (reason == null ? "" : ": " + reason);
            if (!to.canLogIn()) {
                detail += ", " + sessions.closeAll(changed.id(), "account " + to) + " session(s) closed, "
                    + tokens.revokeAccount(changed.id(), "account " + to) + " token session(s) revoked";
            }
            notifications.decision(changed, notice, reason);
            return new Outcome<>(changed, detail);
        });
    }

    /** An administrator of the account's institution, and not deciding about their own account. */
    private static void requireDecider(Caller caller, Account account) throws GovmailAuthException {
        caller.requireAdministratorOf(account);
        if (caller.isSelf(account) && !caller.superAdmin()) {
            throw new GovmailAuthException(Reason.FORBIDDEN, "administrators cannot decide about their own account");
        }
    }

    private static void requireFrom(Account account, Set<AccountStatus> from, AccountStatus to) throws GovmailAuthException {
        if (!from.contains(account.status())) {
            throw new GovmailAuthException(Reason.STATUS_TRANSITION_INVALID, "cannot go from " + account.status() + " to " + to);
        }
    }

    private static void requireReason(String reason) throws GovmailAuthException {
        if (reason == null || reason.isBlank()) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "a reason is required");
        }
    }

    private static void requireActive(Account account) throws GovmailAuthException {
        switch (account.status()) {
            case REJECTED -> throw new GovmailAuthException(Reason.ACCOUNT_REJECTED, account.id() + " is rejected");
            case SUSPENDED -> throw new GovmailAuthException(Reason.ACCOUNT_SUSPENDED, account.id() + " is suspended");
            case RETIRED -> throw new GovmailAuthException(Reason.ACCOUNT_RETIRED, account.id() + " is retired");
            default -> {
            }
        }
    }

    private Optional<String> redirectTarget(Account account, Optional<String> requested) throws GovmailAuthException {
        if (requested.isEmpty() || requested.get().isBlank()) {
            return Optional.empty();
        }
        Optional<Account> target;
        if (requested.get().equalsIgnoreCase(REPRESENTATIVE)) {
            target = registry.list(Optional.empty(), Optional.ofNullable(account.institution()), 0, 10_000).stream()
                .filter(candidate -> candidate.type() == AccountType.INSTITUTION_REPRESENTATIVE && candidate.status().canLogIn())
                .findFirst();
        } else {
            target = registry.find(requested.get().trim());
        }
        Account found = target.filter(candidate -> candidate.status().canLogIn() && !candidate.id().equals(account.id()))
            .orElseThrow(() -> new GovmailAuthException(Reason.REDIRECT_TARGET_INVALID,
                "no active account to redirect to for '" + requested.get() + "'"));
        return Optional.of(found.id());
    }

    private Account existing(String id) throws GovmailAuthException {
        return registry.find(id == null ? "" : id.trim())
            .orElseThrow(() -> new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, "no account " + id));
    }

    /** A result and what to write in the audit log about it. */
    private record Outcome<T>(T value, String detail, Account subject) {
        Outcome(T value, String detail) {
            this(value, detail, (Account) value);
        }
    }

    @FunctionalInterface
    private interface Operation<T> {
        Outcome<T> run() throws GovmailAuthException;
    }

    private <T> T audited(Caller caller, String action, String id, Operation<T> operation) throws GovmailAuthException {
        try {
            Outcome<T> outcome = operation.run();
            audit.record(AuditEntry.done(caller.login(), action, outcome.subject().id(), outcome.subject().institution(),
                outcome.detail()).from(caller.address()));
            return outcome.value();
        } catch (GovmailAuthException e) {
            String institution = id == null ? null : registry.find(id.trim()).map(Account::institution).orElse(null);
            audit.record(AuditEntry.refused(caller.login(), action, id, institution, e.reason(), e.getMessage()).from(caller.address()));
            throw e;
        }
    }
}
