package org.govmail.auth.token.jpa;

import java.time.Instant;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.jpa.JpaTransactions;
import org.govmail.auth.token.TokenSessions;

/** {@link TokenSessions} on the server's JPA store (table GOVMAIL_TOKEN_SESSION). */
public final class JpaTokenSessions implements TokenSessions {
    private static final int MAX_REASON = 255;

    private final JpaTransactions transactions;

    public JpaTokenSessions(EntityManagerFactory factory) {
        this.transactions = new JpaTransactions(factory);
    }

    @Override
    public void create(TokenSession session, String refreshHash) throws GovmailAuthException {
        transactions.write(manager -> {
            manager.persist(new TokenSessionEntity(session.id(), session.accountId(), session.fingerprint(), session.client(),
                session.createdAt().toEpochMilli(), session.refreshExpiresAt().toEpochMilli(), refreshHash));
            return null;
        });
    }

    @Override
    public Optional<TokenSession> find(String id) {
        return transactions.read(manager -> Optional.ofNullable(manager.find(TokenSessionEntity.class, id)).map(JpaTokenSessions::view));
    }

    @Override
    public Optional<TokenSession> findByRefresh(String refreshHash) {
        return single("GovmailTokenSession.byRefresh", refreshHash);
    }

    @Override
    public Optional<TokenSession> findByPreviousRefresh(String refreshHash) {
        return single("GovmailTokenSession.byPreviousRefresh", refreshHash);
    }

    @Override
    public boolean replaceRefresh(String id, String expectedHash, String newHash) {
        return update(manager -> manager.createNamedQuery("GovmailTokenSession.replaceRefresh").setParameter("id", id)
            .setParameter("expected", expectedHash).setParameter("newHash", newHash).executeUpdate()) == 1;
    }

    @Override
    public boolean revoke(String id, String reason, Instant now) {
        return update(manager -> {
            TokenSessionEntity entity = manager.find(TokenSessionEntity.class, id);
            if (entity == null) {
                return 0;
            }
            entity.revoke(now.toEpochMilli(), shorten(reason));
            return 1;
        }) == 1;
    }

    @Override
    public int revokeAccount(String accountId, String reason, Instant now) {
        return update(manager -> manager.createNamedQuery("GovmailTokenSession.revokeAccount").setParameter("account", accountId)
            .setParameter("now", now.toEpochMilli()).setParameter("reason", shorten(reason)).executeUpdate());
    }

    @Override
    public int revokeCertificate(String fingerprint, String reason, Instant now) {
        return update(manager -> manager.createNamedQuery("GovmailTokenSession.revokeCertificate").setParameter("fingerprint", fingerprint)
            .setParameter("now", now.toEpochMilli()).setParameter("reason", shorten(reason)).executeUpdate());
    }

    @Override
    public int purgeExpired(Instant before) {
        return update(manager -> manager.createNamedQuery("GovmailTokenSession.purge").setParameter("before", before.toEpochMilli())
            .executeUpdate());
    }

    private Optional<TokenSession> single(String query, String hash) {
        return transactions.read(manager -> manager.createNamedQuery(query, TokenSessionEntity.class).setParameter("hash", hash)
            .setMaxResults(1).getResultList().stream().findFirst().map(JpaTokenSessions::view));
    }

    private int update(JpaTransactions.Work<Integer> work) {
        try {
            return transactions.write(work);
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    private static TokenSession view(TokenSessionEntity entity) {
        return new TokenSession(entity.getId(), entity.getAccountId(), entity.getFingerprint(), entity.getClient(),
            Instant.ofEpochMilli(entity.getCreatedAt()), Instant.ofEpochMilli(entity.getRefreshExpiresAt()),
            entity.getRevokedAt() == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(entity.getRevokedAt())),
            Optional.ofNullable(entity.getRevokeReason()));
    }
}
