package org.govmail.auth.cert;

import java.util.List;

/**
 * Which certificates govmail accepts: the schemes with their anchors and policies, and the policy
 * arcs of certificates refused outright (NPKI, the banks' "accredited" certificates), which get
 * their own reason even when their issuer is unknown here.
 */
public record PkiSettings(List<PkiScheme> schemes, List<String> refusedNpkiPolicyArcs) {
    /** Korean NPKI (accredited certificate) policy arcs: yessign, KICA/SignKorea, KOSCOM/Crosscert family. */
    public static final List<String> DEFAULT_NPKI_ARCS = List.of("1.2.410.200004.5", "1.2.410.200005.1.1", "1.2.410.200012.1.1");

    public PkiSettings {
        schemes = List.copyOf(schemes);
        refusedNpkiPolicyArcs = List.copyOf(refusedNpkiPolicyArcs);
    }

    boolean isNpkiPolicy(String oid) {
        return PolicyArcs.under(oid, refusedNpkiPolicyArcs);
    }
}
