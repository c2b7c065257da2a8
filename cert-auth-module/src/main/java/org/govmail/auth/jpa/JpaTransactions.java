package org.govmail.auth.jpa;

import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

import org.govmail.auth.GovmailAuthException;

/**
 * The one way govmail's JPA stores talk to the database: a unit of work runs in its own transaction and is
 * rolled back on any exception, so a refused change leaves nothing behind.
 */
public final class JpaTransactions {
    private final EntityManagerFactory factory;

    public JpaTransactions(EntityManagerFactory factory) {
        this.factory = factory;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(EntityManager manager) throws GovmailAuthException;
    }

    public <T> T write(Work<T> work) throws GovmailAuthException {
        EntityManager manager = factory.createEntityManager();
        EntityTransaction transaction = manager.getTransaction();
        try {
            transaction.begin();
            T result = work.run(manager);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            manager.close();
        }
    }

    public <T> T read(Function<EntityManager, T> work) {
        EntityManager manager = factory.createEntityManager();
        try {
            return work.apply(manager);
        } finally {
            manager.close();
        }
    }
}
