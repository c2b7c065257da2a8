package org.govmail.bench.imap;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the server's byte stream into responses. A line ending in {@code {n}} announces n octets of
 * literal data that follow its CRLF, after which the same response continues on the next line; the
 * octets may contain anything (CRLFs, a line that looks like a tagged OK), so they are counted, never
 * scanned. Own buffer rather than a BufferedInputStream: one array scan per line, no per-byte locking.
 */
final class ImapResponseReader {
    /** Longer lines are refused: a server (or a desynchronised stream) must not make us buffer without end. */
    static final int MAX_LINE = 1 << 20;
    /** A FETCH of a whole message is at most a few MB here; a larger announcement means a broken stream. */
    static final int MAX_LITERAL = 64 << 20;

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    ImapResponseReader(InputStream in) {
        this.in = in;
    }

    ImapResponse read() throws IOException {
        StringBuilder text = new StringBuilder();
        List<byte[]> literals = new ArrayList<>(0);
        while (true) {
            byte[] line = readLine();
            text.append(new String(line, StandardCharsets.UTF_8));
            int length = literalLength(line);
            if (length < 0) {
                return new ImapResponse(text.toString(), literals);
            }
            literals.add(readExactly(length));
        }
    }

    /** The n of a trailing {@code {n}} (or {@code {n+}}), or -1 when the line ends the response. */
    static int literalLength(byte[] line) throws IOException {
        int end = line.length - 1;
        if (end < 2 || line[end] != '}') {
            return -1;
        }
        int digitsEnd = line[end - 1] == '+' ? end - 1 : end;
        int start = digitsEnd;
        while (start > 0 && line[start - 1] >= '0' && line[start - 1] <= '9') {
            start--;
        }
        if (start == digitsEnd || start == 0 || line[start - 1] != '{' || digitsEnd - start > 10) {
            return -1;
        }
        long length = Long.parseLong(new String(line, start, digitsEnd - start, StandardCharsets.US_ASCII));
        if (length > MAX_LITERAL) {
            throw new IOException("literal of " + length + " octets announced, more than " + MAX_LITERAL + " accepted");
        }
        return (int) length;
    }

    /** One line without its CRLF (a bare LF is accepted too). */
    private byte[] readLine() throws IOException {
        byte[] line = new byte[0];
        int lineLength = 0;
        while (true) {
            if (position == limit && !fill()) {
                throw new EOFException(lineLength == 0 ? "connection closed by the server"
                    : "connection closed in the middle of a line: " + new String(line, 0, lineLength, StandardCharsets.UTF_8));
            }
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int chunkEnd = newline < 0 ? limit : newline;
            int chunk = chunkEnd - position;
            if (lineLength + chunk > MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " octets");
            }
            if (newline >= 0 && lineLength == 0) {
                // The usual case: the whole line is in the buffer.
                int end = chunkEnd > position && buffer[chunkEnd - 1] == '\r' ? chunkEnd - 1 : chunkEnd;
                byte[] result = java.util.Arrays.copyOfRange(buffer, position, end);
                position = newline + 1;
                return result;
            }
            if (lineLength + chunk > line.length) {
                line = java.util.Arrays.copyOf(line, Math.max(2 * line.length, lineLength + chunk));
            }
            System.arraycopy(buffer, position, line, lineLength, chunk);
            lineLength += chunk;
            position = chunkEnd;
            if (newline >= 0) {
                position = newline + 1;
                int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                return java.util.Arrays.copyOf(line, end);
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] literal = new byte[length];
        int filled = Math.min(length, limit - position);
        System.arraycopy(buffer, position, literal, 0, filled);
        position += filled;
        while (filled < length) {
            int n = in.read(literal, filled, length - filled);
            if (n < 0) {
                throw new EOFException("connection closed inside a literal: " + filled + " of " + length + " octets");
            }
            filled += n;
        }
        return literal;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer);
        if (n < 0) {
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
