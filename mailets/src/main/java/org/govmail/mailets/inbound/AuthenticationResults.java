package org.govmail.mailets.inbound;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The value of an {@code Authentication-Results} header field (RFC 8601) for SPF, DKIM and DMARC:
 * <pre>govmail.example; spf=pass smtp.mailfrom=a@x.go.kr; dkim=pass header.d=x.go.kr header.s=sel;
 * dmarc=pass (p=reject) header.from=x.go.kr</pre>
 * One {@code dkim=} result per signature ({@code dkim=none} without one). Values that are not plain
 * tokens, addresses or domain names are written as quoted strings; control characters are dropped and
 * non-ASCII characters become {@code ?}, because the field is written as ASCII.
 */
public record AuthenticationResults(String authservId, SpfResult spf, DkimResult dkim, DmarcResult dmarc) {
    public static final String HEADER = "Authentication-Results";

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@" + DOMAIN.pattern());

    /** The field value, unfolded: one line. */
    public String value() {
        return String.join("; ", parts());
    }

    /** The whole header field, folded before each result so that no line grows past a reader's limit. */
    public String headerLine() {
        return HEADER + ": " + String.join(";\r\n\t", parts());
    }

    private List<String> parts() {
        List<String> parts = new ArrayList<>();
        parts.add(token(authservId));
        parts.add(spfResult());
        parts.addAll(dkimResults());
        parts.add(dmarcResult());
        return parts;
    }

    private String spfResult() {
        StringBuilder result = new StringBuilder("spf=").append(spf.result());
        if (!spf.identity().isEmpty()) {
            result.append(' ').append(spf.scope().property()).append('=').append(propertyValue(spf.identity()));
        }
        return result.toString();
    }

    private List<String> dkimResults() {
        if (dkim.signatures().isEmpty()) {
            return List.of("dkim=none");
        }
        return dkim.signatures().stream().map(signature -> {
            StringBuilder result = new StringBuilder("dkim=").append(signature.result());
            if (!signature.reason().isEmpty()) {
                result.append(" reason=").append(quoted(signature.reason()));
            }
            if (!signature.domain().isEmpty()) {
                result.append(" header.d=").append(propertyValue(signature.domain()));
            }
            if (!signature.selector().isEmpty()) {
                result.append(" header.s=").append(propertyValue(signature.selector()));
            }
            return result.toString();
        }).toList();
    }

    private String dmarcResult() {
        StringBuilder result = new StringBuilder("dmarc=").append(dmarc.result());
        Optional<DmarcPolicy> policy = dmarc.policy();
        if (policy.isPresent()) {
            result.append(" (p=").append(policy.get().word());
            if (!dmarc.passed()) {
                result.append(" dis=").append(dmarc.disposition().word());
            }
            result.append(')');
        }
        if ((DmarcResult.TEMPERROR.equals(dmarc.result()) || DmarcResult.PERMERROR.equals(dmarc.result())) && !dmarc.reason().isEmpty()) {
            result.append(" reason=").append(quoted(dmarc.reason()));
        }
        if (!dmarc.fromDomain().isEmpty()) {
            result.append(" header.from=").append(propertyValue(dmarc.fromDomain()));
        }
        return result.toString();
    }

    /**
     * The authserv-id of an Authentication-Results value: the first word after any comments, unquoted;
     * empty when the value has none. Used to find fields that claim to come from this server.
     */
    public static Optional<String> authservIdOf(String headerValue) {
        String rest = skipCommentsAndSpace(headerValue == null ? "" : headerValue);
        if (rest.startsWith("\"")) {
            StringBuilder id = new StringBuilder();
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (c == '\\' && i + 1 < rest.length()) {
                    id.append(rest.charAt(++i));
                } else if (c == '"') {
                    return Optional.of(id.toString());
                } else {
                    id.append(c);
                }
            }
            return Optional.empty();
        }
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end)) && ";(".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return Optional.of(rest.substring(0, end)).filter(id -> !id.isEmpty());
    }

    private static String skipCommentsAndSpace(String value) {
        int i = 0;
        int depth = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (c == '\\' && depth > 0) {
                i++;
            } else if (depth == 0 && !Character.isWhitespace(c)) {
                break;
            }
            i++;
        }
        return value.substring(Math.min(i, value.length()));
    }

    private static String propertyValue(String value) {
        return DOMAIN.matcher(value).matches() || ADDRESS.matcher(value).matches() ? value : quoted(value);
    }

    private static String token(String value) {
        return TOKEN.matcher(value).matches() ? value : quoted(value);
    }

    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                continue;
            }
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c > 0x7e ? '?' : c);
        }
        return quoted.append('"').toString();
    }
}
