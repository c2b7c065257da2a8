package org.govmail.mailets.content;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of ClamAV's daemon: {@code zINSTREAM} (the data in chunks, each prefixed with its 4-byte
 * big-endian length, ended by a zero-length chunk; the answer is {@code stream: OK},
 * {@code stream: <signature> FOUND} or an {@code ERROR}) and {@code zPING}. One connection per scan, as
 * clamd's stream commands expect. Never throws for scanner trouble: that is {@link ScanResult.Unavailable}.
 */
public final class ClamdClient {
    private static final int CHUNK = 64 * 1024;

    private final String host;
    private final int port;
    private final Duration timeout;

    public ClamdClient(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    public ScanResult scan(InputStream data) {
        try (Socket socket = connect()) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[CHUNK];
            int read;
            while ((read = data.read(buffer)) > 0) {
                out.writeInt(read);
                out.write(buffer, 0, read);
            }
            out.writeInt(0);
            out.flush();
            return verdict(reply(socket.getInputStream()));
        } catch (SocketTimeoutException e) {
            return new ScanResult.Unavailable("timeout after " + timeout);
        } catch (IOException e) {
            return new ScanResult.Unavailable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public boolean ping() {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            return reply(socket.getInputStream()).equals("PONG");
        } catch (IOException e) {
            return false;
        }
    }

    static ScanResult verdict(String reply) {
        String answer = reply.startsWith("stream: ") ? reply.substring("stream: ".length()) : reply;
        if (answer.equals("OK")) {
            return new ScanResult.Clean();
        }
        if (answer.endsWith(" FOUND")) {
            return new ScanResult.Infected(answer.substring(0, answer.length() - " FOUND".length()).trim());
        }
        return new ScanResult.Unavailable("clamd answered: " + reply);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        socket.connect(new InetSocketAddress(host, port), millis);
        socket.setSoTimeout(millis);
        return socket;
    }

    /** clamd's z-commands answer one NUL-terminated line. */
    private static String reply(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) > 0) {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }
}
