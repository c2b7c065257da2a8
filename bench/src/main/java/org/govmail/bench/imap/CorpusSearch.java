package org.govmail.bench.imap;

import java.util.Locale;

/**
 * One search whose answer is known in advance: {@code UID SEARCH key value} over a freshly populated
 * {@link BenchCorpus} of some size finds exactly {@code expected} messages. Messages the workload
 * appends carry none of the searched words, so the answer stays exact while they come and go.
 *
 * @param label groups searches of one kind in tables, e.g. "UID SEARCH BODY ascii"
 */
public record CorpusSearch(String label, String key, String value, int expected) {
    /** BODY and TEXT read message content (a full-text index, where there is one); the rest read headers. */
    public boolean readsBody() {
        String upper = key.toUpperCase(Locale.ROOT);
        return upper.equals("BODY") || upper.equals("TEXT");
    }
}
