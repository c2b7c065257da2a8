package org.govmail.mailets.inbound;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The outcome of verifying every DKIM-Signature of a message, in header order.
 * The overall word: {@code pass} when any signature passed, else {@code temperror} when a key could not
 * be fetched, else {@code fail} when there were signatures, else {@code none}.
 */
public record DkimResult(List<DkimSignature> signatures) {
    public static final String NONE = "none";

    public DkimResult {
        signatures = List.copyOf(signatures);
    }

    public static DkimResult none() {
        return new DkimResult(List.of());
    }

    public String result() {
        if (signatures.isEmpty()) {
            return NONE;
        }
        if (signatures.stream().anyMatch(DkimSignature::passed)) {
            return DkimSignature.PASS;
        }
        if (signatures.stream().anyMatch(signature -> DkimSignature.TEMPERROR.equals(signature.result()))) {
            return DkimSignature.TEMPERROR;
        }
        return DkimSignature.FAIL;
    }

    /** The d= domains of the signatures that passed, lower case. */
    public Set<String> passedDomains() {
        return signatures.stream().filter(DkimSignature::passed).map(DkimSignature::domain)
            .collect(Collectors.toUnmodifiableSet());
    }
}
