package org.govmail.auth.token.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * Table GOVMAIL_TOKEN_SESSION: one row per web front-end login. Refresh tokens are stored as SHA-256 hashes
 * (current and previous); {@code REVOKED_AT} is 0 while the session is open. Times are epoch milliseconds.
 */
@Entity(name = "GovmailTokenSession")
@Table(name = "GOVMAIL_TOKEN_SESSION")
@NamedQueries({
    @NamedQuery(name = "GovmailTokenSession.byRefresh", query = "SELECT s FROM GovmailTokenSession s WHERE s.refreshHash = :hash"),
    @NamedQuery(name = "GovmailTokenSession.byPreviousRefresh",
        query = "SELECT s FROM GovmailTokenSession s WHERE s.previousRefreshHash = :hash"),
    @NamedQuery(name = "GovmailTokenSession.replaceRefresh", query = "UPDATE GovmailTokenSession s "
        + "SET s.previousRefreshHash = s.refreshHash, s.refreshHash = :newHash "
        + "WHERE s.id = :id AND s.refreshHash = :expected AND s.revokedAt = 0"),
    @NamedQuery(name = "GovmailTokenSession.revokeAccount", query = "UPDATE GovmailTokenSession s "
        + "SET s.revokedAt = :now, s.revokeReason = :reason WHERE s.accountId = :account AND s.revokedAt = 0"),
    @NamedQuery(name = "GovmailTokenSession.revokeCertificate", query = "UPDATE GovmailTokenSession s "
        + "SET s.revokedAt = :now, s.revokeReason = :reason WHERE s.fingerprint = :fingerprint AND s.revokedAt = 0"),
    @NamedQuery(name = "GovmailTokenSession.purge", query = "DELETE FROM GovmailTokenSession s WHERE s.refreshExpiresAt < :before")
})
public class TokenSessionEntity {
    @Id
    @Column(name = "SESSION_ID", length = 64, nullable = false)
    private String id;

    @Index
    @Column(name = "ACCOUNT_ID", length = 255, nullable = false)
    private String accountId;

    @Index
    @Column(name = "FINGERPRINT", length = 64, nullable = false)
    private String fingerprint;

    @Column(name = "CLIENT_ID", length = 64, nullable = false)
    private String client;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Index
    @Column(name = "REFRESH_EXPIRES_AT", nullable = false)
    private long refreshExpiresAt;

    @Index
    @Column(name = "REFRESH_HASH", length = 64, nullable = false)
    private String refreshHash;

    @Index
    @Column(name = "PREVIOUS_REFRESH_HASH", length = 64)
    private String previousRefreshHash;

    @Column(name = "REVOKED_AT", nullable = false)
    private long revokedAt;

    @Column(name = "REVOKE_REASON", length = 255)
    private String revokeReason;

    protected TokenSessionEntity() {
    }

    public TokenSessionEntity(String id, String accountId, String fingerprint, String client, long createdAt, long refreshExpiresAt,
                              String refreshHash) {
        this.id = id;
        this.accountId = accountId;
        this.fingerprint = fingerprint;
        this.client = client;
        this.createdAt = createdAt;
        this.refreshExpiresAt = refreshExpiresAt;
        this.refreshHash = refreshHash;
    }

    public String getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getClient() {
        return client;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public long getRefreshExpiresAt() {
        return refreshExpiresAt;
    }

    public long getRevokedAt() {
        return revokedAt;
    }

    public String getRevokeReason() {
        return revokeReason;
    }

    public void revoke(long at, String reason) {
        if (revokedAt == 0) {
            this.revokedAt = at;
            this.revokeReason = reason;
        }
    }
}
