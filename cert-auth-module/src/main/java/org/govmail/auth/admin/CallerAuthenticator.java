package org.govmail.auth.admin;

import java.time.Clock;
import java.util.Optional;

import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountIds;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.PasswordHasher;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.gate.LoginThrottle;
import org.govmail.auth.institution.InstitutionRegistry;

/**
 * Authenticates an account holder (or institution administrator) calling the REST API with HTTP Basic
 * credentials. The account must be able to log in and hold an active registration of a certificate that
 * has not expired: the REST API never lets in someone the mail protocols would turn away. Failures are
 * throttled per address like protocol logins and audited.
 */
public final class CallerAuthenticator {
    private final AccountRegistry accounts;
    private final InstitutionRegistry institutions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    private final String dummyHash;

    public CallerAuthenticator(AccountRegistry accounts, InstitutionRegistry institutions, PasswordHasher hasher, LoginThrottle throttle,
                               AuditLog audit, Clock clock) {
        this.accounts = accounts;
        this.institutions = institutions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = hasher.hash("no account has this password");
    }

    public Optional<Caller> authenticate(String user, String password, String address) {
        String id = AccountIds.normalize(user);
        if (throttle.blocked(address)) {
            refuse(id, address, Reason.THROTTLED, "too many failures from " + address);
            return Optional.empty();
        }
        Optional<Account> account = accounts.find(id);
        Optional<String> hash = account.flatMap(found -> accounts.passwordHash(found.id()));
        // Hash even for unknown accounts, so timing does not tell which accounts exist.
        boolean passwordOk = hasher.verify(password == null ? "" : password, hash.orElse(dummyHash)) && hash.isPresent();
        if (!passwordOk) {
            throttle.failed(address);
            refuse(id, address, Reason.BAD_CREDENTIALS, "wrong password or unknown account");
            return Optional.empty();
        }
        Account found = account.get();
        if (!found.status().canLogIn()) {
            throttle.failed(address);
            refuse(id, address, switch (found.status()) {
                case REJECTED -> Reason.ACCOUNT_REJECTED;
                case SUSPENDED -> Reason.ACCOUNT_SUSPENDED;
                default -> Reason.ACCOUNT_RETIRED;
            }, "account status " + found.status());
            return Optional.empty();
        }
        boolean certified = accounts.certificates(found.id()).stream()
            .anyMatch(certificate -> certificate.active() && certificate.notAfter().isAfter(clock.instant()));
        if (!certified) {
            throttle.failed(address);
            refuse(id, address, Reason.CERT_NOT_REGISTERED_TO_ACCOUNT, "no active, unexpired certificate registration");
            return Optional.empty();
        }
        throttle.succeeded(address);
        return Optional.of(Caller.accountHolder(found.id(), institutions.administeredBy(found.id()), address));
    }

    private void refuse(String id, String address, Reason reason, String detail) {
        audit.record(AuditEntry.refused(id, "LOGIN", id, accounts.find(id).map(Account::institution).orElse(null), reason,
            "REST: " + detail).from(address));
    }
}
