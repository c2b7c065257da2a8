package org.govmail.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ImapResponseReaderTest {
    @Test
    void literalOctetsAreCountedNotScannedAndTheResponseContinuesAfterThem() throws IOException {
        // The body holds a CRLF, Korean text and a line that looks like our tagged OK.
        byte[] body = "Subject: x\r\n\r\n예산안\r\na1 OK fake\r\n".getBytes(StandardCharsets.UTF_8);
        String head = "* 3 FETCH (UID 17 RFC822.SIZE " + body.length + " BODY[] {" + body.length + "}\r\n";
        ImapResponseReader reader = new ImapResponseReader(stream(head, body, " FLAGS (\\Seen))\r\na1 OK done\r\n"));

        ImapResponse fetch = reader.read();
        assertThat(fetch.type()).isEqualTo("FETCH");
        assertThat(fetch.number()).isEqualTo(3);
        assertThat(fetch.fetchNumber("UID")).hasValue(17);
        assertThat(fetch.fetchNumber("RFC822.SIZE")).hasValue(body.length);
        assertThat(fetch.fetchFlags()).hasValue("\\Seen");
        assertThat(fetch.literals()).hasSize(1);
        assertThat(fetch.literals().get(0)).isEqualTo(body);
        assertThat(reader.read().text()).isEqualTo("a1 OK done");
    }

    @Test
    void severalLiteralsInOneResponseAndLiteralsSplitAcrossReads() throws IOException {
        byte[] a = "first".getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[200_000]; // larger than the reader's buffer
        java.util.Arrays.fill(b, (byte) '\n');
        InputStream trickle = new InputStream() {
            private final InputStream all = stream("* 1 FETCH (ENVELOPE ({5}\r\n", a, " NIL) BODY[] {200000}\r\n", b, ")\r\n");

            @Override
            public int read() throws IOException {
                return all.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return all.read(buffer, offset, Math.min(length, 7)); // a few octets at a time, like a slow network
            }
        };
        ImapResponse fetch = new ImapResponseReader(trickle).read();
        assertThat(fetch.literals()).hasSize(2);
        assertThat(fetch.literals().get(0)).isEqualTo(a);
        assertThat(fetch.literals().get(1)).isEqualTo(b);
        assertThat(fetch.text()).isEqualTo("* 1 FETCH (ENVELOPE ({5} NIL) BODY[] {200000})");
    }

    @Test
    void aClosedConnectionInsideALiteralIsReported() {
        ImapResponseReader reader = new ImapResponseReader(stream("* 1 FETCH (BODY[] {10}\r\nabc"));
        assertThatThrownBy(reader::read).isInstanceOf(EOFException.class).hasMessageContaining("3 of 10");
    }

    @Test
    void onlyATrailingBraceNumberAnnouncesALiteral() throws IOException {
        assertThat(ImapResponseReader.literalLength(bytes("* OK {12}"))).isEqualTo(12);
        assertThat(ImapResponseReader.literalLength(bytes("a APPEND x {12+}"))).isEqualTo(12);
        assertThat(ImapResponseReader.literalLength(bytes("* OK \"{12}\""))).isEqualTo(-1);
        assertThat(ImapResponseReader.literalLength(bytes("* OK {}"))).isEqualTo(-1);
        assertThat(ImapResponseReader.literalLength(bytes("* OK 12}"))).isEqualTo(-1);
    }

    @Test
    void untaggedTypesAndNumbers() {
        assertThat(new ImapResponse("* SEARCH 1 2 3", java.util.List.of()).type()).isEqualTo("SEARCH");
        assertThat(new ImapResponse("* 12 EXISTS", java.util.List.of()).type()).isEqualTo("EXISTS");
        assertThat(new ImapResponse("* 12 EXISTS", java.util.List.of()).number()).isEqualTo(12);
        assertThat(new ImapResponse("+ go ahead", java.util.List.of()).isContinuation()).isTrue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream stream(Object... parts) {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            all.writeBytes(part instanceof byte[] b ? b : bytes((String) part));
        }
        return new ByteArrayInputStream(all.toByteArray());
    }
}
