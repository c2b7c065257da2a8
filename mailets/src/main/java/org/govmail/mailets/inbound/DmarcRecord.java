package org.govmail.mailets.inbound;

import java.util.Map;
import java.util.Optional;

/**
 * A domain's DMARC policy record (RFC 7489 section 6.3), with defaults applied.
 *
 * @param policy          p=
 * @param subdomainPolicy sp=, when given and valid
 * @param strictDkim      adkim=s
 * @param strictSpf       aspf=s
 * @param percent         pct=, 0 to 100
 */
public record DmarcRecord(DmarcPolicy policy, Optional<DmarcPolicy> subdomainPolicy, boolean strictDkim, boolean strictSpf,
                          int percent) {
    /**
     * Reads a TXT value; empty when it is not a DMARC record. A record whose p= is missing or invalid is
     * read as p=none when it asks for aggregate reports (rua=) and ignored otherwise, as section 6.6.3
     * says; an invalid optional tag takes its default.
     */
    public static Optional<DmarcRecord> parse(String txt) {
        String trimmed = txt.strip();
        if (!trimmed.matches("(?i)^v\\s*=\\s*DMARC1\\s*(;.*)?$")) {
            return Optional.empty();
        }
        Map<String, String> tags = TagList.parse(trimmed);
        Optional<DmarcPolicy> policy = DmarcPolicy.fromWord(tags.get("p"));
        if (policy.isEmpty() && !tags.containsKey("rua")) {
            return Optional.empty();
        }
        return Optional.of(new DmarcRecord(policy.orElse(DmarcPolicy.NONE),
            DmarcPolicy.fromWord(tags.get("sp")),
            "s".equalsIgnoreCase(tags.getOrDefault("adkim", "r")),
            "s".equalsIgnoreCase(tags.getOrDefault("aspf", "r")),
            percent(tags.get("pct"))));
    }

    private static int percent(String value) {
        try {
            int percent = Integer.parseInt(value == null ? "100" : value.trim());
            return percent < 0 || percent > 100 ? 100 : percent;
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
