package org.govmail.auth.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.cert.ValidatedCertificate;

/**
 * The accounts and their certificates: the source of truth for who may log in, and (through
 * {@code RegistryUsersDAO}) for James' users repository. Lookups by id and by certificate
 * fingerprint are indexed.
 */
public interface AccountRegistry {
    /** Creates the account and registers its certificate in one transaction. */
    Account create(NewAccount account, String passwordHash, ValidatedCertificate certificate) throws GovmailAuthException;

    Optional<Account> find(String id);

    /** The account an active (not revoked) registration of this certificate belongs to. */
    Optional<Account> findByCertificate(String fingerprint);

    Optional<RegisteredCertificate> certificate(String fingerprint);

    /** The registered certificate itself (DER), for checking it again after registration. */
    Optional<byte[]> certificateDer(String fingerprint);

    List<RegisteredCertificate> certificates(String accountId);

    RegisteredCertificate addCertificate(String accountId, ValidatedCertificate certificate) throws GovmailAuthException;

    RegisteredCertificate revokeCertificate(String fingerprint, String reason) throws GovmailAuthException;

    /** Changes the status if {@link AccountStatus#next()} allows it. */
    Account changeStatus(String id, AccountStatus to, String reason) throws GovmailAuthException;

    Optional<String> passwordHash(String id);

    void setPasswordHash(String id, String passwordHash) throws GovmailAuthException;

    List<Account> list(Optional<AccountStatus> status, Optional<String> institution, int offset, int limit);

    /** Sets (or clears, with empty) a scheduled retirement, its reason, and where mail goes once the account is retired. */
    Account scheduleRetirement(String id, Optional<Instant> at, Optional<String> reason, Optional<String> redirectTo)
        throws GovmailAuthException;

    /**
     * In one transaction: status RETIRED, every active certificate registration revoked, retirement
     * schedule cleared, mail redirected to {@code redirectTo} if given.
     */
    Account retire(String id, String reason, Optional<String> redirectTo) throws GovmailAuthException;

    /** Accounts whose scheduled retirement is due and that are neither retired nor rejected. */
    List<Account> dueRetirements(Instant now);

    /** Accounts that have been in this status since {@code before} or earlier. */
    List<Account> inStatusSince(AccountStatus status, Instant before);

    /** Active registrations whose certificate expires in (from, to]. */
    List<RegisteredCertificate> activeCertificatesExpiring(Instant from, Instant to);

    long count();

    void delete(String id) throws GovmailAuthException;
}
