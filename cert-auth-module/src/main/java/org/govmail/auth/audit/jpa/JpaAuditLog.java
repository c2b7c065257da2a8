package org.govmail.auth.audit.jpa;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.govmail.auth.Reason;
import org.govmail.auth.audit.AuditEntry;
import org.govmail.auth.audit.AuditEvent;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.audit.AuditQuery;
import org.govmail.auth.jpa.JpaTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AuditLog} on the server's JPA store; every event is also written to the log as a line. */
public final class JpaAuditLog implements AuditLog {
    private static final Logger LOGGER = LoggerFactory.getLogger("org.govmail.audit");
    private static final int MAX_DETAIL = 2000;

    private final JpaTransactions transactions;
    private final Clock clock;

    public JpaAuditLog(EntityManagerFactory factory, Clock clock) {
        this.transactions = new JpaTransactions(factory);
        this.clock = clock;
    }

    @Override
    public void record(AuditEntry entry) {
        LOGGER.info("audit actor={} action={} account={} institution={} outcome={} reason={} remote={} detail={}",
            entry.actor(), entry.action(), entry.account().orElse("-"), entry.institution().orElse("-"), entry.outcome(),
            entry.refusal().map(Enum::name).orElse("-"), entry.remoteAddress().orElse("-"), entry.detail());
        try {
            transactions.write(manager -> {
                manager.persist(new AuditEventEntity(clock.millis(), entry.actor(), entry.action(), entry.account().orElse(null),
                    entry.institution().orElse(null), entry.outcome(), entry.refusal().map(Enum::name).orElse(null),
                    truncate(entry.detail()), entry.remoteAddress().orElse(null)));
                return null;
            });
        } catch (Exception e) {
            LOGGER.error("could not store audit event action={} account={}: {}", entry.action(), entry.account().orElse("-"), e.toString());
        }
    }

    @Override
    public List<AuditEvent> query(AuditQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM GovmailAuditEvent e WHERE 1 = 1");
        query.account().ifPresent(any -> jpql.append(" AND e.account = :account"));
        query.actor().ifPresent(any -> jpql.append(" AND e.actor = :actor"));
        query.action().ifPresent(any -> jpql.append(" AND e.action = :action"));
        query.institutions().ifPresent(any -> jpql.append(" AND e.institution IN :institutions"));
        query.from().ifPresent(any -> jpql.append(" AND e.at >= :from"));
        query.to().ifPresent(any -> jpql.append(" AND e.at < :to"));
        jpql.append(" ORDER BY e.sequence DESC");
        if (query.institutions().isPresent() && query.institutions().get().isEmpty()) {
            return List.of();
        }
        return transactions.read(manager -> {
            TypedQuery<AuditEventEntity> typed = manager.createQuery(jpql.toString(), AuditEventEntity.class);
            query.account().ifPresent(value -> typed.setParameter("account", value));
            query.actor().ifPresent(value -> typed.setParameter("actor", value));
            query.action().ifPresent(value -> typed.setParameter("action", value));
            query.institutions().ifPresent(value -> typed.setParameter("institutions", new ArrayList<>(value)));
            query.from().ifPresent(value -> typed.setParameter("from", value.toEpochMilli()));
            query.to().ifPresent(value -> typed.setParameter("to", value.toEpochMilli()));
            return typed.setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList()
                .stream().map(JpaAuditLog::toEvent).toList();
        });
    }

    private static AuditEvent toEvent(AuditEventEntity entity) {
        AuditEntry entry = new AuditEntry(entity.getActor(), entity.getAction(), Optional.ofNullable(entity.getAccount()),
            Optional.ofNullable(entity.getInstitution()), Optional.ofNullable(entity.getReason()).map(Reason::valueOf),
            entity.getDetail(), Optional.ofNullable(entity.getRemote()));
        return new AuditEvent(entity.getSequence(), Instant.ofEpochMilli(entity.getAt()), entry);
    }

    private static String truncate(String detail) {
        return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
    }
}
