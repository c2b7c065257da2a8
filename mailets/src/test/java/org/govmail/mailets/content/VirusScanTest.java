package org.govmail.mailets.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.govmail.mailets.Quarantine;
import org.govmail.mailets.VirusScan;
import org.govmail.mailets.testing.FakeClamd;
import org.govmail.mailets.testing.TestMailetConfig;
import org.govmail.mailets.testing.TestMailetContext;
import org.junit.jupiter.api.Test;

class VirusScanTest {
    @Test
    void cleanMailIsMarkedAndGoesOn() throws Exception {
        try (FakeClamd clamd = FakeClamd.start()) {
            Mail mail = DangerousAttachmentsTest.mail(message("안녕하십니까"));

            run(Map.of("host", clamd.host(), "port", Integer.toString(clamd.port())), mail);

            assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
            assertThat(mail.getMessage().getHeader("X-Govmail-Virus-Scan", null)).isEqualTo("clean");
            assertThat(new String(clamd.scanned().get(0), "UTF-8")).contains("Subject: ");
        }
    }

    @Test
    void infectedMailIsQuarantined() throws Exception {
        try (FakeClamd clamd = FakeClamd.start()) {
            Mail mail = DangerousAttachmentsTest.mail(message("see " + FakeClamd.VIRUS_MARKER));

            run(Map.of("host", clamd.host(), "port", Integer.toString(clamd.port())), mail);

            assertThat(mail.getState()).isEqualTo("quarantine");
            assertThat(Quarantine.reason(mail)).contains("virus: Eicar-Test-Signature");
        }
    }

    @Test
    void withoutClamdMailPassesMarkedOrIsQuarantinedIfSoConfigured() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> parameters = new HashMap<>(Map.of("port", Integer.toString(port), "timeout", "PT2S"));
        Mail passed = DangerousAttachmentsTest.mail(message("hello"));
        run(parameters, passed);

        parameters.put("onUnavailable", "quarantine");
        parameters.put("quarantineProcessor", "held");
        Mail held = DangerousAttachmentsTest.mail(message("hello"));
        run(parameters, held);

        assertThat(passed.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(passed.getMessage().getHeader("X-Govmail-Virus-Scan", null))
            .isEqualTo("unavailable (connection refused by 127.0.0.1:" + port + ")");
        assertThat(held.getState()).isEqualTo("held");
        assertThat(Quarantine.reason(held)).contains("virus-scan-unavailable: connection refused by 127.0.0.1:" + port);
    }

    private static void run(Map<String, String> parameters, Mail mail) throws MessagingException {
        VirusScan mailet = new VirusScan();
        mailet.init(new TestMailetConfig("VirusScan", parameters, new TestMailetContext(new MailAddress("postmaster@korea.kr"))));
        try {
            mailet.service(mail);
        } finally {
            mailet.destroy();
        }
    }

    private static MimeMessage message(String text) throws Exception {
        MimeMessage message = new MimeMessage(TestMessages.session());
        message.setFrom("sender@outside.example");
        message.setSubject("자료", "UTF-8");
        message.setText(text, "UTF-8");
        message.saveChanges();
        return TestMessages.reparsed(message);
    }
}
