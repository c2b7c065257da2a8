package org.govmail.server.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class MboxWriterTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-05T07:08:09Z");
    private static final String SEPARATOR = "From kim@gov.kr Thu Mar  5 07:08:09 2026\n";

    @Test
    void separatorLineIsFromSenderAndAsctimeInUtc() throws IOException {
        assertThat(write("kim@gov.kr", Instant.parse("2026-11-30T23:59:59Z"), "x\r\n"))
            .startsWith("From kim@gov.kr Mon Nov 30 23:59:59 2026\n");
        assertThat(MboxWriter.separatorLine("a@b", Instant.parse("1970-01-01T00:00:00Z")))
            .isEqualTo("From a@b Thu Jan  1 00:00:00 1970\n");
    }

    @Test
    void unusableSenderBecomesMailerDaemon() throws IOException {
        assertThat(write("", RECEIVED, "x\n")).startsWith("From MAILER-DAEMON Thu Mar  5 07:08:09 2026\n");
        assertThat(write(null, RECEIVED, "x\n")).startsWith("From MAILER-DAEMON ");
        assertThat(write("two words", RECEIVED, "x\n")).startsWith("From MAILER-DAEMON ");
    }

    @Test
    void crlfBecomesLfAndABlankLineFollows() throws IOException {
        assertThat(write("kim@gov.kr", RECEIVED, "Subject: hi\r\n\r\nline one\r\nline two\r\n"))
            .isEqualTo(SEPARATOR + "Subject: hi\n\nline one\nline two\n\n");
    }

    @Test
    void fromLinesGetOneMoreQuote() throws IOException {
        String body = "Subject: q\r\n\r\nFrom here\r\n>From there\r\n>>From everywhere\r\n"
            + "From\r\nFrom:x\r\n> From no\r\nFro\r\n>\r\n>>\r\n";
        assertThat(write("kim@gov.kr", RECEIVED, body)).isEqualTo(SEPARATOR + "Subject: q\n\n"
            + ">From here\n>>From there\n>>>From everywhere\n"
            + "From\nFrom:x\n> From no\nFro\n>\n>>\n\n");
    }

    @Test
    void quotingAppliesAtLineStartsOnlyAndAcrossReadChunks() throws IOException {
        String longLine = "x".repeat(10_000) + "From not at start";
        String body = "\r\n" + longLine + "\r\n" + ">".repeat(9_000) + "From deep\r\n";
        assertThat(write("a@b", RECEIVED, body))
            .isEqualTo("From a@b Thu Mar  5 07:08:09 2026\n\n" + longLine + "\n" + ">".repeat(9_001) + "From deep\n\n");
    }

    @Test
    void lineEndIsAddedWhenTheMessageHasNone() throws IOException {
        assertThat(write("kim@gov.kr", RECEIVED, "Subject: t\r\n\r\nno newline")).isEqualTo(SEPARATOR + "Subject: t\n\nno newline\n\n");
        assertThat(write("kim@gov.kr", RECEIVED, "Subject: t\r\n\r\n>>")).isEqualTo(SEPARATOR + "Subject: t\n\n>>\n\n");
        assertThat(write("kim@gov.kr", RECEIVED, "Subject: t\r\n\r\nFrom")).isEqualTo(SEPARATOR + "Subject: t\n\nFrom\n\n");
        assertThat(write("kim@gov.kr", RECEIVED, "Subject: t\r\n\r\nended by CR\r"))
            .isEqualTo(SEPARATOR + "Subject: t\n\nended by CR\n\n");
    }

    @Test
    void emptyMessageIsSeparatorAndBlankLine() throws IOException {
        assertThat(write("kim@gov.kr", RECEIVED, "")).isEqualTo(SEPARATOR + "\n");
    }

    @Test
    void loneCarriageReturnsAndLfOnlyMessagesAreKept() throws IOException {
        assertThat(write("kim@gov.kr", RECEIVED, "a\rb\nFrom c\n")).isEqualTo(SEPARATOR + "a\rb\n>From c\n\n");
    }

    @Test
    void eightBitContentIsCopiedByteForByte() throws IOException {
        String korean = "Subject: =?UTF-8?B?7ZWc6riA?=\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n안녕하세요, 공문 보내드립니다.\r\nFrom 김선우\r\n";
        assertThat(write("kim@gov.kr", RECEIVED, korean)).isEqualTo(SEPARATOR
            + "Subject: =?UTF-8?B?7ZWc6riA?=\nContent-Type: text/plain; charset=UTF-8\n"
            + "Content-Transfer-Encoding: 8bit\n\n안녕하세요, 공문 보내드립니다.\n>From 김선우\n\n");
    }

    @Test
    void messagesFollowEachOtherAndReadBackExactly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxWriter writer = new MboxWriter(out);
        List<String> messages = List.of("Subject: 1\n\nFrom me\n>From you\n", "Subject: 2\n\nsecond\n", "");
        for (String message : messages) {
            writer.write("kim@gov.kr", RECEIVED, stream(message.replace("\n", "\r\n")));
        }
        List<MboxReader.Message> read = MboxReader.parse(out.toByteArray());
        assertThat(read).extracting(MboxReader.Message::text).containsExactlyElementsOf(messages);
        assertThat(read).extracting(MboxReader.Message::sender).containsOnly("kim@gov.kr");
    }

    @Test
    void writerLeavesTheStreamOpenAndUnflushedForItsOwner() throws IOException {
        class Recording extends ByteArrayOutputStream {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        }
        Recording out = new Recording();
        InputStream message = stream("x\n");
        new MboxWriter(out).write("a@b", RECEIVED, message);
        assertThat(out.closed).isFalse();
        assertThat(message.read()).as("message read to its end").isEqualTo(-1);
    }

    @Test
    void senderIsReturnPathThenFromThenMailerDaemon() {
        assertThat(MboxSender.choose(Optional.of("<bounce@lists.example>"), Optional.of("Kim <kim@gov.kr>")))
            .isEqualTo("bounce@lists.example");
        assertThat(MboxSender.choose(Optional.of("<>"), Optional.of("Kim <kim@gov.kr>"))).isEqualTo("MAILER-DAEMON");
        assertThat(MboxSender.choose(Optional.empty(), Optional.of("\"Kim, S <x>\" <kim@gov.kr>"))).isEqualTo("kim@gov.kr");
        assertThat(MboxSender.choose(Optional.empty(), Optional.of("=?UTF-8?B?6rmA?=\r\n <kim@gov.kr>"))).isEqualTo("kim@gov.kr");
        assertThat(MboxSender.choose(Optional.empty(), Optional.of("kim@gov.kr (Kim Sunwoo)"))).isEqualTo("kim@gov.kr");
        assertThat(MboxSender.choose(Optional.empty(), Optional.of("a@x, b@y"))).isEqualTo("a@x");
        assertThat(MboxSender.choose(Optional.empty(), Optional.of("  "))).isEqualTo("MAILER-DAEMON");
        assertThat(MboxSender.choose(Optional.empty(), Optional.empty())).isEqualTo("MAILER-DAEMON");
    }

    private static String write(String sender, Instant received, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MboxWriter(out).write(sender, received, stream(message));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
