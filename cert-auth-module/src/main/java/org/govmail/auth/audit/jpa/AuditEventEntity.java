package org.govmail.auth.audit.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** Table GOVMAIL_AUDIT: written once, never updated (no setters). */
@Entity(name = "GovmailAuditEvent")
@Table(name = "GOVMAIL_AUDIT")
public class AuditEventEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "SEQ")
    private long sequence;

    @Index
    @Column(name = "AT", nullable = false)
    private long at;

    @Index
    @Basic(optional = false)
    @Column(name = "ACTOR", length = 320, nullable = false)
    private String actor;

    @Index
    @Basic(optional = false)
    @Column(name = "ACTION", length = 60, nullable = false)
    private String action;

    @Index
    @Column(name = "ACCOUNT_ID", length = 320)
    private String account;

    @Index
    @Column(name = "INSTITUTION", length = 40)
    private String institution;

    @Basic(optional = false)
    @Column(name = "OUTCOME", length = 10, nullable = false)
    private String outcome;

    @Column(name = "REASON", length = 60)
    private String reason;

    @Column(name = "DETAIL", length = 2000)
    private String detail;

    @Column(name = "REMOTE", length = 100)
    private String remote;

    protected AuditEventEntity() {
    }

    public AuditEventEntity(long at, String actor, String action, String account, String institution, String outcome,
                            String reason, String detail, String remote) {
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.account = account;
        this.institution = institution;
        this.outcome = outcome;
        this.reason = reason;
        this.detail = detail;
        this.remote = remote;
    }

    public long getSequence() {
        return sequence;
    }

    public long getAt() {
        return at;
    }

    public String getActor() {
        return actor;
    }

    public String getAction() {
        return action;
    }

    public String getAccount() {
        return account;
    }

    public String getInstitution() {
        return institution;
    }

    public String getReason() {
        return reason;
    }

    public String getDetail() {
        return detail;
    }

    public String getRemote() {
        return remote;
    }
}
