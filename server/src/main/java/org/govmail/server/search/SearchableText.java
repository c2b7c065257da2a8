package org.govmail.server.search;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one spelling of header text that both the Lucene index and the queries against it use.
 *
 * <p>James 3.8.1's Lucene index reads header bytes as ISO-8859-1 and upper-cases them, so Korean text
 * (raw UTF-8, or RFC 2047 encoded words whose base64 the upper-casing destroys) can never be found. Here
 * every character above US-ASCII becomes {@code ¤} and four upper-case hex digits of its UTF-16 unit: a
 * spelling that survives ISO-8859-1 and upper-casing unchanged, keeps code point order for sorting, and
 * is applied to the query text the same way, so a search for "예산" matches a subject that said
 * {@code =?UTF-8?B?7JiI7IKw?=}. Text headers (the subject) also lose brackets and similar punctuation,
 * so "[외부메일] 회의" is found by "외부메일" as well as by the whole subject.
 */
public final class SearchableText {
    static final char MARK = '\u00A4';
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Pattern SPACES = Pattern.compile(" {2,}");
    private static final Set<String> TEXT_HEADERS = Set.of("subject", "comments", "keywords", "thread-topic");
    private static final Set<String> ADDRESS_HEADERS = Set.of("from", "to", "cc", "bcc", "sender", "reply-to");
    private static final String PUNCTUATION = "\"()<>[]{},;:!?\u3008\u3009\u300A\u300B\u300C\u300D\u300E\u300F"
        + "\u3010\u3011\u3014\u3015\uFF08\uFF09\uFF3B\uFF3D\uFF5B\uFF5D\uFF0C\uFF1A\uFF1B\uFF01\uFF1F\u00B7\u30FB";

    private SearchableText() {
    }

    /** Whether the header is free text (subject-like) rather than structured (addresses, dates, ids). */
    public static boolean isTextHeader(String headerName) {
        return TEXT_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    public static boolean isAddressHeader(String headerName) {
        return ADDRESS_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** The searchable spelling of a decoded header value of the named header. */
    public static String forHeader(String headerName, String decodedValue) {
        return isTextHeader(headerName) ? words(decodedValue) : escaped(decodedValue);
    }

    /**
     * Characters above US-ASCII as {@code ¤XXXX}; control characters (a decoded encoded word may hold a
     * line break) as a space, so that the rewritten header stays one header.
     */
    public static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                // Every indexed message goes through here: four hex digits by hand, not String.format.
                out.append(MARK).append(HEX[c >>> 12]).append(HEX[(c >>> 8) & 0xF]).append(HEX[(c >>> 4) & 0xF]).append(HEX[c & 0xF]);
            } else if (c < 0x20 || c == 0x7F) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@link #escaped} after punctuation became spaces and runs of spaces one space. */
    public static String words(String text) {
        StringBuilder spaced = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            spaced.append(PUNCTUATION.indexOf(c) >= 0 || Character.isWhitespace(c) || Character.isSpaceChar(c) ? ' ' : c);
        }
        return SPACES.matcher(escaped(spaced.toString()).trim()).replaceAll(" ");
    }
}
