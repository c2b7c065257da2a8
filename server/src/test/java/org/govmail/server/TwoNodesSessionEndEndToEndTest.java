package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

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
 * Two govmail nodes sharing one PostgreSQL database for the account registry (run by the PostgreSQL pass only):
 * an administrator's change made through one node takes effect for the sessions open on the other within
 * seconds, through the session-end feed in the shared database, and the other node's gate refuses the next
 * login at once because it reads the same registry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoNodesSessionEndEndToEndTest {
    private static final String DOMAIN = "mois.go.test";
    private static final String PASSWORD = "correct horse battery";
    /** sessionEnds@poll is one second; the promise to administrators is the same as on one node. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(5);

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path first;
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path second;

    private GovmailProcess nodeA;
    private GovmailProcess nodeB;

    @BeforeAll
    void startNodes() throws Exception {
        nodeA = GovmailProcess.prepare(first).start();
        nodeA.webAdmin().addDomain(DOMAIN);
        nodeB = GovmailProcess.prepareNodeOf(second, nodeA).start();
    }

    @AfterAll
    void stopNodes() throws Exception {
        for (GovmailProcess node : new GovmailProcess[] {nodeB, nodeA}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void retiringThroughOneNodeClosesTheSessionsOnBoth() throws Exception {
        String retiree = enroll("retiree", "김퇴직");
        String colleague = enroll("colleague", "이동료");
        try (LineConversation onA = idlingImap(nodeA, retiree);
             LineConversation onB = idlingImap(nodeB, retiree);
             LineConversation colleagueOnB = idlingImap(nodeB, colleague)) {

            Instant deadline = changeStatus(nodeA, retiree, "RETIRED");

            LineConversation.Ending endOnA = onA.awaitServerClose(deadline);
            LineConversation.Ending endOnB = onB.awaitServerClose(deadline);
            assertThat(endOnA.closed()).as("node A (where the change was made): %s", endOnA).isTrue();
            assertThat(endOnB.closed()).as("node B closed within %s: %s", CLOSED_WITHIN, endOnB).isTrue();
            assertThat(endOnB.lines()).as("node B says why").anyMatch(line -> line.startsWith("* BYE"));
            colleagueOnB.send("DONE");
            assertThat(colleagueOnB.command("n1 NOOP", "n1 ")).as("another account's session is untouched").startsWith("n1 OK");
        }
        assertThat(freshImapLogin(nodeB, retiree)).contains("ACCOUNT_RETIRED");
        assertThat(nodeB.output()).contains("account retired (on node ");
    }

    @Test
    void suspendingThroughTheSecondNodeIsRefusedOnTheFirstAndReinstatingLetsTheHolderBackOnBoth() throws Exception {
        String official = enroll("official", "박공무");
        try (LineConversation onA = idlingImap(nodeA, official)) {
            Instant deadline = changeStatus(nodeB, official, "SUSPENDED");
            LineConversation.Ending end = onA.awaitServerClose(deadline);
            assertThat(end.closed()).as("node A closed within %s: %s", CLOSED_WITHIN, end).isTrue();
        }
        assertThat(freshImapLogin(nodeA, official)).contains("ACCOUNT_SUSPENDED");

        changeStatus(nodeB, official, "APPROVED");
        assertThat(freshImapLogin(nodeA, official)).startsWith("a1 OK");
        try (LineConversation again = idlingImap(nodeA, official)) {
            // The suspension is still in the feed's window: it must not cut the session opened after reinstatement.
            Thread.sleep(3_000);
            again.send("DONE");
            assertThat(again.command("n1 NOOP", "n1 ")).startsWith("n1 OK");
        }
    }

    private String enroll(String local, String name) throws Exception {
        String address = local + "@" + DOMAIN;
        nodeA.enroll(address, name, PASSWORD);
        return address;
    }

    private static Instant changeStatus(GovmailProcess node, String address, String status) throws Exception {
        Instant deadline = Instant.now().plus(CLOSED_WITHIN);
        HttpResponse<String> changed = node.webAdmin().send("PUT", "/govmail/accounts/" + address + "/status",
            "{\"status\":\"" + status + "\",\"reason\":\"two nodes test\"}", true);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        return deadline;
    }

    /** The account's certificate (enrolled through node A) against {@code node}'s own TLS certificate. */
    private SSLSocketFactory tlsAs(GovmailProcess node, String address) throws Exception {
        return new MailClients(node, nodeA.account(address).pkcs12()).socketFactory();
    }

    private LineConversation idlingImap(GovmailProcess node, String address) throws Exception {
        return LineConversation.idlingImap(tlsAs(node, address), node.imapsPort(), address, PASSWORD);
    }

    private String freshImapLogin(GovmailProcess node, String address) throws Exception {
        try (LineConversation imap = LineConversation.implicitTls(tlsAs(node, address), node.imapsPort())) {
            assertThat(imap.line()).startsWith("* OK");
            return imap.command("a1 LOGIN " + address + " \"" + PASSWORD + "\"", "a1 ");
        }
    }
}
