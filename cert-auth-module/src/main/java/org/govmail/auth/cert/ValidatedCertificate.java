package org.govmail.auth.cert;

import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * A certificate that passed every check at {@link #checkedAt()}: the scheme it belongs to, the name
 * read from it, and its SHA-256 fingerprint (lower-case hex of the DER encoding) by which accounts
 * register it.
 */
public record ValidatedCertificate(X509Certificate certificate, X509Certificate issuer, String scheme,
                                   String holderName, String fingerprint, Instant checkedAt) {
    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    public String issuerName() {
        return certificate.getIssuerX500Principal().getName();
    }

    public String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
