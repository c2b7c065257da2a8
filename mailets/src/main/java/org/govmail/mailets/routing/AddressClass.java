package org.govmail.mailets.routing;

import java.util.Locale;

/** Where an address lives, as far as the security routing is concerned. */
public enum AddressClass {
    /** A domain this server hosts. */
    LOCAL,
    /** Another government mail domain that this server does not host (another ministry's server). */
    INTER_MINISTRY,
    /** Anything else: the outside internet. */
    OUTSIDE;

    /** The name used in configuration and matcher conditions: {@code local}, {@code inter-ministry}, {@code outside}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AddressClass fromConfigName(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (AddressClass candidate : values()) {
            if (candidate.configName().equals(wanted)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown address class '" + value + "': expected local, inter-ministry or outside");
    }
}
