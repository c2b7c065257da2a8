package org.govmail.auth.account.jpa;

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
 * Table GOVMAIL_CERTIFICATE: one row per registered certificate, keyed by its SHA-256 fingerprint,
 * so a certificate can belong to one account only. A revoked registration stays for the record.
 */
@Entity(name = "GovmailCertificate")
@Table(name = "GOVMAIL_CERTIFICATE")
@NamedQueries({
    @NamedQuery(name = "GovmailCertificate.ofAccount", query = "SELECT c FROM GovmailCertificate c WHERE c.accountId = :accountId ORDER BY c.registeredAt"),
    @NamedQuery(name = "GovmailCertificate.activeExpiringBetween", query = "SELECT c FROM GovmailCertificate c WHERE c.revokedAt IS NULL AND c.notAfter > :from AND c.notAfter <= :to ORDER BY c.notAfter"),
    @NamedQuery(name = "GovmailCertificate.deleteOfAccount", query = "DELETE FROM GovmailCertificate c WHERE c.accountId = :accountId")
})
public class CertificateEntity {
    @Id
    @Column(name = "FINGERPRINT", length = 64, nullable = false)
    private String fingerprint;

    @Index
    @Basic(optional = false)
    @Column(name = "ACCOUNT_ID", length = 320, nullable = false)
    private String accountId;

    @Column(name = "SCHEME", length = 20, nullable = false)
    private String scheme;

    @Column(name = "SUBJECT", length = 1024, nullable = false)
    private String subject;

    @Column(name = "ISSUER", length = 1024, nullable = false)
    private String issuer;

    @Column(name = "SERIAL_HEX", length = 80, nullable = false)
    private String serialHex;

    @Column(name = "NOT_BEFORE", nullable = false)
    private long notBefore;

    @Column(name = "NOT_AFTER", nullable = false)
    private long notAfter;

    @Column(name = "REGISTERED_AT", nullable = false)
    private long registeredAt;

    @Column(name = "REVOKED_AT")
    private Long revokedAt;

    @Column(name = "REVOCATION_REASON", length = 1000)
    private String revocationReason;

    @Lob
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "DER", length = 65536, nullable = false)
    private byte[] der;

    protected CertificateEntity() {
    }

    public CertificateEntity(String fingerprint, String accountId, String scheme, String subject, String issuer,
                             String serialHex, long notBefore, long notAfter, long registeredAt, byte[] der) {
        this.fingerprint = fingerprint;
        this.accountId = accountId;
        this.scheme = scheme;
        this.subject = subject;
        this.issuer = issuer;
        this.serialHex = serialHex;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.registeredAt = registeredAt;
        this.der = der;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getScheme() {
        return scheme;
    }

    public String getSubject() {
        return subject;
    }

    public String getIssuer() {
        return issuer;
    }

    public String getSerialHex() {
        return serialHex;
    }

    public long getNotBefore() {
        return notBefore;
    }

    public long getNotAfter() {
        return notAfter;
    }

    public long getRegisteredAt() {
        return registeredAt;
    }

    public Long getRevokedAt() {
        return revokedAt;
    }

    public String getRevocationReason() {
        return revocationReason;
    }

    public byte[] getDer() {
        return der;
    }

    public void revoke(long when, String reason) {
        this.revokedAt = when;
        this.revocationReason = reason;
    }
}
