package org.govmail.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** A line-based protocol conversation over a socket that can be upgraded to TLS. */
public final class LineConversation implements AutoCloseable {
    /** How a connection ended: {@code closed} when the server closed it before the deadline; the last lines it sent. */
    public record Ending(boolean closed, List<String> lines, String how) {
    }

    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private Socket socket;
    private BufferedReader in;
    private Writer out;

    private LineConversation(Socket socket) throws IOException {
        attach(socket);
    }

    public static LineConversation plain(int port) throws IOException {
        return new LineConversation(new Socket("localhost", port));
    }

    public static LineConversation implicitTls(SSLSocketFactory tls, int port) throws IOException {
        SSLSocket socket = (SSLSocket) tls.createSocket("localhost", port);
        socket.startHandshake();
        return new LineConversation(socket);
    }

    /** An IMAPS session logged in with LOGIN, INBOX selected, waiting in IDLE (the server's {@code +} read). */
    public static LineConversation idlingImap(SSLSocketFactory tls, int port, String user, String password) throws IOException {
        LineConversation imap = implicitTls(tls, port);
        assertThat(imap.line()).startsWith("* OK");
        assertThat(imap.command("a1 LOGIN " + user + " \"" + password + "\"", "a1 ")).startsWith("a1 OK");
        assertThat(imap.command("a2 SELECT INBOX", "a2 ")).startsWith("a2 OK");
        imap.send("a3 IDLE");
        assertThat(imap.line()).startsWith("+");
        return imap;
    }

    public void upgrade(SSLSocketFactory tls, int port) throws IOException {
        SSLSocket upgraded = (SSLSocket) tls.createSocket(socket, "localhost", port, true);
        upgraded.startHandshake();
        attach(upgraded);
    }

    private void attach(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    public void send(String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    public String line() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return line;
    }

    /** Sends {@code line} (unless null) and reads up to the first line starting with {@code last}. */
    public String command(String line, String last) throws IOException {
        if (line != null) {
            send(line);
        }
        String answer;
        do {
            answer = line();
        } while (!answer.startsWith(last));
        return answer;
    }

    /** Reads lines until one matches; fails when none did within {@code timeout}. */
    public String lineUntil(java.util.function.Predicate<String> wanted, Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        int previousTimeout = socket.getSoTimeout();
        try {
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0) {
                    throw new SocketTimeoutException("no wanted line within " + timeout);
                }
                socket.setSoTimeout((int) left);
                String line = line();
                if (wanted.test(line)) {
                    return line;
                }
            }
        } finally {
            socket.setSoTimeout(previousTimeout);
        }
    }

    /** Reads whatever the server still sends until it closes the connection or the deadline passes. */
    public Ending awaitServerClose(Instant deadline) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            long left = Duration.between(Instant.now(), deadline).toMillis();
            if (left <= 0) {
                return new Ending(false, lines, "still open at the deadline");
            }
            socket.setSoTimeout((int) left);
            try {
                String line = in.readLine();
                if (line == null) {
                    return new Ending(true, lines, "end of stream");
                }
                lines.add(line);
            } catch (SocketTimeoutException e) {
                return new Ending(false, lines, "still open at the deadline");
            } catch (IOException e) {
                // A reset, or TLS torn down without close_notify: the server ended it all the same.
                return new Ending(true, lines, "ended by " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
