package org.govmail.mailets.inbound;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one DKIM-Signature header field (RFC 6376).
 *
 * @param domain   the signing domain (d=), lower case, empty when the field does not name one
 * @param selector the selector (s=), empty when the field does not name one
 * @param result   {@code pass}, {@code fail} or {@code temperror} (the key could not be fetched)
 * @param reason   why it did not pass, empty for a pass
 */
public record DkimSignature(String domain, String selector, String result, String reason) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String TEMPERROR = "temperror";

    public DkimSignature {
        domain = Objects.requireNonNullElse(domain, "").toLowerCase(Locale.ROOT);
        selector = Objects.requireNonNullElse(selector, "");
        Objects.requireNonNull(result);
        reason = Objects.requireNonNullElse(reason, "");
    }

    public boolean passed() {
        return PASS.equals(result);
    }
}
