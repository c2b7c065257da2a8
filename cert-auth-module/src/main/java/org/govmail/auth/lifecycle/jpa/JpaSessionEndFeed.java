package org.govmail.auth.lifecycle.jpa;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.jpa.JpaTransactions;
import org.govmail.auth.lifecycle.SessionEnd;
import org.govmail.auth.lifecycle.SessionEndFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SessionEndFeed} as rows of GOVMAIL_SESSION_END in the database every node shares (the account
 * registry's): publishing is one insert, following is one indexed range read per poll.
 */
public final class JpaSessionEndFeed implements SessionEndFeed {
    private static final Logger LOGGER = LoggerFactory.getLogger(JpaSessionEndFeed.class);
    private static final int KEY_LENGTH = 400;

    private final JpaTransactions transactions;
    private final String node;
    private final Clock clock;

    public JpaSessionEndFeed(EntityManagerFactory factory, String node, Clock clock) {
        this.transactions = new JpaTransactions(factory);
        this.node = node;
        this.clock = clock;
    }

    @Override
    public void publish(String sessionKey, String why) {
        try {
            transactions.write(manager -> {
                manager.persist(new SessionEndEntity(clip(sessionKey), clip(why), node, clock.instant()));
                return null;
            });
        } catch (PersistenceException | GovmailAuthException e) {
            // The local sessions are already closed and the registry change is committed; the other nodes'
            // gates refuse the next login anyway. Only their open sessions stay until the client's next command.
            LOGGER.error("could not publish the end of sessions of {} to the other nodes: {}", sessionKey, e.toString());
        }
    }

    @Override
    public List<SessionEnd> since(Instant since) {
        return transactions.read(manager -> manager
            .createQuery("SELECT e FROM GovmailSessionEnd e WHERE e.publishedAt >= :since ORDER BY e.publishedAt, e.id",
                SessionEndEntity.class)
            .setParameter("since", since.toEpochMilli())
            .getResultList().stream()
            .map(SessionEndEntity::toSessionEnd)
            .toList());
    }

    @Override
    public int deleteBefore(Instant before) {
        try {
            return transactions.write(manager -> manager
                .createQuery("DELETE FROM GovmailSessionEnd e WHERE e.publishedAt < :before")
                .setParameter("before", before.toEpochMilli())
                .executeUpdate());
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String text) {
        return text.length() <= KEY_LENGTH ? text : text.substring(0, KEY_LENGTH);
    }
}
