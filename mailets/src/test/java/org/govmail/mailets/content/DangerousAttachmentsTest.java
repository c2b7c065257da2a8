package org.govmail.mailets.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.govmail.mailets.content.TestMessages.PE;
import static org.govmail.mailets.content.TestMessages.attachment;
import static org.govmail.mailets.content.TestMessages.withAttachments;
import static org.govmail.mailets.content.TestMessages.zip;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Mail;
import org.govmail.auth.i18n.Texts;
import org.govmail.mailets.DangerousAttachments;
import org.govmail.mailets.Quarantine;
import org.govmail.mailets.testing.TestMailetConfig;
import org.govmail.mailets.testing.TestMailetContext;
import org.junit.jupiter.api.Test;

class DangerousAttachmentsTest {
    private static final byte[] PDF = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void quarantineIsTheDefault() throws Exception {
        Mail mail = mail(withAttachments(attachment("setup.exe", "application/octet-stream", PDF)));

        mailet(Map.of()).service(mail);

        assertThat(mail.getState()).isEqualTo("quarantine");
        assertThat(Quarantine.reason(mail)).contains("dangerous-attachment: setup.exe (extension)");
    }

    @Test
    void harmlessMailIsLeftAlone() throws Exception {
        Mail mail = mail(withAttachments(attachment("보고서.pdf", "application/pdf", PDF)));

        mailet(Map.of("action", "remove")).service(mail);

        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(Quarantine.reason(mail)).isEmpty();
        assertThat(mail.getMessage().getHeader("X-Govmail-Attachments-Removed")).isNull();
    }

    @Test
    void removeReplacesOnlyTheDangerousPartsAndKeepsTheBody() throws Exception {
        MimeMessage original = withAttachments(
            attachment("보고서.pdf", "application/pdf", PDF),
            attachment("설치.exe", "application/octet-stream", PE),
            attachment("자료.zip", "application/zip", zip("run.js", "WScript.Echo(1)")));
        String messageId = original.getMessageID();
        Mail mail = mail(original);

        mailet(Map.of("action", "remove")).service(mail);

        MimeMessage rewritten = TestMessages.reparsed(mail.getMessage());
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(rewritten.getMessageID()).isEqualTo(messageId);
        assertThat(MimeUtility.decodeText(rewritten.getHeader("X-Govmail-Attachments-Removed", null)))
            .isEqualTo("설치.exe, 자료.zip");
        Multipart parts = (Multipart) rewritten.getContent();
        assertThat(parts.getCount()).isEqualTo(4);
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo(TestMessages.BODY);
        assertThat(parts.getBodyPart(1).getFileName()).isEqualTo("보고서.pdf");
        String exeNotice = (String) parts.getBodyPart(2).getContent();
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(exeNotice).contains("첨부파일 \"설치.exe\"은(는) 보안 정책에 따라 삭제되었습니다")
            .contains("The attachment \"설치.exe\" was removed").contains("(.exe)").contains("Windows PE");
        assertThat((String) parts.getBodyPart(3).getContent()).contains("자료.zip").contains("run.js");
        assertThat(new AttachmentInspector(AttachmentRules.defaults()).inspect(rewritten).dangerous()).isFalse();
    }

    @Test
    void removeReachesIntoAForwardedMessage() throws Exception {
        MimeMessage forwarded = withAttachments(attachment("setup.exe", "application/octet-stream", PE));
        Mail mail = mail(withAttachments(TestMessages.forwarded(forwarded)));

        mailet(Map.of("action", "remove")).service(mail);

        MimeMessage rewritten = TestMessages.reparsed(mail.getMessage());
        MimeMessage inner = (MimeMessage) ((Multipart) rewritten.getContent()).getBodyPart(1).getContent();
        Multipart innerParts = (Multipart) inner.getContent();
        assertThat(innerParts.getBodyPart(0).getContent()).isEqualTo(TestMessages.BODY);
        assertThat((String) innerParts.getBodyPart(1).getContent()).contains("setup.exe");
        assertThat(new AttachmentInspector(AttachmentRules.defaults()).inspect(rewritten).dangerous()).isFalse();
    }

    @Test
    void configuredExtensionsReplaceTheDefaults() throws Exception {
        Mail exe = mail(withAttachments(attachment("setup.exe", "application/octet-stream", PDF)));
        Mail hwp = mail(withAttachments(attachment("문서.hwp", "application/octet-stream", PDF)));
        DangerousAttachments mailet = mailet(Map.of("extensions", "hwp, .docm", "quarantineProcessor", "held"));

        mailet.service(exe);
        mailet.service(hwp);

        assertThat(exe.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(hwp.getState()).isEqualTo("held");
    }

    @Test
    void aMistypedParameterStopsTheStart() {
        assertThatThrownBy(() -> mailet(Map.of("action", "delete"))).isInstanceOf(MessagingException.class)
            .hasMessageContaining("action");
        assertThatThrownBy(() -> mailet(Map.of("extension", "exe"))).isInstanceOf(MessagingException.class);
    }

    static Mail mail(MimeMessage message) throws MessagingException {
        return MailImpl.builder().name("mail-1").sender("sender@outside.example").addRecipient("kim@korea.kr")
            .mimeMessage(message).build();
    }

    private static DangerousAttachments mailet(Map<String, String> parameters) throws MessagingException {
        DangerousAttachments mailet = new DangerousAttachments(new Texts());
        mailet.init(new TestMailetConfig("DangerousAttachments", parameters,
            new TestMailetContext(new MailAddress("postmaster@korea.kr"))));
        return mailet;
    }
}
