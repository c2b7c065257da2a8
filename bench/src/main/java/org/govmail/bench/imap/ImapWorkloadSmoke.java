package org.govmail.bench.imap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocketFactory;

import org.govmail.bench.load.Folders;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;

/**
 * The mixed IMAP workload against one real govmail server on loopback, small enough to run beside
 * other work: fills the INBOX, asks every corpus search once to learn which ones govmail answers right,
 * then runs the load with those and prints one row per command.
 *
 * <p>{@code ImapWorkloadSmoke [messages] [clients] [operations per client]} (defaults 1000 4 200).
 */
public final class ImapWorkloadSmoke {
    private static final String DOMAIN = "korea.kr";
    private static final String USER = "kim@korea.kr";
    private static final String PASSWORD = "bench correct horse";
    private static final String MAILBOX = "INBOX";
    private static final long SEED = 20_240_304L;
    private static final Duration INDEX_WAIT = Duration.ofSeconds(60);

    private ImapWorkloadSmoke() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int operations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path root = Files.createTempDirectory("govmail-bench-imap");
        GovmailProcess server = GovmailProcess.prepare(root.resolve("govmail"));
        try {
            server.start();
            server.webAdmin().addDomain(DOMAIN);
            TestAccount account = server.enroll(USER, "김벤치", PASSWORD);
            SSLSocketFactory tls = MailClients.trusting(server.devCaCertificate(), account.pkcs12(), TestAccount.PKCS12_PASSWORD);
            ImapTarget target = new ImapTarget("localhost", server.imapsPort(), tls, USER, PASSWORD);
            int startupLog = server.output().length();
            run(target, messages, clients, operations);
            printServerProblems(server.output().substring(startupLog));
        } finally {
            server.close();
            Folders.deleteTree(root);
        }
    }

    private static void run(ImapTarget target, int messages, int clients, int operations) throws IOException, InterruptedException {
        try (ImapConnection connection = ImapConnection.open(target)) {
            connection.login();
            System.out.println("capabilities: " + String.join(" ", connection.capabilities()));
        }
        BenchCorpus corpus = new BenchCorpus(SEED);
        MailboxPopulator.Result filled = new MailboxPopulator(target, corpus).populate(MAILBOX, messages, clients);
        System.out.printf(Locale.ROOT, "populated %s with %d messages in %.1f s (%.1f msg/s over %d connections)%n",
            MAILBOX, filled.appended(), filled.elapsed().toNanos() / 1e9, filled.messagesPerSecond(), clients);

        List<CorpusSearch> all = corpus.searches(messages);
        SearchProbe.waitForIndex(target, MAILBOX, all, INDEX_WAIT);
        List<CorpusSearch> working = SearchProbe.rightAnswers(target, MAILBOX, all, System.out);

        ImapMixedWorkload.Mix mix = ImapMixedWorkload.Mix.IMAPTEST_LIKE;
        if (working.stream().allMatch(CorpusSearch::readsBody)) {
            System.out.println("no header search answers right: the load leaves header searches out");
            mix = mix.with(ImapMixedWorkload.Step.SEARCH_HEADER, 0);
        }
        if (working.stream().noneMatch(CorpusSearch::readsBody)) {
            System.out.println("no body search answers right: the load leaves body searches out");
            mix = mix.with(ImapMixedWorkload.Step.SEARCH_BODY, 0);
        }
        ImapMixedWorkload.Config config = new ImapMixedWorkload.Config(target, MAILBOX, messages, clients, operations,
            Duration.ZERO, mix, working, SEED);
        ImapMixedWorkload.Result result = new ImapMixedWorkload(config, corpus).run();
        System.out.printf(Locale.ROOT, "%nMixed IMAP workload on govmail: %d messages, %d clients x %d steps, mix %s, %d cores%n%n",
            messages, clients, operations, mix, Runtime.getRuntime().availableProcessors());
        System.out.print(result.table());
        result.errorSamples().forEach(error -> System.out.println("  error: " + error));
    }

    /**
     * The server's warnings and errors after start-up, each once, with the exception and the distinct
     * causes of their stack traces: a slow or refused command usually has its reason here.
     */
    private static void printServerProblems(String output) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        boolean afterProblem = false;
        for (String line : output.split("\n")) {
            if (line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")) {
                afterProblem = line.matches("^.{13}(WARN|ERROR) .*");
                if (afterProblem) {
                    seen.add(line.substring(13)); // without the time, so repeats collapse
                }
            } else if (afterProblem && !line.startsWith("\t") && !line.isBlank()) {
                seen.add("  " + line); // the exception, or one of its causes
            }
        }
        if (!seen.isEmpty()) {
            System.out.println("\nserver warnings and errors (each once):");
            seen.stream().limit(30).forEach(line -> System.out.println("  " + line));
        }
    }
}
