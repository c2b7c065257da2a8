package org.govmail.auth.token.jpa;

import java.time.Instant;

import javax.persistence.EntityManagerFactory;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.jpa.JpaTransactions;
import org.govmail.auth.token.LoginChallenges;

/** {@link LoginChallenges} on the server's JPA store (table GOVMAIL_LOGIN_CHALLENGE). */
public final class JpaLoginChallenges implements LoginChallenges {
    private final JpaTransactions transactions;

    public JpaLoginChallenges(EntityManagerFactory factory) {
        this.transactions = new JpaTransactions(factory);
    }

    @Override
    public void issue(Challenge challenge) throws GovmailAuthException {
        transactions.write(manager -> {
            manager.persist(new LoginChallengeEntity(challenge.nonceHash(), challenge.client(), challenge.issuedAt().toEpochMilli(),
                challenge.expiresAt().toEpochMilli()));
            return null;
        });
    }

    @Override
    public Challenge consume(String nonceHash, String client, Instant now) throws GovmailAuthException {
        int updated = transactions.write(manager -> manager.createNamedQuery("GovmailLoginChallenge.consume")
            .setParameter("now", now.toEpochMilli()).setParameter("hash", nonceHash).setParameter("client", client).executeUpdate());
        LoginChallengeEntity entity = transactions.read(manager -> manager.find(LoginChallengeEntity.class, nonceHash));
        if (entity == null) {
            throw new GovmailAuthException(Reason.CHALLENGE_UNKNOWN, "no challenge with this nonce was issued, or it was purged");
        }
        Challenge challenge = new Challenge(entity.getNonceHash(), entity.getClient(), Instant.ofEpochMilli(entity.getIssuedAt()),
            Instant.ofEpochMilli(entity.getExpiresAt()));
        if (updated == 1) {
            return challenge;
        }
        if (!entity.getClient().equals(client)) {
            throw new GovmailAuthException(Reason.CLIENT_MISMATCH, "the challenge was issued to front end " + entity.getClient());
        }
        if (entity.getUsedAt() != 0) {
            throw new GovmailAuthException(Reason.CHALLENGE_USED, "the challenge was answered at " + Instant.ofEpochMilli(entity.getUsedAt()));
        }
        throw new GovmailAuthException(Reason.CHALLENGE_EXPIRED, "the challenge expired at " + challenge.expiresAt());
    }

    @Override
    public int purgeExpired(Instant before) {
        try {
            return transactions.write(manager -> manager.createNamedQuery("GovmailLoginChallenge.purge")
                .setParameter("before", before.toEpochMilli()).executeUpdate());
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }
}
