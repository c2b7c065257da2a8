package org.govmail.bench.imap;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command's complete answer: the untagged responses that arrived while it ran (including unsolicited
 * EXISTS, EXPUNGE and FETCH FLAGS updates caused by other clients) and the tagged completion.
 * Only OK completions become replies; NO and BAD are thrown as {@link ImapException}.
 */
public record ImapReply(String tag, String status, String text, List<ImapResponse> untagged) {
    private static final Pattern RESPONSE_CODE = Pattern.compile("^\\[([^]]*)]");

    public ImapReply {
        untagged = List.copyOf(untagged);
    }

    /** The untagged responses of one type ({@code FETCH}, {@code SEARCH}, {@code EXPUNGE}, ...). */
    public List<ImapResponse> untagged(String type) {
        return untagged.stream().filter(r -> r.type().equals(type)).toList();
    }

    /** The tagged completion's response code without brackets, e.g. {@code APPENDUID 1700000000 42}. */
    public Optional<String> responseCode() {
        Matcher m = RESPONSE_CODE.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
