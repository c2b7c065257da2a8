package org.govmail.bench.imap;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Before a load uses the corpus searches: waiting until the server's search index has caught up with
 * the APPENDs (an index is updated after the APPEND's OK), and learning which searches the server
 * answers right, so that a load only asks what every compared server can answer.
 */
public final class SearchProbe {
    private SearchProbe() {
    }

    /** Polls the ASCII body search until it finds its whole share, or {@code patience} is over; prints how long the index lagged. */
    public static void waitForIndex(ImapTarget target, String mailbox, List<CorpusSearch> searches, Duration patience)
            throws IOException, InterruptedException {
        waitForIndex(target, mailbox, searches, patience, null);
    }

    /** As above, each search allowed {@code readTimeout} (null: the connection's default) for a server without an index. */
    public static void waitForIndex(ImapTarget target, String mailbox, List<CorpusSearch> searches, Duration patience, Duration readTimeout)
            throws IOException, InterruptedException {
        CorpusSearch search = searches.stream().filter(s -> s.value().equals(BenchCorpus.ASCII_BODY_TOKEN)).findFirst().orElseThrow();
        long start = System.nanoTime();
        long deadline = start + patience.toNanos();
        try (ImapConnection connection = readTimeout == null ? ImapConnection.open(target) : ImapConnection.open(target, readTimeout)) {
            connection.login();
            connection.select(mailbox);
            int found;
            while ((found = connection.uidSearchText(search.key(), search.value()).length) < search.expected() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            System.out.printf(Locale.ROOT, "%s: index: BODY \"%s\" found %d of %d after %.1f s%n",
                target.user(), search.value(), found, search.expected(), (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Asks every search once; keeps the labels whose every search found exactly its share, and prints a
     * table of right and wrong answers per label to {@code report}.
     */
    public static List<CorpusSearch> rightAnswers(ImapTarget target, String mailbox, List<CorpusSearch> searches, java.io.PrintStream report)
            throws IOException {
        Map<String, List<String>> wrong = new LinkedHashMap<>();
        Map<String, Integer> asked = new LinkedHashMap<>();
        try (ImapConnection connection = ImapConnection.open(target)) {
            connection.login();
            connection.select(mailbox);
            for (CorpusSearch search : searches) {
                asked.merge(search.label(), 1, Integer::sum);
                List<String> failures = wrong.computeIfAbsent(search.label(), label -> new ArrayList<>());
                try {
                    int found = connection.uidSearchText(search.key(), search.value()).length;
                    if (found != search.expected()) {
                        failures.add(search.value() + ": " + found + " of " + search.expected());
                    }
                } catch (ImapException e) {
                    failures.add(search.value() + ": " + e.status() + " " + e.serverText());
                }
            }
        }
        report.printf(Locale.ROOT, "%n| search | right | used in the load | wrong answers |%n|---|---|---|---|%n");
        wrong.forEach((label, failures) -> report.printf(Locale.ROOT, "| %s | %d of %d | %s | %s |%n", label,
            asked.get(label) - failures.size(), asked.get(label), failures.isEmpty() ? "yes" : "no",
            failures.stream().limit(3).reduce((a, b) -> a + "; " + b).orElse("")));
        return searches.stream().filter(s -> wrong.get(s.label()).isEmpty()).toList();
    }

}
