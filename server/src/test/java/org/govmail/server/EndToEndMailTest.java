package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.govmail.server.testing.DistributedEngines;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.BodyTerm;
import jakarta.mail.search.SubjectTerm;

/**
 * The foundation as a user sees it: a fresh installation starts, an admin adds a domain and users over
 * WebAdmin, mail sent over submission (STARTTLS) is read back over IMAPS and found by IMAP SEARCH, and
 * the James CLI talks JMX to the same server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndToEndMailTest {
    private static final String ALICE = "alice@gov.test";
    private static final String BOB = "bob@gov.test";
    private static final String ALICE_PASSWORD = "alice correct horse";
    private static final String BOB_PASSWORD = "bob battery staple";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private MailClients clients;

    @BeforeAll
    void startServer() throws Exception {
        server = GovmailProcess.prepare(installation).start();
        clients = new MailClients(server);
        server.webAdmin().addDomain("gov.test");
        server.enroll(ALICE, "김앨리스", ALICE_PASSWORD);
        server.enroll(BOB, "이밥", BOB_PASSWORD);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mailSentOverSubmissionIsReadOverImapsAndFoundBySearch() throws Exception {
        MimeMessage message = new MimeMessage(clients.as(ALICE).submission());
        message.setFrom(new InternetAddress(ALICE));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(BOB));
        message.setSubject("Quarterly budget report");
        message.setText("Please find the numbers for the aardvark project below.\n정부 메일 테스트", "UTF-8");
        Transport.send(message, ALICE, ALICE_PASSWORD);

        Store store = clients.as(BOB).imaps().getStore();
        store.connect(BOB, BOB_PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Message received = awaitMessages(inbox, 1).get(0);
            assertThat(received.getSubject()).isEqualTo("Quarterly budget report");
            assertThat(received.getFrom()[0].toString()).isEqualTo(ALICE);
            assertThat((String) received.getContent()).contains("aardvark project").contains("정부 메일 테스트");

            // Body SEARCH is answered by the Lucene index: a word in the body matches, one that is not does not.
            assertThat(inbox.search(new BodyTerm("aardvark"))).hasSize(1);
            assertThat(inbox.search(new BodyTerm("platypus"))).isEmpty();
            assertThat(inbox.search(new BodyTerm("정부"))).hasSize(1);
            assertThat(inbox.search(new SubjectTerm("budget"))).hasSize(1);
            inbox.close(false);
        } finally {
            store.close();
        }
        if (!DistributedEngines.requested()) {
            assertThat(luceneIndexFiles()).as("index segments under var/store/lucene").isNotEmpty();
        }
    }

    /**
     * An official's mail client expunging while mail arrives in the same mailbox (or several clients at
     * once): with OpenJPA's default bulk-delete SQL for Derby, EXPUNGE read the whole message table and
     * cascaded with a table lock, deadlocked with the concurrent APPEND and was refused
     * ("NO EXPUNGE processing failed"). Every APPEND and EXPUNGE here must succeed.
     */
    @Test
    void concurrentAppendsAndExpungesOnOneMailboxAllSucceed() throws Exception {
        String carol = "carol@gov.test";
        String password = "carol correct horse";
        server.enroll(carol, "박캐롤", password);
        MailClients asCarol = clients.as(carol);
        int writers = 6;
        int rounds = 12;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<?>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    jakarta.mail.Session session = asCarol.imaps();
                    Store store = session.getStore();
                    store.connect(carol, password);
                    try {
                        org.eclipse.angus.mail.imap.IMAPFolder inbox = (org.eclipse.angus.mail.imap.IMAPFolder) store.getFolder("INBOX");
                        inbox.open(Folder.READ_WRITE);
                        for (int round = 0; round < rounds; round++) {
                            byte[] raw = ("From: " + carol + "\r\nTo: " + carol + "\r\nSubject: writer " + writer + " round " + round
                                + "\r\nMessage-ID: <w" + writer + "r" + round + "@gov.test>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
                            MimeMessage message = new MimeMessage(session, new java.io.ByteArrayInputStream(raw));
                            org.eclipse.angus.mail.imap.AppendUID appended = inbox.appendUIDMessages(new Message[] {message})[0];
                            if (writer % 2 == 1) {
                                // Odd writers take their message out again at once; even writers' messages stay. By UID, as
                                // Thunderbird does: a STORE by sequence number right after other sessions' EXPUNGEs was
                                // once answered "BAD Invalid messageset" on Derby (Jakarta Mail's and James' numbering
                                // of that moment disagreed), which is not what this test is about.
                                long uid = appended.uid;
                                inbox.doCommand(protocol -> {
                                    org.eclipse.angus.mail.iap.Response[] answers =
                                        protocol.command("UID STORE " + uid + " +FLAGS.SILENT (\\Deleted)", null);
                                    protocol.notifyResponseHandlers(answers);
                                    protocol.handleResult(answers[answers.length - 1]);
                                    return null;
                                });
                                inbox.expunge();
                            }
                        }
                        inbox.close(false);
                    } finally {
                        store.close();
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> result : results) {
                result.get(3, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        // On Cassandra, two sessions expunging the same messages both decrement the mailbox's counters (James
        // 3.8.1); a read recomputes them (conf/cassandra.properties), so there the count must converge, not drift.
        Duration settle = DistributedEngines.requested() ? Duration.ofSeconds(15) : Duration.ZERO;
        Instant deadline = Instant.now().plus(settle);
        int count;
        do {
            Store store = asCarol.imaps().getStore();
            store.connect(carol, password);
            try {
                count = store.getFolder("INBOX").getMessageCount();
            } finally {
                store.close();
            }
        } while (count != writers / 2 * rounds && Instant.now().isBefore(deadline) && pause());
        assertThat(count).isEqualTo(writers / 2 * rounds);
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(500);
        return true;
    }

    @Test
    void smtpsSubmissionAndPop3WithStlsWork() throws Exception {
        MimeMessage message = new MimeMessage(clients.as(BOB).smtps());
        message.setFrom(new InternetAddress(BOB));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(ALICE));
        message.setSubject("over implicit TLS");
        message.setText("sent over SMTPS, read over POP3");
        Transport transport = clients.as(BOB).smtps().getTransport("smtps");
        transport.connect(BOB, BOB_PASSWORD);
        transport.sendMessage(message, message.getAllRecipients());
        transport.close();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        boolean found = false;
        while (!found && Instant.now().isBefore(deadline)) {
            Store pop3 = clients.as(ALICE).pop3().getStore("pop3");
            pop3.connect(ALICE, ALICE_PASSWORD);
            Folder inbox = pop3.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message m : inbox.getMessages()) {
                found |= "over implicit TLS".equals(m.getSubject());
            }
            inbox.close(false);
            pop3.close();
            if (!found) {
                Thread.sleep(300);
            }
        }
        assertThat(found).as("message sent over SMTPS read over POP3").isTrue();
    }

    @Test
    void pop3RefusesAPasswordBeforeTls() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.pop3Port());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("+OK");
            out.write("USER " + ALICE + "\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("-ERR [AUTH]");
            out.write("PASS " + ALICE_PASSWORD + "\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("-ERR [AUTH]");
            out.write("QUIT\r\n");
            out.flush();
        }
    }

    @Test
    void imapRefusesLoginBeforeTls() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.imapPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("* OK");
            out.write("a1 LOGIN " + ALICE + " \"" + ALICE_PASSWORD + "\"\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("a1 NO");
        }
    }

    @Test
    void wrongPasswordIsRefused() {
        assertThatThrownBy(() -> {
            Store store = clients.as(BOB).imaps().getStore();
            store.connect(BOB, "not the password");
        }).isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
    }

    @Test
    void mxPortIsNoOpenRelayAndOffersNoAuth() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.smtpPort());
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            assertThat(in.readLine()).startsWith("220");
            out.write("EHLO outside.example\r\n");
            out.flush();
            List<String> ehlo = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                ehlo.add(line);
            } while (line.startsWith("250-"));
            assertThat(ehlo).noneMatch(l -> l.contains("AUTH"));
            assertThat(ehlo).anyMatch(l -> l.contains("STARTTLS"));
            out.write("MAIL FROM:<someone@outside.example>\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("250");
            out.write("RCPT TO:<victim@elsewhere.example>\r\n");
            out.flush();
            assertThat(in.readLine()).as("relaying to a foreign domain").startsWith("5");
            out.write("RCPT TO:<" + BOB + ">\r\n");
            out.flush();
            assertThat(in.readLine()).as("a local recipient is accepted").startsWith("250");
            out.write("QUIT\r\n");
            out.flush();
        }
    }

    @Test
    void anonymousSenderCannotRelayThroughTheMxPort() {
        assertThatThrownBy(() -> {
            MimeMessage message = new MimeMessage(clients.mx());
            message.setFrom(new InternetAddress("spammer@outside.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("victim@elsewhere.example"));
            message.setText("relay me");
            Transport.send(message);
        }).isInstanceOf(SendFailedException.class);
    }

    @Test
    void webAdminRefusesRequestsWithoutTheAdminSecret() throws Exception {
        HttpResponse<String> anonymous = server.webAdmin().send("GET", "/domains", null, false);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("ADMIN_UNAUTHENTICATED");
        HttpResponse<String> admin = server.webAdmin().get("/domains");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("gov.test");
        // No other web origin is allowed to call the admin API from a browser.
        assertThat(admin.headers().firstValue("Access-Control-Allow-Origin"))
            .hasValueSatisfying(origin -> assertThat(origin).isNotEqualTo("*").startsWith("http://127.0.0.1:"));
    }

    @Test
    void jamesCliListsUsersOverJmx() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classpath, "org.apache.james.cli.ServerCmd",
            "-h", "127.0.0.1", "-p", String.valueOf(server.jmxPort()), "ListUsers")
            .directory(installation.toFile()) // the CLI finds conf/jmxremote.password from here
            .redirectErrorStream(true)
            .start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(output).isZero();
        assertThat(output).contains(ALICE).contains(BOB);
    }

    private List<Path> luceneIndexFiles() throws Exception {
        try (Stream<Path> files = Files.list(installation.resolve("var/store/lucene"))) {
            return files.toList();
        }
    }

    static List<Message> awaitMessages(Folder folder, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            int found = folder.getMessageCount();
            if (found >= count) {
                return List.of(folder.getMessages());
            }
            Thread.sleep(200);
            folder.close(false);
            folder.open(Folder.READ_ONLY);
        }
        throw new AssertionError("expected " + count + " messages in " + folder.getFullName() + ", found " + folder.getMessageCount());
    }
}
