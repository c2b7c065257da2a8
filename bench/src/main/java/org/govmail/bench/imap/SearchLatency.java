package org.govmail.bench.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.govmail.bench.load.Percentiles;

/**
 * Latency of single IMAP searches on a mailbox filled with the first N messages of a {@link BenchCorpus}:
 * one client, logged in and selected before the clock starts, asks one search of each kind per round (a
 * header criterion, BODY text, a flag), each round taking the next value of its kind (another topic,
 * sender or word), for a number of rounds after an untimed warm-up round. Every answer is checked
 * against the corpus: a wrong count or a refusal (NO, BAD) is reported, never timed as if it were right.
 */
public final class SearchLatency {
    /** A scanning search reads the whole mailbox: on a loaded 2-core machine a BODY search of 10 k messages can take a minute. */
    public static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** One search: ASCII criteria as written after {@code UID SEARCH}, and how many messages it must find. */
    public record Query(String criteria, int expected) {
    }

    /** A kind of search ("SUBJECT (header)") and the queries it cycles through. */
    public record Kind(String label, List<Query> queries) {
    }

    /** Per kind: the timed samples (nanoseconds) of right answers, and the wrong or refused ones (criteria and what came back). */
    public record Result(String label, List<Long> nanos, List<String> wrong) {
        /** NaN when no answer was right. */
        public double p50Millis() {
            return nanos.isEmpty() ? Double.NaN : Percentiles.millis(nanos, 50);
        }

        /** NaN when no answer was right. */
        public double p90Millis() {
            return nanos.isEmpty() ? Double.NaN : Percentiles.millis(nanos, 90);
        }
    }

    private SearchLatency() {
    }

    /**
     * The kinds measured on a corpus mailbox of {@code size} messages: SUBJECT with an ASCII topic word and
     * FROM with a bare sender address (header criteria, both of which James' Lucene index answers right),
     * BODY with an ASCII word (full text), and UNSEEN (a flag: 40 % of the corpus is appended unread).
     */
    public static List<Kind> corpusKinds(BenchCorpus corpus, int size) {
        List<CorpusSearch> searches = corpus.searches(size);
        int unseen = 0;
        for (int n = 0; n < size; n++) {
            if (!corpus.flags(n).contains("\\Seen")) {
                unseen++;
            }
        }
        return List.of(
            kind("SUBJECT (header)", searches, "UID SEARCH SUBJECT ascii"),
            kind("FROM (header)", searches, "UID SEARCH FROM bare"),
            kind("BODY (text)", searches, "UID SEARCH BODY ascii"),
            new Kind("UNSEEN (flag)", List.of(new Query("UNSEEN", unseen))));
    }

    private static Kind kind(String label, List<CorpusSearch> searches, String corpusLabel) {
        List<Query> queries = searches.stream().filter(s -> s.label().equals(corpusLabel))
            .map(s -> new Query(s.key() + " \"" + s.value() + "\"", s.expected())).toList();
        if (queries.isEmpty()) {
            throw new IllegalStateException("the corpus has no " + corpusLabel);
        }
        return new Kind(label, queries);
    }

    /** One warm-up round, then {@code rounds} timed rounds of every kind, on {@code mailbox} of {@code target}. */
    public static List<Result> run(ImapTarget target, String mailbox, List<Kind> kinds, int rounds) throws IOException {
        Map<Kind, Result> results = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            results.put(kind, new Result(kind.label(), new ArrayList<>(), new ArrayList<>()));
        }
        try (ImapConnection connection = ImapConnection.open(target, READ_TIMEOUT)) {
            connection.login();
            connection.select(mailbox);
            for (int round = -1; round < rounds; round++) {
                for (Kind kind : kinds) {
                    Query query = kind.queries().get(Math.floorMod(round, kind.queries().size()));
                    Result result = results.get(kind);
                    long start = System.nanoTime();
                    int found;
                    try {
                        found = connection.uidSearch(query.criteria()).length;
                    } catch (ImapException refused) {
                        // NO or BAD: the server could not answer this search; the connection stays usable
                        result.wrong().add(query.criteria() + ": " + refused.status() + " " + refused.serverText());
                        continue;
                    }
                    long elapsed = System.nanoTime() - start;
                    if (found != query.expected()) {
                        result.wrong().add(query.criteria() + ": " + found + " of " + query.expected());
                    } else if (round >= 0) {
                        result.nanos().add(elapsed);
                    }
                }
            }
        }
        return List.copyOf(results.values());
    }
}
