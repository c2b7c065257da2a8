package org.govmail.auth.account.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

import org.apache.openjpa.persistence.jdbc.Index;

/** Table GOVMAIL_ACCOUNT: one row per account; times are epoch milliseconds (UTC). */
@Entity(name = "GovmailAccount")
@Table(name = "GOVMAIL_ACCOUNT")
@NamedQueries({
    @NamedQuery(name = "GovmailAccount.count", query = "SELECT COUNT(a) FROM GovmailAccount a"),
    @NamedQuery(name = "GovmailAccount.dueRetirements", query = "SELECT a FROM GovmailAccount a WHERE a.retireAt IS NOT NULL AND a.retireAt <= :now AND a.status <> 'RETIRED' AND a.status <> 'REJECTED' ORDER BY a.retireAt"),
    @NamedQuery(name = "GovmailAccount.inStatusSince", query = "SELECT a FROM GovmailAccount a WHERE a.status = :status AND a.statusChangedAt <= :before ORDER BY a.id"),
    @NamedQuery(name = "GovmailAccount.list", query = "SELECT a FROM GovmailAccount a WHERE (:status IS NULL OR a.status = :status) AND (:institution IS NULL OR a.institution = :institution) ORDER BY a.id")
})
public class AccountEntity {
    @Id
    @Column(name = "ACCOUNT_ID", length = 320, nullable = false)
    private String id;

    @Basic(optional = false)
    @Column(name = "HOLDER_NAME", length = 200, nullable = false)
    private String name;

    @Basic(optional = false)
    @Column(name = "ACCOUNT_TYPE", length = 40, nullable = false)
    private String type;

    @Index
    @Column(name = "INSTITUTION", length = 100)
    private String institution;

    @Index
    @Basic(optional = false)
    @Column(name = "STATUS", length = 20, nullable = false)
    private String status;

    @Column(name = "STATUS_REASON", length = 1000)
    private String statusReason;

    @Column(name = "PASSWORD_HASH", length = 200)
    private String passwordHash;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "LANGUAGE", length = 8)
    private String language;

    @Column(name = "STATUS_CHANGED_AT")
    private Long statusChangedAt;

    @Index
    @Column(name = "RETIRE_AT")
    private Long retireAt;

    @Column(name = "RETIRE_REASON", length = 1000)
    private String retireReason;

    @Column(name = "REDIRECT_TO", length = 320)
    private String redirectTo;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected AccountEntity() {
    }

    public AccountEntity(String id, String name, String type, String institution, String status, String passwordHash,
                         String language, long now) {
        this.language = language;
        this.statusChangedAt = now;
        this.id = id;
        this.name = name;
        this.type = type;
        this.institution = institution;
        this.status = status;
        this.passwordHash = passwordHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    public String getInstitution() {
        return institution;
    }

    public String getStatus() {
        return status;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public long getCreatedAt() {
        return createdAt;
    }

    public long getUpdatedAt() {
        return updatedAt;
    }

    public String getLanguage() {
        return language == null ? "ko" : language;
    }

    /** Accounts from before the column existed count from their last update. */
    public long getStatusChangedAt() {
        return statusChangedAt == null ? updatedAt : statusChangedAt;
    }

    public Long getRetireAt() {
        return retireAt;
    }

    public String getRedirectTo() {
        return redirectTo;
    }

    public String getRetireReason() {
        return retireReason;
    }

    public void scheduleRetirement(Long retireAt, String retireReason, String redirectTo, long now) {
        this.retireAt = retireAt;
        this.retireReason = retireReason;
        this.redirectTo = redirectTo;
        this.updatedAt = now;
    }

    public void changeStatus(String status, String reason, long now) {
        this.status = status;
        this.statusChangedAt = now;
        this.statusReason = reason;
        this.updatedAt = now;
    }

    public void changePasswordHash(String passwordHash, long now) {
        this.passwordHash = passwordHash;
        this.updatedAt = now;
    }
}
