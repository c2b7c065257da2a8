package org.govmail.mailets.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;

class ClassificationMarksTest {
    private final ClassificationMarks marks = new ClassificationMarks(
        Map.of("X-Security-Classification", Set.of("대외비", "Secret")), List.of("[대외비]", "[비밀]"));

    private static MimeMessage message(String subject) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject(subject, "UTF-8");
        message.setText("body", "UTF-8");
        return message;
    }

    @Test
    void aSubjectMarkerAnywhereInTheEncodedSubjectIsFound() throws Exception {
        assertThat(marks.find(message("RE: [대외비] 예산 협의"))).contains("subject [대외비]");
        assertThat(marks.find(message("[비밀]"))).contains("subject [비밀]");
    }

    @Test
    void headerValuesAreFoundCaseInsensitivelyInAListAndEncoded() throws Exception {
        MimeMessage message = message("회의");
        message.setHeader("X-Security-Classification", "internal, SECRET");
        assertThat(marks.find(message)).contains("X-Security-Classification: SECRET");
        MimeMessage encoded = message("회의");
        encoded.setHeader("X-Security-Classification", MimeUtility.encodeText("대외비", "UTF-8", "B"));
        assertThat(marks.find(encoded)).contains("X-Security-Classification: 대외비");
    }

    @Test
    void rawUtf8HeadersAreReadAsUtf8() throws Exception {
        byte[] raw = ("Subject: 회신: [대외비] 예산\r\nX-Security-Classification: 대외비\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbody\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new java.io.ByteArrayInputStream(raw));
        assertThat(marks.find(message)).contains("subject [대외비]");
        message.setSubject("회의");
        assertThat(marks.find(message)).contains("X-Security-Classification: 대외비");
    }

    @Test
    void ordinaryMailCarriesNoMark() throws Exception {
        MimeMessage message = message("대외 협력 회의 안내 (비밀번호 변경 안내)");
        message.setHeader("X-Security-Classification", "public");
        assertThat(marks.find(message)).isEmpty();
        assertThat(marks.find(new MimeMessage(Session.getInstance(new Properties())))).isEmpty();
    }
}
