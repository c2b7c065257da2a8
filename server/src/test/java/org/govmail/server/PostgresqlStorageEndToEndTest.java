package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.PostgresCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.BodyTerm;

/**
 * Run only by the PostgreSQL pass of the server's tests ({@code server/pom.xml}, execution {@code postgresql}),
 * where every other end-to-end suite also runs on PostgreSQL: this one proves that they really did. The mail a
 * user sent and the account an admin created are read back with plain SQL from the PostgreSQL database the
 * installation was given, Korean text intact, and no embedded Derby database was ever created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresqlStorageEndToEndTest {
    private static final String SENDER = "sender@gov.test";
    private static final String READER = "reader@gov.test";
    private static final String PASSWORD = "correct horse battery";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path installation;

    private GovmailProcess server;
    private MailClients clients;

    @BeforeAll
    void startServer() throws Exception {
        assertThat(PostgresCluster.requested()).as("-D" + PostgresCluster.DATABASE_PROPERTY + "=postgresql").isTrue();
        server = GovmailProcess.prepare(installation).start();
        clients = new MailClients(server);
        server.webAdmin().addDomain("gov.test");
        server.enroll(SENDER, "김보냄", PASSWORD);
        server.enroll(READER, "이읽음", PASSWORD);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void mailAndAccountsLiveInThePostgresqlDatabaseAndNowhereElse() throws Exception {
        MimeMessage message = new MimeMessage(clients.as(SENDER).submission());
        message.setFrom(new InternetAddress(SENDER));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(READER));
        message.setSubject("예산 보고 PostgreSQL");
        message.setText("The wombat figures are attached.\n행정 메일", "UTF-8");
        Transport.send(message, SENDER, PASSWORD);

        Store store = clients.as(READER).imaps().getStore();
        store.connect(READER, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (inbox.getMessageCount() < 1 && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                inbox.getMessageCount();
            }
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            // The index follows the mailbox through an event listener: on a loaded machine it lags the count a little.
            Instant indexed = Instant.now().plus(Duration.ofSeconds(10));
            while (inbox.search(new BodyTerm("wombat")).length == 0 && Instant.now().isBefore(indexed)) {
                Thread.sleep(200);
            }
            assertThat(inbox.search(new BodyTerm("wombat"))).hasSize(1);
            inbox.close(false);
        } finally {
            store.close();
        }

        PostgresCluster.Database database = server.database().orElseThrow();
        try (Connection connection = DriverManager.getConnection(database.url(), database.username(), database.password())) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT m.USER_NAME, m.MAILBOX_NAME, count(*) FROM JAMES_MAIL x JOIN JAMES_MAILBOX m"
                        + " ON x.MAILBOX_ID = m.MAILBOX_ID GROUP BY m.USER_NAME, m.MAILBOX_NAME");
                 ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("one mailbox holds mail").isTrue();
                assertThat(rows.getString(1)).isEqualTo(READER);
                assertThat(rows.getString(2)).isEqualTo("INBOX");
                assertThat(rows.getLong(3)).isEqualTo(1);
                assertThat(rows.next()).isFalse();
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT HOLDER_NAME, STATUS FROM GOVMAIL_ACCOUNT WHERE ACCOUNT_ID = ?")) {
                query.setString(1, READER);
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo("이읽음");
                    assertThat(rows.getString(2)).isEqualTo("APPROVED");
                }
            }
        }
        assertThat(installation.resolve("var/store/derby")).as("no embedded Derby database").doesNotExist();
        assertThat(Files.exists(installation.resolve("var/store/lucene"))).as("the search index stays local").isTrue();
    }
}
