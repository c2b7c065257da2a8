package org.govmail.bench.imap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server response as received: {@code text} is every line of it joined, CRLFs removed, each literal
 * left as its {@code {n}} announcement; {@code literals} are the literal octets in order, byte for byte
 * (a FETCH BODY[] is exactly the stored message). The arrays are not copied: reading a 20 KB body twice
 * per FETCH would be measurable on the client side of a benchmark.
 */
public record ImapResponse(String text, List<byte[]> literals) {
    private static final Pattern FLAGS = Pattern.compile("[( ]FLAGS \\(([^)]*)\\)");
    /** Compiled once per item name: the workload asks for UID and RFC822.SIZE thousands of times. */
    private static final Map<String, Pattern> NUMBER_ITEMS = new ConcurrentHashMap<>();

    public ImapResponse {
        literals = List.copyOf(literals);
    }

    public boolean isUntagged() {
        return text.startsWith("* ");
    }

    public boolean isContinuation() {
        return text.startsWith("+");
    }

    /**
     * The response's name in upper case: {@code FETCH} for "* 12 FETCH (...)", {@code SEARCH} for
     * "* SEARCH 1 2", {@code OK} for "* OK [UIDNEXT 5]"; empty for tagged and continuation responses.
     */
    public String type() {
        if (!isUntagged()) {
            return "";
        }
        String[] words = text.split(" ", 4);
        if (words.length < 2) {
            return "";
        }
        boolean numbered = !words[1].isEmpty() && Character.isDigit(words[1].charAt(0));
        String type = numbered ? (words.length > 2 ? words[2] : "") : words[1];
        return type.toUpperCase(Locale.ROOT);
    }

    /** The message number of "* n EXISTS", "* n EXPUNGE", "* n FETCH"; -1 when there is none. */
    public long number() {
        if (!isUntagged()) {
            return -1;
        }
        int end = text.indexOf(' ', 2);
        try {
            return Long.parseLong(end < 0 ? text.substring(2) : text.substring(2, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * A numeric FETCH item such as {@code UID} or {@code RFC822.SIZE}. Read from the text around the
     * literals, so a string value sent as a literal can never be mistaken for an item; a quoted ENVELOPE
     * string containing "UID 7" could be, which our own test messages never carry.
     */
    public OptionalLong fetchNumber(String item) {
        Matcher m = NUMBER_ITEMS.computeIfAbsent(item, name -> Pattern.compile("[( ]" + Pattern.quote(name) + " (\\d+)")).matcher(text);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The FLAGS list of a FETCH response, e.g. {@code \Seen \Flagged}. */
    public Optional<String> fetchFlags() {
        Matcher m = FLAGS.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
