package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.net.ssl.SSLSocketFactory;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.LineConversation;
import org.govmail.server.testing.MailClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retiring or suspending an account ends the sessions it already has open, on every protocol, within
 * seconds: the gate refusing the next login is not enough for a client that stays connected (IMAP IDLE
 * for days, a submission connection kept for the next message). Raw TLS clients with the account's
 * certificate, so each test sees exactly when the server closes the connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionTerminationEndToEndTest {
    private static final String DOMAIN = "mois.go.test";
    private static final String PASSWORD = "correct horse battery";
    /** The promise to administrators: an account's sessions end this soon after its status changes. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(5);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(installation).start();
        server.webAdmin().addDomain(DOMAIN);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void retiringAnAccountClosesItsImapPop3SmtpAndManageSieveSessions() throws Exception {
        String retiree = enroll("retiree", "김퇴직");
        String colleague = enroll("colleague", "이동료");
        try (LineConversation imap = idlingImap(retiree);
             LineConversation pop3 = pop3(retiree);
             LineConversation submission = submission(retiree);
             LineConversation sieve = manageSieve(retiree);
             LineConversation colleagueImap = selectedImap(colleague)) {

            Instant deadline = changeStatus(retiree, "RETIRED");

            LineConversation.Ending imapEnd = imap.awaitServerClose(deadline);
            LineConversation.Ending pop3End = pop3.awaitServerClose(deadline);
            LineConversation.Ending submissionEnd = submission.awaitServerClose(deadline);
            LineConversation.Ending sieveEnd = sieve.awaitServerClose(deadline);
            assertThat(imapEnd.closed()).as("IMAP (IDLE) closed within %s: %s", CLOSED_WITHIN, imapEnd).isTrue();
            assertThat(imapEnd.lines()).as("IMAP says why").anyMatch(line -> line.startsWith("* BYE"));
            assertThat(pop3End.closed()).as("POP3 closed within %s: %s", CLOSED_WITHIN, pop3End).isTrue();
            assertThat(submissionEnd.closed()).as("submission closed within %s: %s", CLOSED_WITHIN, submissionEnd).isTrue();
            assertThat(submissionEnd.lines()).as("SMTP says why").anyMatch(line -> line.startsWith("421 "));
            assertThat(sieveEnd.closed()).as("ManageSieve closed within %s: %s", CLOSED_WITHIN, sieveEnd).isTrue();
            assertThat(sieveEnd.lines()).as("ManageSieve says why").anyMatch(line -> line.startsWith("BYE"));

            assertThat(colleagueImap.command("n1 NOOP", "n1 ")).as("another account's session is untouched").startsWith("n1 OK");
        }
        assertThat(freshImapLogin(retiree)).contains("ACCOUNT_RETIRED");
    }

    @Test
    void suspendingAnAccountClosesItsIdlingImapSession() throws Exception {
        String suspended = enroll("suspended", "박정지");
        try (LineConversation imap = idlingImap(suspended)) {
            Instant deadline = changeStatus(suspended, "SUSPENDED");

            LineConversation.Ending end = imap.awaitServerClose(deadline);
            assertThat(end.closed()).as("IMAP (IDLE) closed within %s: %s", CLOSED_WITHIN, end).isTrue();
            assertThat(end.lines()).anyMatch(line -> line.startsWith("* BYE"));
        }
        assertThat(freshImapLogin(suspended)).contains("ACCOUNT_SUSPENDED");

        // Reinstated: the same account logs in again and is listed afresh.
        changeStatus(suspended, "APPROVED");
        assertThat(freshImapLogin(suspended)).startsWith("a1 OK");
    }

    @Test
    void sessionsThatEndedByThemselvesAreNoLongerListed() throws Exception {
        String leaver = enroll("leaver", "최퇴근");
        try (LineConversation imap = selectedImap(leaver);
             LineConversation pop3 = pop3(leaver);
             LineConversation submission = submission(leaver)) {
            imap.send("z1 LOGOUT");
            pop3.send("QUIT");
            submission.send("QUIT");
            Instant deadline = Instant.now().plusSeconds(30);
            assertThat(imap.awaitServerClose(deadline).closed()).isTrue();
            assertThat(pop3.awaitServerClose(deadline).closed()).isTrue();
            assertThat(submission.awaitServerClose(deadline).closed()).isTrue();
        }

        changeStatus(leaver, "RETIRED");
        assertThat(freshImapLogin(leaver)).contains("ACCOUNT_RETIRED");
        // The refusal is logged after the status change: once it is in the log, so is any closing.
        awaitOutput("reason=ACCOUNT_RETIRED account=" + leaver);
        assertThat(server.output()).as("nothing was left to close").doesNotContain("open session(s) of " + leaver);
    }

    private String enroll(String local, String name) throws Exception {
        String address = local + "@" + DOMAIN;
        server.enroll(address, name, PASSWORD);
        return address;
    }

    /** Changes the status over WebAdmin; answers the instant by which the sessions must be closed. */
    private Instant changeStatus(String address, String status) throws Exception {
        Instant deadline = Instant.now().plus(CLOSED_WITHIN);
        HttpResponse<String> changed = server.webAdmin().send("PUT", "/govmail/accounts/" + address + "/status",
            "{\"status\":\"" + status + "\",\"reason\":\"session termination test\"}", true);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        return deadline;
    }

    private void awaitOutput(String text) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!server.output().contains(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(server.output()).contains(text);
    }

    private SSLSocketFactory tlsAs(String address) throws Exception {
        return new MailClients(server).as(address).socketFactory();
    }

    /** IMAPS, logged in with the account's certificate and password, INBOX selected. */
    private LineConversation selectedImap(String address) throws Exception {
        LineConversation imap = LineConversation.implicitTls(tlsAs(address), server.imapsPort());
        assertThat(imap.line()).startsWith("* OK");
        assertThat(imap.command("a1 LOGIN " + address + " \"" + PASSWORD + "\"", "a1 ")).startsWith("a1 OK");
        assertThat(imap.command("a2 SELECT INBOX", "a2 ")).startsWith("a2 OK");
        return imap;
    }

    /** As a mail client waiting for new mail: INBOX selected and in IDLE (RFC 2177). */
    private LineConversation idlingImap(String address) throws Exception {
        return LineConversation.idlingImap(tlsAs(address), server.imapsPort(), address, PASSWORD);
    }

    /** The refusal line of a new IMAP LOGIN (or its OK). */
    private String freshImapLogin(String address) throws Exception {
        try (LineConversation imap = LineConversation.implicitTls(tlsAs(address), server.imapsPort())) {
            assertThat(imap.line()).startsWith("* OK");
            return imap.command("a1 LOGIN " + address + " \"" + PASSWORD + "\"", "a1 ");
        }
    }

    private LineConversation pop3(String address) throws Exception {
        LineConversation pop3 = LineConversation.plain(server.pop3Port());
        assertThat(pop3.line()).startsWith("+OK");
        assertThat(pop3.command("STLS", "")).startsWith("+OK");
        pop3.upgrade(tlsAs(address), server.pop3Port());
        assertThat(pop3.command("USER " + address, "")).startsWith("+OK");
        assertThat(pop3.command("PASS " + PASSWORD, "")).startsWith("+OK");
        return pop3;
    }

    /** Submission after STARTTLS and AUTH PLAIN, as a client keeping its connection for the next message. */
    private LineConversation submission(String address) throws Exception {
        LineConversation smtp = LineConversation.plain(server.submissionPort());
        assertThat(smtp.line()).startsWith("220");
        assertThat(smtp.command("EHLO client.test", "250 ")).startsWith("250 ");
        assertThat(smtp.command("STARTTLS", "")).startsWith("220");
        smtp.upgrade(tlsAs(address), server.submissionPort());
        assertThat(smtp.command("EHLO client.test", "250 ")).startsWith("250 ");
        assertThat(smtp.command("AUTH PLAIN " + plain(address), "")).startsWith("235");
        return smtp;
    }

    /** ManageSieve after STARTTLS, authenticated by the certificate alone (EXTERNAL). */
    private LineConversation manageSieve(String address) throws Exception {
        LineConversation sieve = LineConversation.plain(server.manageSievePort());
        assertThat(sieve.command(null, "OK")).startsWith("OK");
        assertThat(sieve.command("STARTTLS", "")).startsWith("OK");
        sieve.upgrade(tlsAs(address), server.manageSievePort());
        assertThat(sieve.command("AUTHENTICATE \"EXTERNAL\" \"\"", "")).startsWith("OK");
        assertThat(sieve.command("LISTSCRIPTS", "OK")).startsWith("OK");
        return sieve;
    }

    private static String plain(String address) {
        return Base64.getEncoder().encodeToString(("\0" + address + "\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
