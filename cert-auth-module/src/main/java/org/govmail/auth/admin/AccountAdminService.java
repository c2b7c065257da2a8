package org.govmail.auth.admin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountIds;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.i18n.Texts;
import org.govmail.auth.institution.InstitutionRegistry;
import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.auth.signup.SignupService;

/**
 * Direct provisioning by the super administrator (accounts created without the sign-up flow, e.g. the
 * first institution administrators) and the scoped reads every admin interface shares. Every change is
 * validated first and written in one registry transaction, so a refused request leaves nothing behind.
 */
public final class AccountAdminService {

    private final AccountRegistry registry;
    private final CertificateValidator validator;
    private final PasswordHasher hasher;
    private final AccountIds ids;
    private final MailArchive archive;
    private final AuditLog audit;
    private final InstitutionRegistry institutions;

    public AccountAdminService(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher, AccountIds ids,
                               MailArchive archive, AuditLog audit, InstitutionRegistry institutions) {
        this.institutions = institutions;
        this.registry = registry;
        this.validator = validator;
        this.hasher = hasher;
        this.ids = ids;
        this.archive = archive;
        this.audit = audit;
    }

    public record Creation(String id, String name, AccountType type, String institution, AccountStatus status,
                           String password, byte[] certificate, String language) {
    }

    public Account create(Creation request, Caller caller) throws GovmailAuthException {
        try {
            caller.requireSuper();
            String id = ids.requireValid(request.id());
            if (request.status() != AccountStatus.PENDING && request.status() != AccountStatus.APPROVED) {
                throw new GovmailAuthException(Reason.STATUS_TRANSITION_INVALID, "accounts start PENDING or APPROVED, not " + request.status());
            }
            if (request.name() == null || request.name().isBlank()) {
                throw new GovmailAuthException(Reason.REQUEST_INVALID, "name is required");
            }
            if (request.password() == null || request.password().length() < SignupService.MIN_PASSWORD_LENGTH) {
                throw new GovmailAuthException(Reason.PASSWORD_TOO_WEAK);
            }
            if (registry.find(id).isPresent()) {
                throw new GovmailAuthException(Reason.ACCOUNT_EXISTS, "account " + id + " exists");
            }
            if (request.institution() != null && !request.institution().isBlank() && institutions.find(request.institution()).isEmpty()) {
                throw new GovmailAuthException(Reason.INSTITUTION_NOT_FOUND, "no institution with code " + request.institution());
            }
            ValidatedCertificate certificate = validator.validate(request.certificate());
            CertificateValidator.requireName(certificate, request.name());
            String institution = request.institution() == null || request.institution().isBlank() ? null : request.institution();
            Account account = registry.create(new NewAccount(id, request.name(), request.type(), institution, request.status(),
                Texts.supported(request.language())), hasher.hash(request.password()), certificate);
            archive.createInboxForNewAccount(account.id());
            audit.record(AuditEntry.done(caller.login(), "ACCOUNT_CREATE", account.id(), account.institution(),
                "status " + account.status() + ", certificate " + certificate.fingerprint()).from(caller.address()));
            return account;
        } catch (GovmailAuthException e) {
            audit.record(AuditEntry.refused(caller.login(), "ACCOUNT_CREATE", request.id(), request.institution(), e.reason(), e.getMessage())
                .from(caller.address()));
            throw e;
        }
    }

    public Optional<Account> find(String id) {
        return registry.find(AccountIds.normalize(id));
    }

    /** The account, if the caller is its holder or administers its institution. */
    public Account get(Caller caller, String id) throws GovmailAuthException {
        Account account = find(id).orElseThrow(() -> new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, "no account " + id));
        caller.requireSelfOrAdministratorOf(account);
        return account;
    }

    public List<RegisteredCertificate> certificates(String id) {
        return registry.certificates(AccountIds.normalize(id));
    }

    /** Accounts in the caller's scope: all for the super administrator, their institutions' for the others. */
    public List<Account> list(Caller caller, Optional<AccountStatus> status, Optional<String> institution, int offset, int limit)
            throws GovmailAuthException {
        if (caller.superAdmin()) {
            return registry.list(status, institution, offset, limit);
        }
        if (!caller.isAdministrator()) {
            throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " administers no institution");
        }
        if (institution.isPresent()) {
            if (!caller.administers(institution.get())) {
                throw new GovmailAuthException(Reason.FORBIDDEN, caller.login() + " does not administer " + institution.get());
            }
            return registry.list(status, institution, offset, limit);
        }
        List<Account> all = new ArrayList<>();
        for (String code : caller.institutions()) {
            all.addAll(registry.list(status, Optional.of(code), 0, (int) Math.min(Integer.MAX_VALUE, (long) offset + limit)));
        }
        return all.stream().sorted(Comparator.comparing(Account::id)).skip(offset).limit(limit).toList();
    }
}
