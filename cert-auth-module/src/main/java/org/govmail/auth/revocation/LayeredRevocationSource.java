package org.govmail.auth.revocation;

import java.security.cert.X509Certificate;

/**
 * CRLs first, OCSP only when the CRLs cannot answer:
 *
 * <table>
 *   <caption>Answer for each combination</caption>
 *   <tr><th>CRL</th><th>OCSP</th><th>answer</th></tr>
 *   <tr><td>REVOKED</td><td>not asked</td><td>REVOKED</td></tr>
 *   <tr><td>GOOD</td><td>not asked</td><td>GOOD</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>GOOD</td><td>GOOD</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>REVOKED</td><td>REVOKED</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>UNAVAILABLE</td><td>UNAVAILABLE, with both details</td></tr>
 * </table>
 *
 * <p>A current CRL is not second-guessed by OCSP: a login then never waits on an OCSP round trip,
 * and the OCSP responder is never a hard dependency. OCSP is only a way out of "no current CRL".
 *
 * <p>Consequence: a {@link CrlRevocationSource} with {@code requireRevocationInfo="false"} answers
 * GOOD when it has no CRL, so OCSP is then never asked. OCSP adds something only with
 * {@code requireRevocationInfo="true"} (the default).
 */
public final class LayeredRevocationSource implements RevocationSource {
    private final RevocationSource crl;
    private final RevocationSource ocsp;

    public LayeredRevocationSource(RevocationSource crl, RevocationSource ocsp) {
        this.crl = crl;
        this.ocsp = ocsp;
    }

    @Override
    public RevocationCheck check(X509Certificate certificate, X509Certificate issuer) {
        RevocationCheck first = crl.check(certificate, issuer);
        if (first.state() != RevocationCheck.State.UNAVAILABLE) {
            return first;
        }
        RevocationCheck second = ocsp.check(certificate, issuer);
        if (second.state() == RevocationCheck.State.UNAVAILABLE) {
            return RevocationCheck.unavailable("CRL: " + first.detail() + "; OCSP: " + second.detail());
        }
        // Keep the CRL failure in the detail: the admin log should show why OCSP had to answer.
        return new RevocationCheck(second.state(), second.detail() + " (CRL unavailable: " + first.detail() + ")",
            second.revokedAt());
    }
}
