package org.govmail.auth.cert;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One accepted certificate scheme (GPKI, EPKI): its trust anchors, the CA certificates the server
 * may use to complete a chain a client sent incompletely, the certificate policy arcs it accepts
 * for users, and where the holder's name is written.
 */
public record PkiScheme(String name, List<X509Certificate> trustAnchors, List<X509Certificate> intermediates,
                        List<String> policyArcs, NameRule nameRule) {
    public PkiScheme {
        trustAnchors = List.copyOf(trustAnchors);
        intermediates = List.copyOf(intermediates);
        policyArcs = List.copyOf(policyArcs);
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("scheme " + name + " has no trust anchor");
        }
    }

    public boolean allowsPolicy(String oid) {
        return PolicyArcs.under(oid, policyArcs);
    }
}
