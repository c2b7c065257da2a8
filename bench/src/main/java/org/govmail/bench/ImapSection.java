package org.govmail.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.govmail.bench.imap.BenchCorpus;
import org.govmail.bench.imap.CorpusSearch;
import org.govmail.bench.imap.ImapMixedWorkload;
import org.govmail.bench.imap.ImapTarget;
import org.govmail.bench.imap.MailboxPopulator;
import org.govmail.bench.imap.SearchProbe;

/**
 * The IMAP mixed workload (our Java load generator, after imaptest's default profile plus header and
 * body-text SEARCH) on every server, for each mailbox size: fill the mailbox over APPEND, wait for
 * the search index, learn which corpus searches each server answers right, then run the same load,
 * with only the searches every server answers right, against each.
 */
final class ImapSection {
    private static final long SEED = 20_261_201L;
    private static final String MAILBOX = "INBOX";
    private static final Duration INDEX_PATIENCE = Duration.ofMinutes(5);
    private static final int FILL_CONNECTIONS = 4;

    private ImapSection() {
    }

    static void run(List<BenchServer> servers, ResultTable table, int[] mailboxSizes, int clients, int operations) throws Exception {
        BenchCorpus corpus = new BenchCorpus(SEED);
        for (int size : mailboxSizes) {
            String user = size <= 1000 ? BenchUsers.IMAP_SMALL : BenchUsers.IMAP_LARGE;
            Map<BenchServer, ImapTarget> targets = new LinkedHashMap<>();
            for (BenchServer server : servers) {
                targets.put(server, new ImapTarget(BenchServer.HOST, server.imapsPort(), server.tls(user).factory(), user, BenchUsers.PASSWORD));
            }
            String fill = "IMAP: fill a " + size + "-message mailbox (APPEND, " + FILL_CONNECTIONS + " conn)";
            for (BenchServer server : servers) {
                MailboxPopulator.Result filled = new MailboxPopulator(targets.get(server), corpus).populate(MAILBOX, size, FILL_CONNECTIONS);
                MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: %.1f msg/s", fill, server.name(), filled.messagesPerSecond()));
                table.add(fill, "appended", "msg/s", ResultTable.Better.HIGHER, server.name(), filled.messagesPerSecond());
            }
            List<CorpusSearch> all = corpus.searches(size);
            Set<String> rightEverywhere = all.stream().map(CorpusSearch::label).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
            for (BenchServer server : servers) {
                SearchProbe.waitForIndex(targets.get(server), MAILBOX, all, INDEX_PATIENCE);
                System.out.println("searches answered by " + server.name() + ":");
                List<CorpusSearch> right = SearchProbe.rightAnswers(targets.get(server), MAILBOX, all, System.out);
                Set<String> labels = right.stream().map(CorpusSearch::label).collect(Collectors.toSet());
                long labelCount = all.stream().map(CorpusSearch::label).distinct().count();
                table.add("IMAP SEARCH correctness, " + size + " messages", "search kinds answered right (of " + labelCount + ")", "count",
                    ResultTable.Better.HIGHER, server.name(), labels.size());
                rightEverywhere.retainAll(labels);
            }
            List<CorpusSearch> searches = all.stream().filter(s -> rightEverywhere.contains(s.label())).toList();
            ImapMixedWorkload.Mix mix = ImapMixedWorkload.Mix.IMAPTEST_LIKE;
            if (searches.stream().allMatch(CorpusSearch::readsBody)) {
                mix = mix.with(ImapMixedWorkload.Step.SEARCH_HEADER, 0);
            }
            if (searches.stream().noneMatch(CorpusSearch::readsBody)) {
                mix = mix.with(ImapMixedWorkload.Step.SEARCH_BODY, 0);
            }
            String workload = "IMAP mixed, " + size + " messages, " + clients + " clients";
            MailServerBenchmark.log(workload + ": searches used " + rightEverywhere);
            for (BenchServer server : servers) {
                ImapMixedWorkload.Config config = new ImapMixedWorkload.Config(targets.get(server), MAILBOX, size, clients, operations,
                    Duration.ZERO, mix, searches, SEED);
                ImapMixedWorkload.Result result = new ImapMixedWorkload(config, corpus).run();
                MailServerBenchmark.log(String.format(Locale.ROOT, "%s, %s: %.1f commands/s, %d errors", workload, server.name(),
                    result.commandsPerSecond(), result.errors()));
                System.out.print(result.table());
                result.errorSamples().stream().limit(5).forEach(error -> System.out.println("  error: " + error));
                table.add(workload, "commands", "1/s", ResultTable.Better.HIGHER, server.name(), result.commandsPerSecond());
                table.add(workload, "errors (refused or wrong answers)", "count", ResultTable.Better.LOWER, server.name(), result.errors());
                for (ImapMixedWorkload.CommandStats command : result.byCommand()) {
                    if (REPORTED.stream().anyMatch(command.command()::startsWith)) {
                        table.add(workload, command.command() + " p50", "ms", ResultTable.Better.LOWER, server.name(), command.p50Millis());
                        table.add(workload, command.command() + " p99", "ms", ResultTable.Better.LOWER, server.name(), command.p99Millis());
                    }
                }
            }
        }
    }

    /** The commands whose latency goes into the summary table (every command is in the printed per-server tables). */
    private static final List<String> REPORTED = List.of("UID FETCH FLAGS ENVELOPE", "UID FETCH BODY[]", "UID SEARCH BODY", "UID SEARCH SUBJECT", "APPEND", "UID EXPUNGE");
}
