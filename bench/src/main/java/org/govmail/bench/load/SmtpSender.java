package org.govmail.bench.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One SMTP connection, as another mail server delivering to an MX would open it: EHLO, then per
 * message MAIL, RCPT, DATA. Written on plain sockets so that the only time measured is the server's:
 * {@link #send} returns the nanoseconds from the end of DATA (the final dot) to the server's reply,
 * and throws unless that reply is 250, so a message counts as sent only once the server took it.
 */
public final class SmtpSender implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public SmtpSender(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        expect(reply(), 220);
        command("EHLO bench.client.invalid", 250);
    }

    /** Nanoseconds from the final dot to the 250. */
    public long send(String from, String to, byte[] message) throws IOException {
        command("MAIL FROM:<" + from + ">", 250);
        command("RCPT TO:<" + to + ">", 250);
        command("DATA", 354);
        writeDotStuffed(message);
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        long start = System.nanoTime();
        String reply = reply();
        long elapsed = System.nanoTime() - start;
        expect(reply, 250);
        return elapsed;
    }

    private void writeDotStuffed(byte[] message) throws IOException {
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
    }

    private void command(String line, int expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(reply(), expected);
    }

    /** The last line of a (possibly multi-line) reply. */
    private String reply() throws IOException {
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("connection closed by the server");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    private static void expect(String reply, int code) throws IOException {
        if (!reply.startsWith(Integer.toString(code))) {
            throw new IOException("expected " + code + ", server answered: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply();
        } catch (IOException ignored) {
            // the server may close first; the connection goes either way
        } finally {
            socket.close();
        }
    }
}
