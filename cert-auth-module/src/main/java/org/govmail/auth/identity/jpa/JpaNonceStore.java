package org.govmail.auth.identity.jpa;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.identity.NonceStore;
import org.govmail.auth.jpa.JpaTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NonceStore} in the server's database, so a used assertion stays used across restarts and on every
 * node sharing the database. The primary key decides races: when two nodes record the same nonce at once,
 * one commit fails and that node answers "replay".
 *
 * <p>Expired rows are purged opportunistically, by a use of the store at most once per purge interval on
 * each node: no scheduler needed, and the table holds about maxAge worth of sign-ups.
 */
public final class JpaNonceStore implements NonceStore {
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaNonceStore.class);
    private static final int MAX_KEY_LENGTH = 200;

    private final JpaTransactions transactions;
    private final Clock clock;
    private final long purgeIntervalMillis;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    public JpaNonceStore(EntityManagerFactory factory, Clock clock) {
        this(factory, clock, DEFAULT_PURGE_INTERVAL);
    }

    public JpaNonceStore(EntityManagerFactory factory, Clock clock, Duration purgeInterval) {
        this.transactions = new JpaTransactions(factory);
        this.clock = clock;
        this.purgeIntervalMillis = purgeInterval.toMillis();
    }

    @Override
    public boolean firstUse(String provider, String nonce, Instant keepUntil) throws GovmailAuthException {
        String key = IdentityNonceEntity.key(provider, nonce);
        if (provider.contains(":") || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("provider id or nonce too long or malformed for the nonce table");
        }
        long now = clock.millis();
        purgeIfDue(now);
        try {
            return transactions.write(manager -> record(manager, key, provider, keepUntil.toEpochMilli(), now));
        } catch (PersistenceException first) {
            // Most likely another node recorded the same nonce between our read and our commit.
            if (stillUsed(key, now)) {
                return false;
            }
            try {
                // Or the row we took over was purged meanwhile: one more try settles it.
                return transactions.write(manager -> record(manager, key, provider, keepUntil.toEpochMilli(), now));
            } catch (PersistenceException second) {
                if (stillUsed(key, now)) {
                    return false;
                }
                LOGGER.error("Cannot record an identity assertion nonce of provider {}", provider, second);
                throw new GovmailAuthException(Reason.SERVER_ERROR, "the identity nonce store is unavailable");
            }
        }
    }

    /** Deletes every expired nonce now (the store does it by itself; for tests and maintenance). */
    public int purge() throws GovmailAuthException {
        long now = clock.millis();
        return transactions.write(manager -> manager.createNamedQuery("GovmailIdentityNonce.purge")
            .setParameter("now", now).executeUpdate());
    }

    private static boolean record(EntityManager manager, String key, String provider, long keepUntil, long now) {
        IdentityNonceEntity existing = manager.find(IdentityNonceEntity.class, key);
        if (existing == null) {
            manager.persist(new IdentityNonceEntity(key, provider, keepUntil, now));
            manager.flush();
            return true;
        }
        if (existing.getExpiresAt() >= now) {
            return false;
        }
        existing.reuse(keepUntil, now);
        manager.flush();
        return true;
    }

    private boolean stillUsed(String key, long now) {
        try {
            return transactions.read(manager -> {
                IdentityNonceEntity entity = manager.find(IdentityNonceEntity.class, key);
                return entity != null && entity.getExpiresAt() >= now;
            });
        } catch (PersistenceException e) {
            return false;
        }
    }

    private void purgeIfDue(long now) {
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + purgeIntervalMillis)) {
            return;
        }
        try {
            int purged = purge();
            if (purged > 0) {
                LOGGER.debug("Purged {} expired identity assertion nonces", purged);
            }
        } catch (PersistenceException | GovmailAuthException e) {
            // Expired rows only cost space; verification goes on and the next interval tries again.
            LOGGER.warn("Cannot purge expired identity assertion nonces: {}", e.getMessage());
        }
    }
}
