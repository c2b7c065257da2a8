package org.govmail.auth.token.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * Table GOVMAIL_LOGIN_CHALLENGE: one row per issued login challenge, keyed by the SHA-256 of its nonce (the
 * nonce itself is never stored). {@code USED_AT} is 0 until the challenge is answered; the conditional
 * update in {@code consume} makes the database decide which of two concurrent answers wins. Times are
 * epoch milliseconds (UTC).
 */
@Entity(name = "GovmailLoginChallenge")
@Table(name = "GOVMAIL_LOGIN_CHALLENGE")
@NamedQueries({
    @NamedQuery(name = "GovmailLoginChallenge.consume", query = "UPDATE GovmailLoginChallenge c SET c.usedAt = :now "
        + "WHERE c.nonceHash = :hash AND c.client = :client AND c.usedAt = 0 AND c.expiresAt > :now"),
    @NamedQuery(name = "GovmailLoginChallenge.purge", query = "DELETE FROM GovmailLoginChallenge c WHERE c.expiresAt < :before")
})
public class LoginChallengeEntity {
    @Id
    @Column(name = "NONCE_HASH", length = 64, nullable = false)
    private String nonceHash;

    @Column(name = "CLIENT_ID", length = 64, nullable = false)
    private String client;

    @Column(name = "ISSUED_AT", nullable = false)
    private long issuedAt;

    @Index
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "USED_AT", nullable = false)
    private long usedAt;

    protected LoginChallengeEntity() {
    }

    public LoginChallengeEntity(String nonceHash, String client, long issuedAt, long expiresAt) {
        this.nonceHash = nonceHash;
        this.client = client;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
    }

    public String getNonceHash() {
        return nonceHash;
    }

    public String getClient() {
        return client;
    }

    public long getIssuedAt() {
        return issuedAt;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public long getUsedAt() {
        return usedAt;
    }
}
