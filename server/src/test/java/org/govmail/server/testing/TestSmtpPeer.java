package org.govmail.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

/**
 * A real SMTP server on loopback standing in for the outside world or another ministry's server:
 * EHLO, optional STARTTLS (with {@link PeerTls}), MAIL, RCPT, DATA, RSET, NOOP, QUIT. It records every
 * message it accepted, with whether it came over TLS, and counts the sessions that ended without one
 * (a sender refusing to go on without TLS, say).
 */
public final class TestSmtpPeer implements AutoCloseable {
    /** A message as the peer received it. */
    public record Received(String mailFrom, List<String> recipients, byte[] data, boolean tls, String tlsProtocol) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket listener;
    private final Optional<PeerTls> tls;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final Thread acceptor;
    private final java.util.Set<Socket> openSockets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TestSmtpPeer(ServerSocket listener, Optional<PeerTls> tls) {
        this.listener = listener;
        this.tls = tls;
        this.acceptor = new Thread(this::acceptLoop, "test-smtp-peer-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A peer on a free port; {@code tls} empty: it does not offer STARTTLS. */
    public static TestSmtpPeer start(Optional<PeerTls> tls) throws IOException {
        return start(0, tls);
    }

    /** A peer on {@code port} (0: any free one), e.g. to replace a stopped peer on the same address. */
    public static TestSmtpPeer start(int port, Optional<PeerTls> tls) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            try {
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return new TestSmtpPeer(listener, tls);
            } catch (java.net.BindException e) {
                listener.close();
                // the port of a peer just stopped can stay held for a moment by its last connections
                if (port == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public int sessions() {
        return sessions.get();
    }

    public List<Received> received() {
        return List.copyOf(all);
    }

    /** The next message received, waiting up to {@code timeout}. */
    public Optional<Received> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Stops listening and ends the open sessions, so the port is free again. */
    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket open : openSockets) {
            open.close();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread session = new Thread(() -> serve(socket), "test-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        sessions.incrementAndGet();
        openSockets.add(socket);
        try (Socket closing = socket) {
            socket.setSoTimeout(30_000);
            Session session = new Session(socket);
            session.run();
        } catch (IOException e) {
            // the sender hung up: nothing more to record
        } finally {
            openSockets.remove(socket);
        }
    }

    private final class Session {
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean secure;
        private String protocol = "";
        private String mailFrom;
        private final List<String> recipients = new ArrayList<>();

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new PushbackInputStream(socket.getInputStream(), 1);
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            reply("220 peer.test ESMTP test peer");
            String line;
            while ((line = readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> {
                        StringBuilder answer = new StringBuilder("250-peer.test\r\n");
                        if (tls.isPresent() && !secure) {
                            answer.append("250-STARTTLS\r\n");
                        }
                        answer.append("250-8BITMIME\r\n250 SIZE 52428800");
                        reply(answer.toString());
                    }
                    case "HELO" -> reply("250 peer.test");
                    case "STAR" -> startTls();
                    case "MAIL" -> {
                        mailFrom = between(line);
                        recipients.clear();
                        reply("250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        recipients.add(between(line));
                        reply("250 2.1.5 ok");
                    }
                    case "DATA" -> data();
                    case "RSET" -> {
                        mailFrom = null;
                        recipients.clear();
                        reply("250 2.0.0 ok");
                    }
                    case "NOOP" -> reply("250 2.0.0 ok");
                    case "QUIT" -> {
                        reply("221 2.0.0 bye");
                        return;
                    }
                    default -> reply("502 5.5.2 not implemented");
                }
            }
        }

        private void startTls() throws IOException {
            if (tls.isEmpty() || secure) {
                reply("454 4.7.0 TLS not available");
                return;
            }
            reply("220 2.0.0 go ahead");
            SSLSocket ssl = (SSLSocket) tls.get().serverContext().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            ssl.setUseClientMode(false);
            ssl.startHandshake();
            socket = ssl;
            in = new PushbackInputStream(ssl.getInputStream(), 1);
            out = ssl.getOutputStream();
            secure = true;
            protocol = ssl.getSession().getProtocol();
        }

        private void data() throws IOException {
            if (mailFrom == null || recipients.isEmpty()) {
                reply("503 5.5.1 need MAIL and RCPT");
                return;
            }
            reply("354 go ahead");
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            String line;
            while ((line = readLine()) != null && !line.equals(".")) {
                message.writeBytes((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
                message.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            Received mail = new Received(mailFrom, List.copyOf(recipients), message.toByteArray(), secure, protocol);
            all.add(mail);
            received.add(mail);
            mailFrom = null;
            recipients.clear();
            reply("250 2.0.0 queued");
        }

        /** A line as bytes (ISO-8859-1 keeps 8-bit content byte for byte), without its CRLF. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
                }
                line.write(c);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
        }

        private void reply(String text) throws IOException {
            try {
                out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (SocketException e) {
                throw new IOException(e);
            }
        }

        private String between(String line) {
            int open = line.indexOf('<');
            int close = line.indexOf('>', open + 1);
            return open >= 0 && close > open ? line.substring(open + 1, close) : "";
        }
    }

}
