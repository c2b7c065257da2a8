package org.govmail.mailets.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A clamd that speaks the real TCP protocol ({@code zPING}, {@code zINSTREAM} with 4-byte big-endian
 * length-prefixed chunks and a zero-length end, NUL- or newline-terminated replies as the command's
 * {@code z}/{@code n} prefix asks) and answers what the test tells it. One thread per connection, on
 * loopback, on a free port.
 */
public final class FakeClamd implements AutoCloseable {
    /** The fake's virus: the marker inside the EICAR test file (the whole file is not needed to fool a fake). */
    public static final String VIRUS_MARKER = "EICAR-STANDARD-ANTIVIRUS-TEST-FILE";

    private final ServerSocket server;
    private final Function<byte[], String> answer;
    private final long sizeLimit;
    private final boolean silent;
    private final List<byte[]> scanned = new CopyOnWriteArrayList<>();

    private FakeClamd(Function<byte[], String> answer, long sizeLimit, boolean silent) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.answer = answer;
        this.sizeLimit = sizeLimit;
        this.silent = silent;
        Thread acceptor = new Thread(this::accept, "fake-clamd-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Infected ({@code Eicar-Test-Signature FOUND}) when the stream contains {@link #VIRUS_MARKER}, else OK. */
    public static FakeClamd start() throws IOException {
        return answering(bytes -> new String(bytes, StandardCharsets.ISO_8859_1).contains(VIRUS_MARKER)
            ? "stream: Eicar-Test-Signature FOUND" : "stream: OK");
    }

    /** Replies to each stream with what {@code reply} makes of its bytes (without the terminator). */
    public static FakeClamd answering(Function<byte[], String> reply) throws IOException {
        return new FakeClamd(reply, Long.MAX_VALUE, false);
    }

    /** Like clamd's StreamMaxLength: a longer stream gets {@code INSTREAM size limit exceeded. ERROR}. */
    public static FakeClamd withSizeLimit(long bytes) throws IOException {
        return new FakeClamd(ignored -> "stream: OK", bytes, false);
    }

    /** Reads the whole stream and never answers: a hung clamd. */
    public static FakeClamd silent() throws IOException {
        return new FakeClamd(ignored -> "stream: OK", Long.MAX_VALUE, true);
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every complete stream received, in order. */
    public List<byte[]> scanned() {
        return List.copyOf(scanned);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket), "fake-clamd-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            int prefix = in.read();
            char terminator = prefix == 'n' ? '\n' : '\0';
            String command = readCommand(in, terminator);
            if (command.equals("PING")) {
                reply(out, "PONG", terminator);
            } else if (command.equals("INSTREAM")) {
                instream(socket, in, out, terminator);
            } else {
                reply(out, "UNKNOWN COMMAND", terminator);
            }
        } catch (IOException e) {
            // The client went away (its timeout, say): nothing to answer.
        }
    }

    private void instream(Socket socket, DataInputStream in, OutputStream out, char terminator) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        while (true) {
            int length = in.readInt();
            if (length == 0) {
                break;
            }
            if (stream.size() + (long) length > sizeLimit) {
                reply(out, "INSTREAM size limit exceeded. ERROR", terminator);
                // clamd hangs up here; draining first keeps the client's reply readable on every platform.
                socket.shutdownOutput();
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            stream.write(in.readNBytes(length));
        }
        scanned.add(stream.toByteArray());
        if (silent) {
            in.transferTo(OutputStream.nullOutputStream());
            return;
        }
        reply(out, answer.apply(stream.toByteArray()), terminator);
    }

    private static String readCommand(InputStream in, char terminator) throws IOException {
        StringBuilder command = new StringBuilder();
        int b;
        while ((b = in.read()) != terminator) {
            if (b < 0) {
                throw new EOFException();
            }
            command.append((char) b);
        }
        return command.toString();
    }

    private static void reply(OutputStream out, String reply, char terminator) throws IOException {
        out.write((reply + terminator).getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
