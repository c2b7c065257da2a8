package org.govmail.auth.account.jpa;

import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountRegistry;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.account.NewAccount;
import org.govmail.auth.account.RegisteredCertificate;
import org.govmail.auth.cert.ValidatedCertificate;
import org.govmail.auth.jpa.JpaTransactions;

/** {@link AccountRegistry} on the server's JPA store (Derby by default, PostgreSQL in production). */
public final class JpaAccountRegistry implements AccountRegistry {
    private final JpaTransactions transactions;
    private final Clock clock;

    public JpaAccountRegistry(EntityManagerFactory factory, Clock clock) {
        this.transactions = new JpaTransactions(factory);
        this.clock = clock;
    }

    private <T> T inTransaction(JpaTransactions.Work<T> work) throws GovmailAuthException {
        return transactions.write(work);
    }

    private <T> T read(Function<EntityManager, T> work) {
        return transactions.read(work);
    }

    @Override
    public Account create(NewAccount account, String passwordHash, ValidatedCertificate certificate) throws GovmailAuthException {
        long now = clock.millis();
        try {
            return inTransaction(manager -> {
                if (manager.find(AccountEntity.class, account.id()) != null) {
                    throw new GovmailAuthException(Reason.ACCOUNT_EXISTS, "account " + account.id() + " exists");
                }
                if (manager.find(CertificateEntity.class, certificate.fingerprint()) != null) {
                    throw new GovmailAuthException(Reason.CERT_ALREADY_REGISTERED, "certificate " + certificate.fingerprint() + " is registered");
                }
                AccountEntity entity = new AccountEntity(account.id(), account.name(), account.type().name(),
                    account.institution(), account.status().name(), passwordHash, account.language(), now);
                manager.persist(entity);
                manager.persist(certificateEntity(account.id(), certificate, now));
                manager.flush();
                return toAccount(entity);
            });
        } catch (PersistenceException e) {
            // A concurrent creation won the race on one of the two primary keys.
            if (find(account.id()).isPresent()) {
                throw new GovmailAuthException(Reason.ACCOUNT_EXISTS, "account " + account.id() + " exists");
            }
            throw new GovmailAuthException(Reason.CERT_ALREADY_REGISTERED, "certificate " + certificate.fingerprint() + " is registered");
        }
    }

    @Override
    public Optional<Account> find(String id) {
        return read(manager -> Optional.ofNullable(manager.find(AccountEntity.class, normalize(id))).map(JpaAccountRegistry::toAccount));
    }

    @Override
    public Optional<Account> findByCertificate(String fingerprint) {
        return read(manager -> Optional.ofNullable(manager.find(CertificateEntity.class, fingerprint))
            .filter(certificate -> certificate.getRevokedAt() == null)
            .map(certificate -> manager.find(AccountEntity.class, certificate.getAccountId()))
            .map(JpaAccountRegistry::toAccount));
    }

    @Override
    public Optional<RegisteredCertificate> certificate(String fingerprint) {
        return read(manager -> Optional.ofNullable(manager.find(CertificateEntity.class, fingerprint)).map(JpaAccountRegistry::toCertificate));
    }

    @Override
    public Optional<byte[]> certificateDer(String fingerprint) {
        return read(manager -> Optional.ofNullable(manager.find(CertificateEntity.class, fingerprint)).map(CertificateEntity::getDer));
    }

    @Override
    public List<RegisteredCertificate> certificates(String accountId) {
        return read(manager -> manager.createNamedQuery("GovmailCertificate.ofAccount", CertificateEntity.class)
            .setParameter("accountId", normalize(accountId))
            .getResultList().stream().map(JpaAccountRegistry::toCertificate).toList());
    }

    @Override
    public RegisteredCertificate addCertificate(String accountId, ValidatedCertificate certificate) throws GovmailAuthException {
        long now = clock.millis();
        return inTransaction(manager -> {
            AccountEntity account = existing(manager, accountId);
            if (manager.find(CertificateEntity.class, certificate.fingerprint()) != null) {
                throw new GovmailAuthException(Reason.CERT_ALREADY_REGISTERED, "certificate " + certificate.fingerprint() + " is registered");
            }
            CertificateEntity entity = certificateEntity(account.getId(), certificate, now);
            manager.persist(entity);
            return toCertificate(entity);
        });
    }

    @Override
    public RegisteredCertificate revokeCertificate(String fingerprint, String reason) throws GovmailAuthException {
        long now = clock.millis();
        return inTransaction(manager -> {
            CertificateEntity entity = manager.find(CertificateEntity.class, fingerprint);
            if (entity == null) {
                throw new GovmailAuthException(Reason.CERT_NOT_FOUND, "no registration of certificate " + fingerprint);
            }
            if (entity.getRevokedAt() == null) {
                entity.revoke(now, reason);
            }
            return toCertificate(entity);
        });
    }

    @Override
    public Account changeStatus(String id, AccountStatus to, String reason) throws GovmailAuthException {
        long now = clock.millis();
        return inTransaction(manager -> {
            AccountEntity entity = existing(manager, id);
            AccountStatus from = AccountStatus.valueOf(entity.getStatus());
            if (!from.next().contains(to)) {
                throw new GovmailAuthException(Reason.STATUS_TRANSITION_INVALID, "cannot go from " + from + " to " + to);
            }
            entity.changeStatus(to.name(), reason, now);
            return toAccount(entity);
        });
    }

    @Override
    public Optional<String> passwordHash(String id) {
        return read(manager -> Optional.ofNullable(manager.find(AccountEntity.class, normalize(id))).map(AccountEntity::getPasswordHash));
    }

    @Override
    public void setPasswordHash(String id, String passwordHash) throws GovmailAuthException {
        long now = clock.millis();
        inTransaction(manager -> {
            existing(manager, id).changePasswordHash(passwordHash, now);
            return null;
        });
    }

    @Override
    public List<Account> list(Optional<AccountStatus> status, Optional<String> institution, int offset, int limit) {
        return read(manager -> manager.createNamedQuery("GovmailAccount.list", AccountEntity.class)
            .setParameter("status", status.map(Enum::name).orElse(null))
            .setParameter("institution", institution.orElse(null))
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultList().stream().map(JpaAccountRegistry::toAccount).toList());
    }

    @Override
    public Account scheduleRetirement(String id, Optional<Instant> at, Optional<String> reason, Optional<String> redirectTo)
            throws GovmailAuthException {
        long now = clock.millis();
        return inTransaction(manager -> {
            AccountEntity entity = existing(manager, id);
            entity.scheduleRetirement(at.map(Instant::toEpochMilli).orElse(null), reason.orElse(null), redirectTo.orElse(null), now);
            return toAccount(entity);
        });
    }

    @Override
    public Account retire(String id, String reason, Optional<String> redirectTo) throws GovmailAuthException {
        long now = clock.millis();
        return inTransaction(manager -> {
            AccountEntity entity = existing(manager, id);
            AccountStatus from = AccountStatus.valueOf(entity.getStatus());
            if (!from.next().contains(AccountStatus.RETIRED)) {
                throw new GovmailAuthException(Reason.STATUS_TRANSITION_INVALID, "cannot go from " + from + " to RETIRED");
            }
            entity.changeStatus(AccountStatus.RETIRED.name(), reason, now);
            entity.scheduleRetirement(null, null, redirectTo.orElse(null), now);
            manager.createNamedQuery("GovmailCertificate.ofAccount", CertificateEntity.class)
                .setParameter("accountId", entity.getId())
                .getResultList().stream()
                .filter(certificate -> certificate.getRevokedAt() == null)
                .forEach(certificate -> certificate.revoke(now, "account retired"));
            return toAccount(entity);
        });
    }

    @Override
    public List<Account> dueRetirements(Instant now) {
        return read(manager -> manager.createNamedQuery("GovmailAccount.dueRetirements", AccountEntity.class)
            .setParameter("now", now.toEpochMilli())
            .getResultList().stream().map(JpaAccountRegistry::toAccount).toList());
    }

    @Override
    public List<Account> inStatusSince(AccountStatus status, Instant before) {
        return read(manager -> manager.createNamedQuery("GovmailAccount.inStatusSince", AccountEntity.class)
            .setParameter("status", status.name())
            .setParameter("before", before.toEpochMilli())
            .getResultList().stream().map(JpaAccountRegistry::toAccount).toList());
    }

    @Override
    public List<RegisteredCertificate> activeCertificatesExpiring(Instant from, Instant to) {
        return read(manager -> manager.createNamedQuery("GovmailCertificate.activeExpiringBetween", CertificateEntity.class)
            .setParameter("from", from.toEpochMilli())
            .setParameter("to", to.toEpochMilli())
            .getResultList().stream().map(JpaAccountRegistry::toCertificate).toList());
    }

    @Override
    public long count() {
        return read(manager -> manager.createNamedQuery("GovmailAccount.count", Long.class).getSingleResult());
    }

    @Override
    public void delete(String id) throws GovmailAuthException {
        inTransaction(manager -> {
            AccountEntity entity = existing(manager, id);
            manager.createNamedQuery("GovmailCertificate.deleteOfAccount").setParameter("accountId", entity.getId()).executeUpdate();
            manager.remove(entity);
            return null;
        });
    }

    private static AccountEntity existing(EntityManager manager, String id) throws GovmailAuthException {
        AccountEntity entity = manager.find(AccountEntity.class, normalize(id));
        if (entity == null) {
            throw new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, "no account " + id);
        }
        return entity;
    }

    private static String normalize(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    private static CertificateEntity certificateEntity(String accountId, ValidatedCertificate certificate, long now) {
        try {
            return new CertificateEntity(certificate.fingerprint(), accountId, certificate.scheme(), certificate.subject(),
                certificate.issuerName(), certificate.serialHex(), certificate.notBefore().toEpochMilli(),
                certificate.notAfter().toEpochMilli(), now, certificate.certificate().getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Account toAccount(AccountEntity entity) {
        return new Account(entity.getId(), entity.getName(), AccountType.valueOf(entity.getType()), entity.getInstitution(),
            AccountStatus.valueOf(entity.getStatus()), entity.getStatusReason(),
            Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getUpdatedAt()), entity.getLanguage(),
            Instant.ofEpochMilli(entity.getStatusChangedAt()), Optional.ofNullable(entity.getRetireAt()).map(Instant::ofEpochMilli),
            Optional.ofNullable(entity.getRetireReason()), Optional.ofNullable(entity.getRedirectTo()));
    }

    private static RegisteredCertificate toCertificate(CertificateEntity entity) {
        return new RegisteredCertificate(entity.getFingerprint(), entity.getAccountId(), entity.getScheme(), entity.getSubject(),
            entity.getIssuer(), entity.getSerialHex(), Instant.ofEpochMilli(entity.getNotBefore()),
            Instant.ofEpochMilli(entity.getNotAfter()), Instant.ofEpochMilli(entity.getRegisteredAt()),
            Optional.ofNullable(entity.getRevokedAt()).map(Instant::ofEpochMilli), Optional.ofNullable(entity.getRevocationReason()));
    }
}
