package org.govmail.auth.cert;

import java.util.Collection;

/** OID arc arithmetic: {@code 1.2.410.100001.2.1.1} is under {@code 1.2.410.100001.2.1}, {@code 1.2.410.100001.21} is not. */
final class PolicyArcs {
    private PolicyArcs() {
    }

    static boolean under(String oid, Collection<String> arcs) {
        return arcs.stream().anyMatch(arc -> oid.equals(arc) || oid.startsWith(arc + "."));
    }
}
