package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.IntStream;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.AndTerm;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.FlagTerm;
import jakarta.mail.search.FromStringTerm;
import jakarta.mail.search.HeaderTerm;
import jakarta.mail.search.NotTerm;
import jakarta.mail.search.SearchTerm;
import jakarta.mail.search.SubjectTerm;

/**
 * IMAP SEARCH as officials use it, answered by the embedded profile's Lucene index: Korean subjects and
 * sender names (RFC 2047 encoded, as every mail client writes them, and raw UTF-8), senders by address
 * behind a display name, and UNSEEN on a mailbox whose read and unread messages alternate, which James'
 * index alone refused beyond 1 024 runs. Then the index folder is removed and rebuilt at the next start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImapSearchEndToEndTest {
    private static final String OWNER = "reader@gov.test";
    private static final String PASSWORD = "reader long passphrase";
    /** Alternating flags over this many messages give 1 030 unread runs: beyond Lucene's default 1 024 clauses. */
    private static final int BULK = 2_060;


    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private MailClients clients;

    @BeforeAll
    void startServerAndFillInbox() throws Exception {
        server = GovmailProcess.startWithUser(installation, OWNER, PASSWORD);
        clients = new MailClients(server);
        Session session = clients.imaps();
        Store store = session.getStore();
        store.connect(OWNER, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.appendMessages(new Message[] {
                message(session, new InternetAddress("sunwoo.kim@korea.kr", "김선우", "UTF-8"), "[외부메일] 예산 보고서", "정부 예산"),
                message(session, new InternetAddress("alice@gov.test", "Alice Kim"), "Quarterly budget", "the aardvark numbers"),
                rawUtf8(session, "From: \"류시원\" <siwon@moe.go.kr>\r\nSubject: 예산 집행 결과\r\n"),
                message(session, new InternetAddress("bob@gov.test"), "회의록", "minutes"),
            });
            inbox.close(false);
        } finally {
            store.close();
        }
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    void koreanSubjectsAndSendersAreFoundWhetherEncodedOrRawUtf8() throws Exception {
        assertThat(awaitSubjects(new SubjectTerm("예산"), 2)).containsExactlyInAnyOrder("[외부메일] 예산 보고서", "예산 집행 결과");
        assertThat(subjects(new SubjectTerm("외부메일"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(subjects(new SubjectTerm("[외부메일] 예산"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(subjects(new SubjectTerm("회의록"))).containsExactly("회의록");
        assertThat(subjects(new SubjectTerm("budget"))).containsExactly("Quarterly budget");
        assertThat(subjects(new SubjectTerm("감사"))).isEmpty();
        assertThat(subjects(new HeaderTerm("Subject", "집행"))).containsExactly("예산 집행 결과");

        assertThat(subjects(new FromStringTerm("김선우"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(subjects(new FromStringTerm("류시원"))).containsExactly("예산 집행 결과");
        assertThat(subjects(new FromStringTerm("류 시원"))).isEmpty();
        assertThat(subjects(new FromStringTerm("sunwoo.kim@korea.kr"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(subjects(new FromStringTerm("alice@gov.test"))).containsExactly("Quarterly budget");
        assertThat(subjects(new FromStringTerm("Alice"))).containsExactly("Quarterly budget");
        assertThat(subjects(new FromStringTerm("bob@gov.test"))).containsExactly("회의록");

        assertThat(subjects(new BodyTerm("정부"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(subjects(new AndTerm(new SubjectTerm("예산"), new NotTerm(new FromStringTerm("김선우")))))
            .containsExactly("예산 집행 결과");
    }

    @Test
    @Order(3)
    void unseenIsAnsweredOnAMailboxWhoseFlagsAlternate() throws Exception {
        Session session = clients.imaps();
        createFolder(session, "Bulk");
        // Filled by doubling with COPY (James copies stored rows; APPEND would parse every message): 2 048
        // copies of one message, then a few more appended.
        appendTo(session, "Bulk", new Message[] {uncheckedMessage(session, "bulk 0")});
        Store filler = session.getStore();
        filler.connect(OWNER, PASSWORD);
        try {
            Folder bulk = filler.getFolder("Bulk");
            bulk.open(Folder.READ_WRITE);
            while (bulk.getMessageCount() * 2 <= BULK) {
                bulk.copyMessages(bulk.getMessages(), bulk);
            }
            bulk.close(false);
        } finally {
            filler.close();
        }
        appendTo(session, "Bulk", IntStream.range(0, BULK - 2_048)
            .mapToObj(i -> uncheckedMessage(session, "bulk extra " + i))
            .toArray(Message[]::new));

        Store store = session.getStore();
        store.connect(OWNER, PASSWORD);
        try {
            Folder bulk = store.getFolder("Bulk");
            bulk.open(Folder.READ_WRITE);
            assertThat(bulk.getMessageCount()).isEqualTo(BULK);
            // Every other message (by sequence number, the UID order) read: 1 030 runs of unread messages.
            int[] read = IntStream.rangeClosed(1, BULK).filter(n -> n % 2 == 0).toArray();
            for (int from = 0; from < read.length; from += 250) {
                int[] chunk = java.util.Arrays.copyOfRange(read, from, Math.min(read.length, from + 250));
                bulk.setFlags(chunk, new Flags(Flags.Flag.SEEN), true);
            }

            Message[] unseen = awaitSearch(bulk, new FlagTerm(new Flags(Flags.Flag.SEEN), false), BULK / 2);

            assertThat(unseen).hasSize(BULK / 2);
            UIDFolder uids = (UIDFolder) bulk;
            assertThat(unseen).allMatch(m -> m.getMessageNumber() % 2 == 1);
            assertThat(uids.getUID(unseen[0])).isLessThan(uids.getUID(unseen[unseen.length - 1]));
            assertThat(serverSearch(bulk, new FlagTerm(new Flags(Flags.Flag.SEEN), true))).hasSize(BULK / 2);
            bulk.close(false);
        } finally {
            store.close();
        }
    }

    @Test
    @Order(2)
    void anIndexFolderRemovedByAnAdminIsRebuiltAtTheNextStart() throws Exception {
        awaitSubjects(new SubjectTerm("예산"), 2);
        server.stop();
        Path index = installation.resolve("var/store/lucene");
        try (var files = Files.walk(index)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        assertThat(index).doesNotExist();

        server.start();
        clients = new MailClients(server);

        assertThat(awaitSubjects(new SubjectTerm("예산"), 2)).hasSize(2);
        assertThat(subjects(new FromStringTerm("김선우"))).containsExactly("[외부메일] 예산 보고서");
        assertThat(Files.readString(index.resolve("govmail-index-format")).trim()).isEqualTo("2");
        assertThat(Files.readAllLines(installation.resolve("var/log/govmail.log")))
            .anyMatch(line -> line.contains("re-indexing all mailboxes"));
    }

    private List<String> subjects(SearchTerm term) throws Exception {
        Session session = clients.imaps();
        // Read raw UTF-8 headers as UTF-8, as Thunderbird does (Jakarta Mail's default is ASCII).
        session.getProperties().setProperty("mail.mime.allowutf8", "true");
        Store store = session.getStore();
        store.connect(OWNER, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> subjects = new ArrayList<>();
            for (Message message : serverSearch(inbox, term)) {
                // From the message as stored (BODY[]): James answers ENVELOPE and BODY[HEADER] with raw
                // UTF-8 header text turned into "?".
                subjects.add(new MimeMessage(session, ((IMAPMessage) message).getMimeStream()).getSubject());
            }
            inbox.close(false);
            return subjects;
        } finally {
            store.close();
        }
    }

    /** The index is written behind the mailbox (an event listener): wait until it has caught up. */
    private List<String> awaitSubjects(SearchTerm term, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> found = List.of();
        while (Instant.now().isBefore(deadline)) {
            try {
                found = subjects(term);
                if (found.size() >= expected) {
                    return found;
                }
            } catch (jakarta.mail.MessagingException e) {
                // the server may still be starting
            }
            Thread.sleep(300);
        }
        return found;
    }

    private static Message[] awaitSearch(Folder folder, SearchTerm term, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        Message[] found = serverSearch(folder, term);
        while (found.length < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            found = serverSearch(folder, term);
        }
        return found;
    }

    /**
     * The server's SEARCH answer only: Jakarta Mail's {@code Folder.search} quietly searches on the client
     * when the server answers NO, which would hide a refused search.
     */
    private static Message[] serverSearch(Folder folder, SearchTerm term) throws Exception {
        IMAPFolder imap = (IMAPFolder) folder;
        int[] numbers = (int[]) imap.doCommand(protocol -> {
            try {
                return protocol.search(term);
            } catch (jakarta.mail.search.SearchException e) {
                throw new org.eclipse.angus.mail.iap.ProtocolException("not expressible in IMAP: " + term, e);
            }
        });
        return imap.getMessages(numbers);
    }

    private void createFolder(Session session, String name) throws Exception {
        Store store = session.getStore();
        store.connect(OWNER, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            if (!folder.exists()) {
                folder.create(Folder.HOLDS_MESSAGES);
            }
        } finally {
            store.close();
        }
    }

    private static void appendTo(Session session, String folderName, Message[] messages) throws Exception {
        Store store = session.getStore();
        store.connect(OWNER, PASSWORD);
        try {
            store.getFolder(folderName).appendMessages(messages);
        } finally {
            store.close();
        }
    }

    private static MimeMessage message(Session session, InternetAddress from, String subject, String body) throws Exception {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(from);
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(OWNER));
        message.setSubject(subject, "UTF-8");
        message.setText(body, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static MimeMessage uncheckedMessage(Session session, String subject) {
        try {
            return message(session, new InternetAddress("clerk@gov.test"), subject, "bulk mail " + subject);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message whose headers are raw UTF-8 (RFC 6532), as some mailers send them. */
    private static MimeMessage rawUtf8(Session session, String headers) throws Exception {
        String text = headers + "To: " + OWNER + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n결과 보고\r\n";
        Properties utf8 = new Properties();
        utf8.setProperty("mail.mime.allowutf8", "true");
        return new MimeMessage(Session.getInstance(utf8), new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
