package org.govmail.mailets.inbound;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A lenient reader of DKIM/DMARC tag lists ({@code v=DMARC1; p=reject}): tag names lower case, values with
 * surrounding whitespace and folding removed. The first occurrence of a tag wins. Syntax errors are
 * skipped, not thrown: callers only read the tags they need and judge their values themselves.
 */
final class TagList {
    private TagList() {
    }

    static Map<String, String> parse(String tagList) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String spec : tagList.split(";")) {
            int equals = spec.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = spec.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = spec.substring(equals + 1).replaceAll("\r\n", "").strip();
            tags.putIfAbsent(name, value);
        }
        return tags;
    }
}
