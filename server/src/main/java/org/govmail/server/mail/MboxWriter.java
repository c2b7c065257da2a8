package org.govmail.server.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * Writes messages as mboxrd (RFC 4155 plus the "mboxrd" quoting convention), one message at a time and
 * streaming: only one read buffer and one write buffer are held, whatever the size of the message or of
 * its lines.
 *
 * <p>Each message becomes {@code From <sender> <asctime date in UTC>}, the message with LF line ends
 * (stored messages use CRLF), every line matching {@code ^>*From } with one more {@code >} (so a reader
 * can undo it exactly, unlike the older mboxo format), a line end if the message had none at its end,
 * and one blank line.
 *
 * <p>The writer never flushes nor closes the stream it was given: the caller owns it (a ZIP entry, an
 * HTTP response, a file).
 */
public final class MboxWriter {
    /** The conventional sender of an mbox separator line when there is none (a bounce, or nothing known). */
    public static final String UNKNOWN_SENDER = "MAILER-DAEMON";

    /** C asctime(), which RFC 4155 asks for: day of month padded with a space, English names. */
    private static final DateTimeFormatter ASCTIME =
        DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);
    private static final int BUFFER_SIZE = 8192;

    private final OutputStream out;

    public MboxWriter(OutputStream out) {
        this.out = Objects.requireNonNull(out);
    }

    /**
     * Appends one message.
     *
     * @param sender   envelope sender for the separator line; anything unusable there (empty, with blanks or
     *                 control characters) becomes {@value #UNKNOWN_SENDER}
     * @param received when the message arrived (the separator line's date)
     * @param message  the message as stored (CRLF or LF line ends); read to its end, not closed
     */
    public void write(String sender, Instant received, InputStream message) throws IOException {
        LineQuoter quoter = new LineQuoter(out);
        quoter.separator(separatorLine(sender, received));
        byte[] chunk = new byte[BUFFER_SIZE];
        int read;
        while ((read = message.read(chunk)) != -1) {
            for (int i = 0; i < read; i++) {
                quoter.accept(chunk[i]);
            }
        }
        quoter.finish();
    }

    static String separatorLine(String sender, Instant received) {
        return "From " + usableSender(sender) + " " + ASCTIME.format(received) + "\n";
    }

    /** The separator line is split on blanks by readers: a sender must be one non-empty printable token. */
    static String usableSender(String sender) {
        if (sender == null || sender.isEmpty()) {
            return UNKNOWN_SENDER;
        }
        for (int i = 0; i < sender.length(); i++) {
            char c = sender.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return UNKNOWN_SENDER;
            }
        }
        return sender;
    }

    /**
     * The byte-level state of one message: CRLF to LF, and mboxrd quoting decided at each line start. For
     * quoting, only a count of leading '>' and how much of "From " has matched so far are kept, so a
     * pathological line (megabytes of '>' or without any line end) costs no memory.
     */
    private static final class LineQuoter {
        private static final byte[] FROM_ = "From ".getBytes(StandardCharsets.US_ASCII);

        private final OutputStream out;
        private final byte[] buffer = new byte[BUFFER_SIZE];
        private int buffered;
        private int lastWritten = '\n';
        private boolean atLineStart = true;
        private long pendingQuotes;
        private int fromMatched;
        private boolean pendingCr;

        LineQuoter(OutputStream out) {
            this.out = out;
        }

        void separator(String line) throws IOException {
            for (byte b : line.getBytes(StandardCharsets.UTF_8)) {
                emit(b);
            }
        }

        void accept(byte b) throws IOException {
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    content(b);
                    return;
                }
                content((byte) '\r'); // a lone CR is content, not a line end
            }
            if (b == '\r') {
                pendingCr = true;
                return;
            }
            content(b);
        }

        void finish() throws IOException {
            // A CR as the very last byte is a CRLF cut short: the line end added below stands for it.
            pendingCr = false;
            flushLinePrefix();
            if (lastWritten != '\n') {
                emit((byte) '\n');
            }
            emit((byte) '\n');
            drain();
        }

        private void content(byte b) throws IOException {
            if (atLineStart) {
                if (fromMatched == 0 && b == '>') {
                    pendingQuotes++;
                    return;
                }
                if (b == FROM_[fromMatched]) {
                    fromMatched++;
                    if (fromMatched == FROM_.length) {
                        emit((byte) '>');
                        flushLinePrefix();
                    }
                    return;
                }
                flushLinePrefix();
            }
            emit(b);
            if (b == '\n') {
                atLineStart = true;
            }
        }

        /** Writes what was held back at the start of a line, which ends the line-start state. */
        private void flushLinePrefix() throws IOException {
            if (!atLineStart) {
                return;
            }
            for (long i = 0; i < pendingQuotes; i++) {
                emit((byte) '>');
            }
            for (int i = 0; i < fromMatched; i++) {
                emit(FROM_[i]);
            }
            atLineStart = false;
            pendingQuotes = 0;
            fromMatched = 0;
        }

        private void emit(byte b) throws IOException {
            if (buffered == buffer.length) {
                drain();
            }
            buffer[buffered++] = b;
            lastWritten = b;
        }

        private void drain() throws IOException {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
