package org.govmail.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * The messages the ingest workload sends: realistic MIME with a Korean subject and body, in three
 * sizes; the largest carries a binary attachment as mail clients encode it (base64, 76-column lines).
 * Each message has a unique Message-ID so that arrival can be counted exactly once.
 */
public final class BenchMessages {
    public enum Size {
        SMALL("2 KB", 2 * 1024, 0),
        MEDIUM("20 KB", 20 * 1024, 0),
        LARGE("200 KB + attachment", 50 * 1024, 150 * 1024);

        public final String label;
        final int textBytes;
        final int attachmentBytes;

        Size(String label, int textBytes, int attachmentBytes) {
            this.label = label;
            this.textBytes = textBytes;
            this.attachmentBytes = attachmentBytes;
        }
    }

    private static final String PARAGRAPH = "안녕하십니까. 2027년 예산안 검토 회의 일정을 알려드립니다. "
        + "Please find the agenda and the quarterly figures below; reply by Friday.\r\n";

    private final String from;

    public BenchMessages(String from) {
        this.from = from;
    }

    public static String messageId(String run, int number) {
        return "<" + run + "." + number + "@bench.invalid>";
    }

    /** CRLF line ends, no line longer than 998 octets, ready for DATA (dot-stuffing is the sender's job). */
    public byte[] message(Size size, String to, String run, int number) {
        StringBuilder text = new StringBuilder();
        while (text.toString().getBytes(StandardCharsets.UTF_8).length < size.textBytes) {
            text.append(PARAGRAPH);
        }
        String subject = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(
            ("업무 협조 요청 " + run + " #" + number).getBytes(StandardCharsets.UTF_8)) + "?=";
        StringBuilder mail = new StringBuilder()
            .append("From: <").append(from).append(">\r\n")
            .append("To: <").append(to).append(">\r\n")
            .append("Subject: ").append(subject).append("\r\n")
            .append("Date: Tue, 1 Dec 2026 09:00:00 +0900\r\n")
            .append("Message-ID: ").append(messageId(run, number)).append("\r\n")
            .append("MIME-Version: 1.0\r\n");
        String textPart = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text;
        if (size.attachmentBytes == 0) {
            mail.append(textPart);
        } else {
            String boundary = "bench-" + run + "-" + number;
            byte[] attachment = new byte[size.attachmentBytes];
            new Random(number).nextBytes(attachment);
            // A PDF's magic, so content sniffing sees what a real attachment of this name would be.
            byte[] magic = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(magic, 0, attachment, 0, magic.length);
            mail.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
                .append("--").append(boundary).append("\r\n").append(textPart).append("\r\n")
                .append("--").append(boundary).append("\r\n")
                .append("Content-Type: application/pdf; name=\"report.pdf\"\r\n")
                .append("Content-Disposition: attachment; filename=\"report.pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n")
                .append(Base64.getMimeEncoder().encodeToString(attachment)).append("\r\n")
                .append("--").append(boundary).append("--\r\n");
        }
        return mail.toString().getBytes(StandardCharsets.UTF_8);
    }
}
