package org.govmail.mailets.inbound;

import java.util.Locale;
import java.util.Optional;

/** A DMARC policy (p=, sp=), and equally what is done with a failing message (the disposition). */
public enum DmarcPolicy {
    NONE, QUARANTINE, REJECT;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DmarcPolicy> fromWord(String word) {
        for (DmarcPolicy policy : values()) {
            if (policy.word().equalsIgnoreCase(word == null ? "" : word.trim())) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }

    /** What a failing message sampled out by pct= gets instead (RFC 7489 section 6.6.4). */
    DmarcPolicy oneStepMilder() {
        return this == REJECT ? QUARANTINE : NONE;
    }
}
