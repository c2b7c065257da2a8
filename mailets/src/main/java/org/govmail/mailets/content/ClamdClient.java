package org.govmail.mailets.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Talks to clamd over TCP with its {@code zINSTREAM} command: the content goes in chunks, each prefixed
 * with its length as 4 bytes big-endian, and a zero-length chunk ends it; the reply is
 * {@code stream: OK}, {@code stream: <signature> FOUND} or something ending in {@code ERROR}, NUL-terminated.
 * One connection per scan (clamd's default for INSTREAM).
 * <p>
 * {@code timeout} bounds the whole exchange, not only each read: a clamd that stops reading would
 * otherwise block the write, and with it a spool thread, forever. The watchdog closes the socket then.
 */
public final class ClamdClient {
    /** What a caller streams to clamd. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final int CHUNK = 64 * 1024;
    private static final int MAX_REPLY = 1024;

    private final String host;
    private final int port;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;

    /** The host name is looked up on every connection, so a moved clamd host is found again. */
    public ClamdClient(String host, int port, Duration timeout, ScheduledExecutorService watchdog) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.watchdog = watchdog;
    }

    public ScanResult scan(InputStream content) {
        return scan(content::transferTo);
    }

    public ScanResult scan(Content content) {
        return exchange("zINSTREAM\0", content);
    }

    /** Whether clamd answers {@code PONG}. */
    public boolean ping() {
        try (Socket socket = new Socket()) {
            connect(socket);
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return "PONG".equals(readReply(socket.getInputStream()));
        } catch (IOException e) {
            return false;
        }
    }

    private ScanResult exchange(String command, Content content) {
        Socket socket = new Socket();
        // Set before the socket is closed: the failing read or write can come back before the watchdog's task
        // has returned, when the task's future does not yet say it ran.
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (socket) {
            connect(socket);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.US_ASCII));
            String writeFailure = null;
            try {
                ChunkedOutputStream chunks = new ChunkedOutputStream(out);
                content.writeTo(chunks);
                chunks.finish();
            } catch (IOException e) {
                // clamd answers and hangs up as soon as a stream passes its size limit: its reply, if
                // there is one, says more than our broken pipe.
                writeFailure = "sending to clamd failed: " + e.getMessage();
            }
            String reply;
            try {
                reply = readReply(socket.getInputStream());
            } catch (IOException e) {
                if (writeFailure == null || expired.get()) {
                    throw e;
                }
                reply = "";
            }
            if (reply.isEmpty()) {
                return new ScanResult.Unavailable(writeFailure != null ? writeFailure : "clamd closed the connection without a reply");
            }
            return parse(reply);
        } catch (ConnectException e) {
            return new ScanResult.Unavailable("connection refused by " + where());
        } catch (SocketTimeoutException e) {
            return new ScanResult.Unavailable("timeout after " + timeout + " (" + where() + ")");
        } catch (IOException e) {
            return new ScanResult.Unavailable(expired.get() ? "timeout after " + timeout + " (" + where() + ")"
                : "clamd " + where() + ": " + e.getMessage());
        } finally {
            deadline.cancel(false);
        }
    }

    static ScanResult parse(String reply) {
        String answer = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
        if (answer.equals("OK")) {
            return new ScanResult.Clean();
        }
        if (answer.endsWith(" FOUND")) {
            return new ScanResult.Infected(answer.substring(0, answer.length() - " FOUND".length()));
        }
        if (answer.endsWith("ERROR")) {
            return new ScanResult.Unavailable(answer.substring(0, answer.length() - "ERROR".length()).strip());
        }
        return new ScanResult.Unavailable("unexpected clamd reply: " + reply);
    }

    /** Up to the NUL of z-commands (or a newline, should clamd be in n-mode), bounded. */
    private static String readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) > 0 && b != '\n' && reply.size() < MAX_REPLY) {
            reply.write(b);
        }
        return reply.toString(StandardCharsets.US_ASCII).strip();
    }

    private void connect(Socket socket) throws IOException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        socket.connect(new InetSocketAddress(host, port), millis);
        socket.setSoTimeout(millis);
    }

    private String where() {
        return host + ":" + port;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is how the deadline is enforced; there is nothing more to do if it fails.
        }
    }

    /** INSTREAM framing: length-prefixed chunks, then a zero-length chunk. */
    private static final class ChunkedOutputStream extends OutputStream {
        private final OutputStream out;
        private final byte[] buffer = new byte[CHUNK];
        private int filled;

        ChunkedOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) {
                flushChunk();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    flushChunk();
                }
                int count = Math.min(length, buffer.length - filled);
                System.arraycopy(bytes, offset, buffer, filled, count);
                filled += count;
                offset += count;
                length -= count;
            }
        }

        void finish() throws IOException {
            flushChunk();
            writeLength(0);
            out.flush();
        }

        private void flushChunk() throws IOException {
            if (filled > 0) {
                writeLength(filled);
                out.write(buffer, 0, filled);
                filled = 0;
            }
        }

        private void writeLength(int length) throws IOException {
            out.write(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        }
    }
}
