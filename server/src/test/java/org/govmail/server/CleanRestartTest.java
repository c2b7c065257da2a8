package org.govmail.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.ImapProbe;
import org.govmail.server.testing.MailClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.BodyTerm;

/**
 * A clean stop keeps everything: mail and the search index are there after a restart, with no
 * recovery work (a crash is covered by CrashDurabilityTest).
 */
class CleanRestartTest {
    private static final String USER = "clerk@gov.test";
    private static final String PASSWORD = "clerk long passphrase";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path installation;

    private GovmailProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void mailAndSearchIndexSurviveACleanRestart() throws Exception {
        server = GovmailProcess.startWithUser(installation, USER, PASSWORD);
        MailClients clients = new MailClients(server);
        for (int i = 0; i < 3; i++) {
            MimeMessage message = new MimeMessage(clients.mx());
            message.setFrom(new InternetAddress("sender@outside.example"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
            message.setSubject("minutes " + i);
            message.setText("minutes of the okapi committee, part " + i);
            Transport.send(message);
        }
        ImapProbe before = new ImapProbe(clients, USER, PASSWORD);
        assertThat(before.awaitCount(new BodyTerm("okapi"), hits -> hits == 3, Duration.ofSeconds(30))).isEqualTo(3);

        server.stop();
        assertThat(installation.resolve("var/govmail.pid")).as("a clean stop removes the pid file").doesNotExist();
        server.start();

        ImapProbe after = new ImapProbe(new MailClients(server), USER, PASSWORD);
        assertThat(after.count(null)).isEqualTo(3);
        assertThat(after.count(new BodyTerm("okapi"))).as("found without any re-indexing").isEqualTo(3);
        List<String> log = Files.readAllLines(installation.resolve("var/log/govmail.log"));
        assertThat(log).noneMatch(line -> line.contains("did not stop cleanly"));
    }
}
