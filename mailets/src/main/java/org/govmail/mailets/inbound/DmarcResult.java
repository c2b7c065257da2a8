package org.govmail.mailets.inbound;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of DMARC (RFC 7489) for one message.
 *
 * @param result       {@code pass}, {@code fail}, {@code none} (no policy), {@code temperror} (DNS) or
 *                     {@code permerror} (not exactly one From address)
 * @param fromDomain   the From header's domain, lower case; empty when there is not exactly one
 * @param policyDomain where the policy record was found (the From domain or its organizational domain); empty without one
 * @param policy       the policy that applies to the From domain (p=, or sp= for a subdomain); empty without a record
 * @param disposition  what to do with the message: {@code none} unless DMARC failed and the sampled policy asks more
 * @param reason       why, in a few words, for a result that is not pass
 */
public record DmarcResult(String result, String fromDomain, String policyDomain, Optional<DmarcPolicy> policy,
                          DmarcPolicy disposition, String reason) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String NONE = "none";
    public static final String TEMPERROR = "temperror";
    public static final String PERMERROR = "permerror";

    public DmarcResult {
        Objects.requireNonNull(result);
        fromDomain = Objects.requireNonNullElse(fromDomain, "");
        policyDomain = Objects.requireNonNullElse(policyDomain, "");
        Objects.requireNonNull(policy);
        Objects.requireNonNull(disposition);
        reason = Objects.requireNonNullElse(reason, "");
    }

    public boolean passed() {
        return PASS.equals(result);
    }
}
