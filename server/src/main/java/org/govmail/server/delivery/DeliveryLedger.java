package org.govmail.server.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;
import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.apache.james.lifecycle.api.Startable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes local delivery exactly-once on top of an at-least-once mail queue.
 *
 * <p>The queue acknowledges a mail only after the whole mailet pipeline ran; if the JVM dies between
 * the mailbox commit and that acknowledgement, the mail comes back after a restart. Each message is
 * therefore stamped with its queue name ({@link #HEADER}) before delivery; the mailbox store writes a
 * {@link DeliveryRecord} in the same transaction as the message; and {@link DeliveryLedgerGuard} drops
 * the recipients the ledger already lists before delivering again.
 */
@Singleton
public class DeliveryLedger implements Startable {
    private static final Logger LOGGER = LoggerFactory.getLogger(DeliveryLedger.class);
    /** Carries the mail's queue name into the stored message. */
    public static final String HEADER = "X-Govmail-Delivery-Id";
    /** Redeliveries happen minutes after a restart; a week of records is far more than enough. */
    static final Duration RETENTION = Duration.ofDays(7);

    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;
    private ScheduledExecutorService purger;

    @Inject
    public DeliveryLedger(EntityManagerFactory entityManagerFactory) {
        this(entityManagerFactory, Clock.systemUTC());
    }

    DeliveryLedger(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    /** Recipients (lower-case) the message with this delivery id was already stored for. */
    public Set<String> deliveredRecipients(String deliveryId) {
        return recipients("deliveredRecipients", deliveryId);
    }

    /** Recipients (lower-case) a delivery of this id was attempted for ({@link #recordAttempts}). */
    public Set<String> attemptedRecipients(String deliveryId) {
        return recipients("attemptedRecipients", deliveryId);
    }

    private Set<String> recipients(String query, String deliveryId) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            List<String> recipients = entityManager.createNamedQuery(query, String.class)
                .setParameter("deliveryId", deliveryId)
                .getResultList();
            return recipients.stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } finally {
            entityManager.close();
        }
    }

    /** Commits, before the delivery starts, that it is about to happen for these recipients. */
    public void recordAttempts(String deliveryId, Collection<String> recipients) {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            for (String recipient : recipients) {
                entityManager.persist(DeliveryRecord.attempt(deliveryId, recipient.toLowerCase(Locale.ROOT), clock.instant()));
            }
            entityManager.getTransaction().commit();
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    /** Called inside the mailbox store's transaction, so the record commits or rolls back with the message. */
    void record(EntityManager transactional, String deliveryId, String recipient, long mailboxId) {
        transactional.persist(new DeliveryRecord(deliveryId, recipient.toLowerCase(Locale.ROOT), mailboxId, clock.instant()));
    }

    /** Purges expired records now and then once a day. */
    public synchronized void start() {
        purger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "delivery-ledger-purge");
            thread.setDaemon(true);
            return thread;
        });
        purger.scheduleWithFixedDelay(this::purgeLogged, 0, 1, TimeUnit.DAYS);
    }

    @PreDestroy
    public synchronized void stop() {
        if (purger != null) {
            purger.shutdownNow();
        }
    }

    private void purgeLogged() {
        try {
            int removed = purgeExpired();
            if (removed > 0) {
                LOGGER.info("Purged {} delivery ledger records older than {}", removed, RETENTION);
            }
        } catch (RuntimeException e) {
            LOGGER.warn("Delivery ledger purge failed; will retry tomorrow", e);
        }
    }

    public int purgeExpired() {
        EntityManager entityManager = entityManagerFactory.createEntityManager();
        try {
            entityManager.getTransaction().begin();
            int removed = entityManager.createNamedQuery("purgeDeliveredBefore")
                .setParameter("before", clock.instant().minus(RETENTION).toEpochMilli())
                .executeUpdate();
            entityManager.getTransaction().commit();
            return removed;
        } finally {
            if (entityManager.getTransaction().isActive()) {
                entityManager.getTransaction().rollback();
            }
            entityManager.close();
        }
    }

    /** The delivery id stamped in a stored message's header block, if any. */
    static Optional<String> deliveryIdIn(InputStream headerBlock) throws IOException {
        String prefix = HEADER.toLowerCase(Locale.ROOT) + ":";
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(headerBlock, StandardCharsets.ISO_8859_1))) {
            String line;
            while ((line = lines.readLine()) != null && !line.isEmpty()) {
                if (line.length() > prefix.length() && line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return Optional.of(line.substring(prefix.length()).trim()).filter(id -> !id.isEmpty());
                }
            }
            return Optional.empty();
        }
    }
}
