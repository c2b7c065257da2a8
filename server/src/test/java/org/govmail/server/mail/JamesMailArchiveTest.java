package org.govmail.server.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.MailboxPath;
import org.apache.james.mailbox.model.search.MailboxQuery;
import org.apache.james.utils.GuiceProbe;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.auth.lifecycle.MailArchive.Folder;
import org.govmail.server.InProcessGovmail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

import reactor.core.publisher.Mono;

/**
 * The archive against the real server wiring (JPA on Derby, Lucene, the Guice modules of
 * GovmailModules) in this JVM: mail is put in with James' own mailbox API, taken out through the
 * {@link MailArchive} the server binds, and parsed back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JamesMailArchiveTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-05T07:08:09Z");

    /** Korean 8-bit text, a "From " body line and an already quoted one, CRLF as stored. */
    private static final String OFFICIAL = String.join("\r\n",
        "Return-Path: <sender@outside.example>",
        "From: =?UTF-8?B?6rmA7ISg7Jqw?= <kim@outside.example>",
        "To: clerk@gov.test",
        "Subject: =?UTF-8?B?6rO166y4?=",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "안녕하세요. 행정안전부 공문을 보내드립니다.",
        "From here on, the minutes.",
        ">From the archive",
        "");
    /** Saved by a client (no Return-Path) and without a line end at its end. */
    private static final String DRAFT = "From: Park <park@gov.test>\r\nSubject: draft\r\n\r\nunfinished";
    private static final String BOUNCE = "Return-Path: <>\r\nFrom: Mail Delivery <postmaster@outside.example>\r\n"
        + "Subject: undeliverable\r\n\r\nsorry\r\n";

    private InProcessGovmail server;
    private MailArchive archive;
    private MailboxManager mailboxManager;
    private SubscriptionManager subscriptionManager;

    @BeforeAll
    void startServer(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path installation) throws Exception {
        server = InProcessGovmail.start(installation, new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(ArchiveProbe.class);
            }
        });
        ArchiveProbe probe = server.probe(ArchiveProbe.class);
        archive = probe.archive;
        mailboxManager = probe.mailboxManager;
        subscriptionManager = probe.subscriptionManager;
    }

    @AfterAll
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerBindsThisImplementation() {
        assertThat(archive).isInstanceOf(JamesMailArchive.class);
    }

    @Test
    void createInboxIsIdempotentAndSafeUnderConcurrentCalls() throws Exception {
        String account = "newcomer@gov.test";
        int callers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Void>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit((Callable<Void>) () -> {
                    go.await();
                    archive.createInbox(account);
                    return null;
                }));
            }
            go.countDown();
            for (Future<Void> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        archive.createInbox(account);

        assertThat(archive.folders(account)).containsExactly(new Folder("INBOX", 0));
        assertThat(jamesMailboxes(account)).containsExactly(MailboxPath.inbox(Username.of(account)));
    }

    @Test
    void exportsEachFolderAsMboxrd() throws Exception {
        String account = "clerk@gov.test";
        archive.createInbox(account);
        append(account, "INBOX", OFFICIAL);
        append(account, "INBOX", DRAFT);
        append(account, "Projects" + delimiter(account) + "2026", BOUNCE);
        createMailbox(account, "보관함");

        assertThat(archive.folders(account)).containsExactly(
            new Folder("INBOX", 2), new Folder("Projects", 0), new Folder("Projects/2026", 1), new Folder("보관함", 0));

        List<MboxReader.Message> inbox = MboxReader.parse(mbox(account, "INBOX"));
        assertThat(inbox).extracting(MboxReader.Message::sender).containsExactly("sender@outside.example", "park@gov.test");
        assertThat(inbox).extracting(MboxReader.Message::date).containsOnly("Thu Mar  5 07:08:09 2026");
        assertThat(inbox).extracting(MboxReader.Message::text).containsExactly(lf(OFFICIAL), lf(DRAFT) + "\n");
        String raw = new String(mbox(account, "INBOX"), StandardCharsets.UTF_8);
        assertThat(raw).contains("\n>From here on, the minutes.\n>>From the archive\n").doesNotContain("\r");
        assertThat(raw).contains("안녕하세요. 행정안전부 공문을 보내드립니다.");

        assertThat(MboxReader.parse(mbox(account, "inbox"))).as("INBOX in any case, as in IMAP").hasSize(2);
        List<MboxReader.Message> nested = MboxReader.parse(mbox(account, "Projects/2026"));
        assertThat(nested).extracting(MboxReader.Message::sender).containsExactly("MAILER-DAEMON");
        assertThat(nested).extracting(MboxReader.Message::text).containsExactly(lf(BOUNCE));
        assertThat(mbox(account, "Projects")).isEmpty();
    }

    @Test
    void unknownFolderIsRefusedWithItsReason() throws Exception {
        String account = "unknown-folder@gov.test";
        append(account, "Projects" + delimiter(account) + "2026", BOUNCE);
        for (String missing : List.of("Nope", "Projects" + delimiter(account) + "2026", "Projects/2027", "")) {
            assertThatThrownBy(() -> mbox(account, missing))
                .isInstanceOfSatisfying(GovmailAuthException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FOLDER_NOT_FOUND));
        }
        assertThatThrownBy(() -> mbox("nobody@gov.test", "INBOX")).isInstanceOf(GovmailAuthException.class);
    }

    @Test
    void zipHoldsOneMboxPerFolderAndAManifest() throws Exception {
        String account = "zipped@gov.test";
        archive.createInbox(account);
        append(account, "INBOX", OFFICIAL);
        append(account, "Projects" + delimiter(account) + "2026", BOUNCE);
        append(account, "Projects" + delimiter(account) + "2026", DRAFT);
        createMailbox(account, "보관함");

        Map<String, byte[]> entries = unzip(zip(account));

        assertThat(entries.keySet()).containsExactly(
            "INBOX.mbox", "Projects.mbox", "Projects/2026.mbox", "보관함.mbox", JamesMailArchive.MANIFEST);
        assertThat(MboxReader.parse(entries.get("INBOX.mbox"))).extracting(MboxReader.Message::text).containsExactly(lf(OFFICIAL));
        assertThat(MboxReader.parse(entries.get("Projects/2026.mbox"))).extracting(MboxReader.Message::text)
            .containsExactly(lf(BOUNCE), lf(DRAFT) + "\n");
        assertThat(entries.get("Projects.mbox")).isEmpty();
        String manifest = new String(entries.get(JamesMailArchive.MANIFEST), StandardCharsets.UTF_8);
        assertThat(manifest)
            .contains("\"account\": \"zipped@gov.test\"")
            .contains("{\"name\": \"INBOX\", \"file\": \"INBOX.mbox\", \"messages\": 1}")
            .contains("{\"name\": \"Projects/2026\", \"file\": \"Projects/2026.mbox\", \"messages\": 2}")
            .contains("{\"name\": \"보관함\", \"file\": \"보관함.mbox\", \"messages\": 0}");
    }

    @Test
    void exportPagesThroughLargeFoldersInUidOrderSkippingExpungedMessages() throws Exception {
        String account = "bulk@gov.test";
        int count = 230; // more than one page of UIDs
        for (int i = 0; i < count; i++) {
            append(account, "INBOX", "Subject: " + i + "\r\n\r\nmessage " + i + "\r\n");
        }
        expunge(account, "INBOX", MessageUid.of(7));

        List<String> texts = MboxReader.parse(mbox(account, "INBOX")).stream().map(MboxReader.Message::text).toList();

        assertThat(texts).hasSize(count - 1).doesNotContain("Subject: 6\n\nmessage 6\n");
        assertThat(texts.get(0)).isEqualTo("Subject: 0\n\nmessage 0\n");
        assertThat(texts.get(count - 2)).isEqualTo("Subject: " + (count - 1) + "\n\nmessage " + (count - 1) + "\n");
        assertThat(archive.folders(account)).containsExactly(new Folder("INBOX", count - 1));
    }

    @Test
    void largeMessageComesOutIntact() throws Exception {
        String account = "large@gov.test";
        StringBuilder body = new StringBuilder("Subject: scan\r\n\r\n");
        for (int i = 0; body.length() < 4_000_000; i++) {
            body.append(i % 1000 == 0 ? "From line " : "공문 본문 ").append(i).append("\r\n");
        }
        append(account, "INBOX", body.toString());

        List<MboxReader.Message> read = MboxReader.parse(mbox(account, "INBOX"));

        assertThat(read).singleElement().extracting(MboxReader.Message::text).isEqualTo(lf(body.toString()));
    }

    @Test
    void deleteAllLeavesNoMailboxAndNoSubscription() throws Exception {
        String account = "rejected@gov.test";
        archive.createInbox(account);
        append(account, "INBOX", OFFICIAL);
        char delimiter = delimiter(account);
        append(account, "a" + delimiter + "b" + delimiter + "c", DRAFT);
        createMailbox(account, "Sent");
        subscribe(account, "a" + delimiter + "b");
        subscribe(account, "never created");
        String neighbour = "neighbour@gov.test";
        archive.createInbox(neighbour);

        archive.deleteAll(account);

        assertThat(archive.folders(account)).isEmpty();
        assertThat(jamesMailboxes(account)).isEmpty();
        assertThat(subscriptions(account)).isEmpty();
        assertThat(archive.folders(neighbour)).as("other accounts untouched").containsExactly(new Folder("INBOX", 0));

        archive.deleteAll(account); // nothing left: still fine
        archive.createInbox(account);
        assertThat(archive.folders(account)).containsExactly(new Folder("INBOX", 0));
    }

    private byte[] mbox(String account, String folder) throws IOException, GovmailAuthException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archive.writeMbox(account, folder, out);
        return out.toByteArray();
    }

    private byte[] zip(String account) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        archive.writeZip(account, out);
        return out.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private char delimiter(String account) {
        return mailboxManager.createSystemSession(Username.of(account)).getPathDelimiter();
    }

    /** Appends through James, creating the mailbox (and its parents) if needed. */
    private void append(String account, String mailboxName, String message) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            MailboxPath path = MailboxPath.forUser(Username.of(account), mailboxName);
            if (!Boolean.TRUE.equals(Mono.from(mailboxManager.mailboxExists(path, session)).block())) {
                mailboxManager.createMailbox(path, session);
            }
            mailboxManager.getMailbox(path, session).appendMessage(MessageManager.AppendCommand.builder()
                .withInternalDate(Date.from(RECEIVED))
                .build(message.getBytes(StandardCharsets.UTF_8)), session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void createMailbox(String account, String mailboxName) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            mailboxManager.createMailbox(MailboxPath.forUser(Username.of(account), mailboxName), session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void expunge(String account, String mailboxName, MessageUid uid) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            mailboxManager.getMailbox(MailboxPath.forUser(Username.of(account), mailboxName), session).delete(List.of(uid), session);
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private void subscribe(String account, String mailboxName) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            subscriptionManager.subscribe(session, MailboxPath.forUser(Username.of(account), mailboxName));
        } finally {
            subscriptionManager.endProcessingRequest(session);
        }
    }

    private List<MailboxPath> subscriptions(String account) throws MailboxException {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            return List.copyOf(subscriptionManager.subscriptions(session));
        } finally {
            subscriptionManager.endProcessingRequest(session);
        }
    }

    private List<MailboxPath> jamesMailboxes(String account) {
        MailboxSession session = mailboxManager.createSystemSession(Username.of(account));
        try {
            return mailboxManager.search(MailboxQuery.privateMailboxesBuilder(session).build(), session)
                .map(metaData -> metaData.getPath())
                .collectList()
                .block();
        } finally {
            mailboxManager.endProcessingRequest(session);
        }
    }

    private static String lf(String crlf) {
        return crlf.replace("\r\n", "\n");
    }

    /** How the test reaches the server's own instances. */
    public static final class ArchiveProbe implements GuiceProbe {
        final MailArchive archive;
        final MailboxManager mailboxManager;
        final SubscriptionManager subscriptionManager;

        @Inject
        public ArchiveProbe(MailArchive archive, MailboxManager mailboxManager, SubscriptionManager subscriptionManager) {
            this.archive = archive;
            this.mailboxManager = mailboxManager;
            this.subscriptionManager = subscriptionManager;
        }
    }
}
