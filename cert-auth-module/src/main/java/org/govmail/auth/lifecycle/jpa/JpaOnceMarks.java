package org.govmail.auth.lifecycle.jpa;

import java.time.Clock;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.jpa.JpaTransactions;
import org.govmail.auth.lifecycle.OnceMarks;

/** {@link OnceMarks} as rows of GOVMAIL_LIFECYCLE_MARK; a duplicate key means someone marked it first. */
public final class JpaOnceMarks implements OnceMarks {
    private final JpaTransactions transactions;
    private final Clock clock;

    public JpaOnceMarks(EntityManagerFactory factory, Clock clock) {
        this.transactions = new JpaTransactions(factory);
        this.clock = clock;
    }

    @Override
    public boolean markOnce(String key) {
        try {
            return transactions.write(manager -> {
                if (manager.find(LifecycleMarkEntity.class, key) != null) {
                    return false;
                }
                manager.persist(new LifecycleMarkEntity(key, clock.millis()));
                manager.flush();
                return true;
            });
        } catch (PersistenceException e) {
            return false;
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }
}
