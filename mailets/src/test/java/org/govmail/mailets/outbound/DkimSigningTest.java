package org.govmail.mailets.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimSigningTest {
    @TempDir
    Path folder;

    private static MimeMessage message() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("kim@korea.kr"));
        message.setRecipients(javax.mail.Message.RecipientType.TO, "peer@mois.go.kr");
        message.setSubject("부처 간 협조 요청", "UTF-8");
        message.setText("안녕하세요.\n협조 부탁드립니다.\n", "UTF-8");
        message.saveChanges();
        return message;
    }

    private static List<SignatureRecord> verify(byte[] bytes, DkimKeys.DkimKey key) throws Exception {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            assertThat(selector.toString()).isEqualTo(key.selector());
            assertThat(domain.toString()).isEqualTo(key.domain());
            return List.of(key.dnsRecord());
        });
        return verifier.verify(new ByteArrayInputStream(bytes));
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void aSignedMessageVerifiesWithThePublishedRecordAndFailsWhenAltered() throws Exception {
        DkimKeys keys = new DkimKeys(folder, "govmail", true, domain -> domain.equals("korea.kr"));
        DkimKeys.DkimKey key = keys.forDomain("korea.kr").orElseThrow();
        MimeMessage message = message();
        message.addHeader("DKIM-Signature", DkimSigning.signatureValue(message, key));
        byte[] signed = bytes(message);
        assertThat(message.getHeader("DKIM-Signature")[0]).contains("a=rsa-sha256;", "c=relaxed/relaxed;", "d=korea.kr;", "s=govmail;");
        assertThat(verify(signed, key)).extracting(record -> record.getDToken().toString()).containsExactly("korea.kr");

        byte[] altered = new String(signed, StandardCharsets.UTF_8).replace("Subject:", "Subject: [수정]").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(altered, key)).isInstanceOf(FailException.class);
    }

    @Test
    void aGeneratedKeyIsWrittenWithItsDnsRecordAndReadBackTheSame() throws Exception {
        DkimKeys.DkimKey generated = new DkimKeys(folder, "govmail", true, domain -> true).forDomain("Korea.KR").orElseThrow();
        assertThat(Files.readString(folder.resolve("korea.kr.dns.txt"))).contains("govmail._domainkey.korea.kr. IN TXT \"v=DKIM1; k=rsa; p=");
        DkimKeys.DkimKey reread = new DkimKeys(folder, "govmail", false, domain -> false).forDomain("korea.kr").orElseThrow();
        assertThat(reread.dnsRecord()).isEqualTo(generated.dnsRecord());
    }

    @Test
    void noKeyIsMadeForAForeignDomainOrWhenGenerationIsOff() {
        assertThat(new DkimKeys(folder, "govmail", true, domain -> false).forDomain("gmail.com")).isEmpty();
        assertThat(new DkimKeys(folder, "govmail", false, domain -> true).forDomain("korea.kr")).isEmpty();
        assertThat(new DkimKeys(folder, "govmail", true, domain -> true).forDomain("../etc")).isEmpty();
    }

    @Test
    void anUnreadableKeyFileIsAnErrorNotASilentlyUnsignedMail() throws Exception {
        Files.writeString(folder.resolve("korea.kr.pem"), "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new DkimKeys(folder, "govmail", false, domain -> true).forDomain("korea.kr"))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("korea.kr.pem");
    }
}
