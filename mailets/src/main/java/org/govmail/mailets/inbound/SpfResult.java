package org.govmail.mailets.inbound;

import java.util.Objects;

/**
 * The outcome of one SPF check (RFC 7208).
 *
 * @param result      {@code pass}, {@code fail}, {@code softfail}, {@code neutral}, {@code none},
 *                    {@code temperror} or {@code permerror}
 * @param scope       which identity was checked: the MAIL FROM, or the HELO name when the reverse path is null
 * @param identity    the MAIL FROM address or the HELO name as given, empty when there was none
 * @param domain      the domain whose policy was asked (the MAIL FROM domain or the HELO name), empty when none
 * @param explanation the domain's or jSPF's explanation, empty when there is none
 */
public record SpfResult(String result, Scope scope, String identity, String domain, String explanation) {
    public static final String PASS = "pass";
    public static final String NONE = "none";
    public static final String TEMPERROR = "temperror";

    public enum Scope {
        MAIL_FROM("smtp.mailfrom"),
        HELO("smtp.helo");

        private final String property;

        Scope(String property) {
            this.property = property;
        }

        /** The RFC 8601 property that names this identity. */
        public String property() {
            return property;
        }
    }

    public SpfResult {
        Objects.requireNonNull(result);
        Objects.requireNonNull(scope);
        identity = Objects.requireNonNullElse(identity, "");
        domain = Objects.requireNonNullElse(domain, "");
        explanation = Objects.requireNonNullElse(explanation, "");
    }

    public boolean passed() {
        return PASS.equals(result);
    }
}
