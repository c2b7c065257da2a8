package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.govmail.server.testing.ExternalTool;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.OpensslTlsScan;
import org.govmail.server.testing.TestsslReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every TLS port of the shipped configuration scanned from outside, as an auditor would, failing on any finding:
 * a protocol below TLS 1.2 accepted, TLS 1.2 or 1.3 missing, or a suite that is not forward secret with AEAD
 * ({@code TlsPolicy}). testssl (Debian's {@code testssl.sh}) scans the ports it can, all at once
 * ({@code --mode parallel}: one port after the other took 10-30 s each on a busy 2-core machine);
 * {@code openssl s_client} the two it cannot: ManageSieve (testssl 3.0 has no {@code sieve} STARTTLS) and IMAP
 * STARTTLS (testssl 3.0 looks for the capability {@code IMAP4rev1} case-sensitively, James announces
 * {@code IMAP4REV1}, which RFC 3501 allows, so testssl never gets to STARTTLS).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsScanEndToEndTest {
    /**
     * The parallel scan takes 10-50 s on a quiet machine; beside a running Cassandra and benchmark nodes on two
     * cores it once took over 4 minutes. Far more than 8 means it hangs.
     */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(8);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path folder;

    private GovmailProcess server;

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(folder.resolve("govmail")).start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The ports testssl scans, each with the STARTTLS dialect testssl must speak first (empty: implicit TLS). */
    private Map<String, String> testsslTargets() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("SMTPS", "127.0.0.1:" + server.smtpsPort());
        targets.put("IMAPS", "127.0.0.1:" + server.imapsPort());
        targets.put("SMTP (MX)", "--starttls smtp 127.0.0.1:" + server.smtpPort());
        targets.put("submission", "--starttls smtp 127.0.0.1:" + server.submissionPort());
        targets.put("POP3", "--starttls pop3 127.0.0.1:" + server.pop3Port());
        return targets;
    }

    @Test
    void testsslFindsNothingOnAnyPort() throws Exception {
        ExternalTool testssl = ExternalTool.require("testssl.sh", "testssl", "testssl.sh");
        Map<String, String> targets = testsslTargets();
        Path targetFile = Files.writeString(folder.resolve("testssl-targets.txt"), String.join("\n", targets.values()) + "\n");
        Path reports = Files.createDirectories(folder.resolve("testssl"));
        // --warnings batch: never wait for a "yes" on stdin, stop (and report) on a testing error instead.
        ExternalTool.Result scan = testssl.run(List.of("--quiet", "--color", "0", "--nodns", "none", "--warnings", "batch",
                "--protocols", "--std", "--cipher-per-proto", "--mode", "parallel", "--jsonfile", reports.toString(),
                "--file", targetFile.toString()), Map.of(), null, SCAN_TIMEOUT);

        Map<String, List<String>> problems = new LinkedHashMap<>();
        for (Map.Entry<String, String> target : targets.entrySet()) {
            String port = target.getValue().substring(target.getValue().lastIndexOf(':') + 1);
            Optional<Path> report = reportFor(reports, port);
            List<String> found = report.isEmpty() ? List.of("testssl wrote no report") : TestsslReport.read(report.get()).problems();
            if (!found.isEmpty()) {
                problems.put(target.getKey() + " (" + target.getValue() + ")", found);
            }
        }
        assertThat(problems).as("testssl:\n%s", scan.output()).isEmpty();
    }

    /** testssl names each target's JSON file {@code <ip>_p<port>-<timestamp>.json}. */
    private static Optional<Path> reportFor(Path reports, String port) throws Exception {
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(file -> file.getFileName().toString().contains("_p" + port + "-")).findFirst();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"IMAP, imap", "ManageSieve, sieve"})
    void opensslFindsNothingOnTheStarttlsPortTestsslCannotScan(String service, String starttls) throws Exception {
        int port = "imap".equals(starttls) ? server.imapPort() : server.manageSievePort();
        List<String> problems = new OpensslTlsScan(port, Optional.of(starttls)).problems();
        assertThat(problems).as("%s on port %d", service, port).isEmpty();
    }
}
