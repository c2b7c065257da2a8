package org.govmail.auth.revocation;

import java.security.cert.X509Certificate;

/** Where govmail learns whether a certificate was revoked by its issuer. */
public interface RevocationSource {
    RevocationCheck check(X509Certificate certificate, X509Certificate issuer);
}
