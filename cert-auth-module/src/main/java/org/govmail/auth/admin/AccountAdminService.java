package org.govmail.auth.admin;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.james.core.Domain;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.cert.CertificateValidator;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.lifecycle.LiveSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account provisioning, the one service under the REST routes and JMX: every change is validated
 * first and written in one registry transaction, so a refused request leaves nothing behind.
 */
public final class AccountAdminService {
    private static final Logger LOGGER = LoggerFactory.getLogger(AccountAdminService.class);
    /** Local part: letters, digits and . _ - (not leading/trailing dot); lower case is stored. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?@[a-z0-9.-]+$");
    static final int MIN_PASSWORD_LENGTH = 10;

    private final AccountRegistry registry;
    private final CertificateValidator validator;
    private final PasswordHasher hasher;
    private final DomainList domains;
    private final LiveSessions liveSessions;

    @Inject
    public AccountAdminService(AccountRegistry registry, CertificateValidator validator, PasswordHasher hasher, DomainList domains,
                               LiveSessions liveSessions) {
        this.registry = registry;
        this.validator = validator;
        this.hasher = hasher;
        this.domains = domains;
        this.liveSessions = liveSessions;
    }

    public record Creation(String id, String name, AccountType type, String institution, AccountStatus status,
                           String password, byte[] certificate) {
    }

    public Account create(Creation request, String actor) throws GovmailAuthException {
        String id = request.id() == null ? "" : request.id().trim().toLowerCase(Locale.ROOT);
        requireValidId(id);
        if (request.name() == null || request.name().isBlank()) {
            throw new GovmailAuthException(Reason.REQUEST_INVALID, "name is required");
        }
        if (request.password() == null || request.password().length() < MIN_PASSWORD_LENGTH) {
            throw new GovmailAuthException(Reason.PASSWORD_TOO_WEAK);
        }
        if (registry.find(id).isPresent()) {
            throw new GovmailAuthException(Reason.ACCOUNT_EXISTS, "account " + id + " exists");
        }
        ValidatedCertificate certificate = validator.validate(request.certificate());
        CertificateValidator.requireName(certificate, request.name());
        Account account = registry.create(new NewAccount(id, request.name(), request.type(), request.institution(), request.status(), null),
            hasher.hash(request.password()), certificate);
        LOGGER.info("account created id={} status={} fingerprint={} by={}", id, account.status(), certificate.fingerprint(), actor);
        return account;
    }

    public Optional<Account> find(String id) {
        return registry.find(id);
    }

    public Account get(String id) throws GovmailAuthException {
        return registry.find(id).orElseThrow(() -> new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, "no account " + id));
    }

    public List<RegisteredCertificate> certificates(String id) throws GovmailAuthException {
        get(id);
        return registry.certificates(id);
    }

    public List<Account> list(Optional<AccountStatus> status, Optional<String> institution, int offset, int limit) {
        return registry.list(status, institution, offset, limit);
    }

    public Account changeStatus(String id, AccountStatus status, String reason, String actor) throws GovmailAuthException {
        Account account = registry.changeStatus(id, status, reason);
        LOGGER.info("account status id={} status={} reason={} by={}", account.id(), status, reason, actor);
        if (!status.canLogIn()) {
            // The gate refuses the next login; sessions opened before the change must not outlive it.
            liveSessions.closeAll(account.id(), "status " + status + " by " + actor);
        }
        return account;
    }

    /** Registers another certificate (renewal): it must carry the account's exact name. */
    public RegisteredCertificate addCertificate(String id, byte[] encoded, String actor) throws GovmailAuthException {
        Account account = get(id);
        ValidatedCertificate certificate = validator.validate(encoded);
        CertificateValidator.requireName(certificate, account.name());
        RegisteredCertificate registered = registry.addCertificate(account.id(), certificate);
        LOGGER.info("certificate registered id={} fingerprint={} by={}", account.id(), registered.fingerprint(), actor);
        return registered;
    }

    public RegisteredCertificate revokeCertificate(String id, String fingerprint, String reason, String actor) throws GovmailAuthException {
        Account account = get(id);
        RegisteredCertificate certificate = registry.certificate(fingerprint.toLowerCase(Locale.ROOT))
            .filter(found -> found.accountId().equals(account.id()))
            .orElseThrow(() -> new GovmailAuthException(Reason.CERT_NOT_FOUND, "no certificate " + fingerprint + " on " + id));
        RegisteredCertificate revoked = registry.revokeCertificate(certificate.fingerprint(), reason);
        LOGGER.info("certificate registration revoked id={} fingerprint={} reason={} by={}", account.id(), fingerprint, reason, actor);
        return revoked;
    }

    private void requireValidId(String id) throws GovmailAuthException {
        if (!ACCOUNT_ID.matcher(id).matches() || id.contains("..")) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "'" + id + "' is not a valid account id");
        }
        try {
            if (!domains.containsDomain(Domain.of(id.substring(id.indexOf('@') + 1)))) {
                throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "domain of " + id + " is not hosted here");
            }
        } catch (DomainListException | IllegalArgumentException e) {
            throw new GovmailAuthException(Reason.ACCOUNT_ID_INVALID, "domain of " + id + ": " + e.getMessage());
        }
    }
}
