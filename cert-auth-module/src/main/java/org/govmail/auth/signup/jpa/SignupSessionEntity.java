package org.govmail.auth.signup.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * Table GOVMAIL_SIGNUP_SESSION. The key is the SHA-256 of the token the client holds (a stolen database
 * copy does not give live tokens); the gathered state is one JSON document.
 */
@Entity(name = "GovmailSignupSession")
@Table(name = "GOVMAIL_SIGNUP_SESSION")
@NamedQueries({
    @NamedQuery(name = "GovmailSignupSession.purge", query = "DELETE FROM GovmailSignupSession s WHERE s.expiresAt <= :now")
})
public class SignupSessionEntity {
    @Id
    @Column(name = "SESSION_KEY", length = 64, nullable = false)
    private String key;

    @Index
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Lob
    @Basic(fetch = FetchType.EAGER, optional = false)
    @Column(name = "STATE", nullable = false, length = 1048576)
    private String state;

    protected SignupSessionEntity() {
    }

    public SignupSessionEntity(String key, long expiresAt, String state) {
        this.key = key;
        this.expiresAt = expiresAt;
        this.state = state;
    }

    public String getKey() {
        return key;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }
}
