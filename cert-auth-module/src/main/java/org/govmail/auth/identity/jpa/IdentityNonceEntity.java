package org.govmail.auth.identity.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

import org.apache.openjpa.persistence.jdbc.Index;

/**
 * Table GOVMAIL_IDENTITY_NONCE: one row per accepted identity assertion, keyed by provider and nonce, kept
 * until the assertion could no longer be accepted anyway. The primary key makes the database the referee
 * between nodes: of two concurrent uses of one nonce, only one insert commits. Times are epoch
 * milliseconds (UTC).
 */
@Entity(name = "GovmailIdentityNonce")
@Table(name = "GOVMAIL_IDENTITY_NONCE")
@NamedQueries({
    @NamedQuery(name = "GovmailIdentityNonce.purge", query = "DELETE FROM GovmailIdentityNonce n WHERE n.expiresAt < :now")
})
public class IdentityNonceEntity {
    /** {@code provider + ":" + nonce}: provider ids contain no colon, so the key is unambiguous. */
    @Id
    @Column(name = "NONCE_KEY", length = 200, nullable = false)
    private String key;

    @Basic(optional = false)
    @Column(name = "PROVIDER", length = 64, nullable = false)
    private String provider;

    @Index
    @Column(name = "EXPIRES_AT", nullable = false)
    private long expiresAt;

    @Column(name = "USED_AT", nullable = false)
    private long usedAt;

    /** Two nodes taking over the same expired row cannot both succeed. */
    @Version
    @Column(name = "VERSION")
    private long version;

    protected IdentityNonceEntity() {
    }

    public IdentityNonceEntity(String key, String provider, long expiresAt, long usedAt) {
        this.key = key;
        this.provider = provider;
        this.expiresAt = expiresAt;
        this.usedAt = usedAt;
    }

    public static String key(String provider, String nonce) {
        return provider + ":" + nonce;
    }

    public String getKey() {
        return key;
    }

    public String getProvider() {
        return provider;
    }

    public long getExpiresAt() {
        return expiresAt;
    }

    public long getUsedAt() {
        return usedAt;
    }

    /** The nonce is used again after its previous use expired (a provider may recycle nonces over time). */
    public void reuse(long expiresAt, long usedAt) {
        this.expiresAt = expiresAt;
        this.usedAt = usedAt;
    }
}
