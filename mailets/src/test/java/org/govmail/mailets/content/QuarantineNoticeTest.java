package org.govmail.mailets.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.govmail.auth.i18n.Texts;
import org.govmail.mailets.Quarantine;
import org.govmail.mailets.QuarantineNotice;
import org.govmail.mailets.testing.TestMailetConfig;
import org.govmail.mailets.testing.TestMailetContext;
import org.junit.jupiter.api.Test;

class QuarantineNoticeTest {
    private final TestMailetContext context = new TestMailetContext(new MailAddress("postmaster@korea.kr"));

    QuarantineNoticeTest() throws Exception {
    }

    @Test
    void everyRecipientLearnsWhyAndWhatToQuote() throws Exception {
        MimeMessage message = TestMessages.withAttachments(TestMessages.attachment("setup.exe", "application/octet-stream", TestMessages.PE));
        Mail mail = MailImpl.builder().name("Mail1700000000000-42").sender("sender@outside.example")
            .addRecipients("kim@korea.kr", "lee@mois.go.kr").mimeMessage(message).build();
        Quarantine.hold(mail, "quarantine", "dangerous-attachment: setup.exe (extension)");

        notice().service(mail);

        assertThat(context.sent()).extracting(sent -> sent.recipients().get(0).asString())
            .containsExactly("kim@korea.kr", "lee@mois.go.kr");
        MimeMessage notice = context.sent().get(0).message();
        assertThat(notice.getSubject()).isEqualTo("[격리/Quarantined] 자료 송부");
        String text = (String) ((Multipart) notice.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("sender@outside.example님이 보낸 메일(제목: 자료 송부)이 보안 정책에 따라 격리 보관")
            .contains("격리 사유: dangerous-attachment: setup.exe (extension)")
            .contains("관리 번호: Mail1700000000000-42")
            .contains("A message from sender@outside.example (subject: 자료 송부) was held in quarantine")
            .contains("institution's mail administrator");
        assertThat(mail.getState()).isEqualTo("quarantine");
    }

    @Test
    void withoutAReasonItSaysPolicy() throws Exception {
        Mail mail = DangerousAttachmentsTest.mail(TestMessages.withAttachments());

        notice().service(mail);

        String text = (String) ((Multipart) context.sent().get(0).message().getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("격리 사유: policy").contains("Reason: policy");
    }

    private QuarantineNotice notice() throws Exception {
        QuarantineNotice mailet = new QuarantineNotice(new Texts());
        mailet.init(new TestMailetConfig("QuarantineNotice", Map.of(), context));
        return mailet;
    }
}
