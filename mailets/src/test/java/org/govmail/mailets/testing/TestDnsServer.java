package org.govmail.mailets.testing;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A real, tiny authoritative DNS server for tests of SPF, DKIM and DMARC: it listens on 127.0.0.1, UDP and
 * TCP on the same free port (dnsjava retries over TCP when a UDP answer is truncated), and answers TXT and
 * A queries from maps the test may change while it runs. Unknown names get NXDOMAIN; a known name asked
 * for a type it lacks gets an empty NOERROR answer. Every record has TTL 0 and NXDOMAIN carries no SOA,
 * so dnsjava's process-wide lookup cache never keeps an answer from one test for the next.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.start()) {
 *     dns.txt("x.go.kr", "v=spf1 ip4:127.0.0.1 -all");
 *     Resolver resolver = dns.resolver();
 *     ...
 * }
 * }</pre>
 *
 * Names are compared case-insensitively, without the trailing dot.
 */
public final class TestDnsServer implements AutoCloseable {
    private static final int MAX_CHARACTER_STRING = 255;
    private static final int PLAIN_UDP_SIZE = 512;

    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final ExecutorService threads;
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Map<String, List<String>> a = new ConcurrentHashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;

    private TestDnsServer(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        this.threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "test-dns-" + udp.getLocalPort());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::serveUdp);
        threads.execute(this::serveTcp);
    }

    /** Binds a free port (the same number for UDP and TCP) on 127.0.0.1 and starts answering. */
    public static TestDnsServer start() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                ServerSocket tcp = new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(loopback, udp.getLocalPort()));
                return new TestDnsServer(udp, tcp);
            } catch (BindException portTakenForTcp) {
                udp.close();
            }
        }
        throw new BindException("no port free for both UDP and TCP on " + loopback);
    }

    public int port() {
        return udp.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as {@code govmail-routing.xml} names a resolver. */
    public String address() {
        return udp.getLocalAddress().getHostAddress() + ":" + port();
    }

    /** A resolver that asks only this server, with a short timeout so a failure shows quickly. */
    public SimpleResolver resolver() {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(udp.getLocalAddress(), port()));
        resolver.setTimeout(Duration.ofSeconds(2));
        return resolver;
    }

    /**
     * Sets the TXT records of a name, replacing earlier ones: one record per value. A value longer than
     * 255 bytes (a DKIM key) is served as one record of several strings, which readers concatenate.
     */
    public TestDnsServer txt(String name, String... values) {
        txt.put(key(name), List.of(values));
        return this;
    }

    /** Sets the IPv4 addresses of a name, replacing earlier ones. */
    public TestDnsServer a(String name, String... addresses) {
        a.put(key(name), List.of(addresses));
        return this;
    }

    /** Forgets every record of a name: it answers NXDOMAIN again. */
    public TestDnsServer remove(String name) {
        txt.remove(key(name));
        a.remove(key(name));
        return this;
    }

    /**
     * Makes the server behave like an unavailable resolver: it keeps its port but answers every query
     * REFUSED, which dnsjava reports as a temporary failure ({@code Lookup.TRY_AGAIN}) at once rather than
     * after a timeout. {@link #resume()} undoes it.
     */
    public void stop() {
        refusing = true;
    }

    public void resume() {
        refusing = false;
    }

    @Override
    public void close() {
        udp.close();
        closeQuietly(tcp);
        // A connection thread blocks in a socket read, which only closing the socket ends.
        connections.forEach(TestDnsServer::closeQuietly);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serveUdp() {
        byte[] buffer = new byte[65535];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
                byte[] answer = answer(query).toWire(maxUdpSize(query));
                udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException unparsable) {
                // A datagram that is not a DNS query gets no answer, as from a real server.
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket connection = tcp.accept();
                connections.add(connection);
                threads.execute(() -> serveTcpConnection(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serveTcpConnection(Socket connection) {
        try (connection;
             DataInputStream in = new DataInputStream(connection.getInputStream());
             DataOutputStream out = new DataOutputStream(connection.getOutputStream())) {
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(new Message(query)).toWire();
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException endOfConnection) {
            // The client closed the connection or sent garbage; either way this connection is done.
        } finally {
            connections.remove(connection);
        }
    }

    private static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing during shutdown has nothing left to report.
        }
    }

    private static int maxUdpSize(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? PLAIN_UDP_SIZE : Math.max(PLAIN_UDP_SIZE, opt.getPayloadSize());
    }

    private Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
            response.getHeader().setFlag(Flags.RA);
        }
        Record question = query.getQuestion();
        if (question != null) {
            response.addRecord(question, Section.QUESTION);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        if (refusing || question == null) {
            response.getHeader().setRcode(refusing ? Rcode.REFUSED : Rcode.FORMERR);
            return response;
        }
        Name name = question.getName();
        String key = key(name.toString());
        if (!txt.containsKey(key) && !a.containsKey(key)) {
            response.getHeader().setRcode(Rcode.NXDOMAIN);
            return response;
        }
        if (question.getType() == Type.TXT || question.getType() == Type.ANY) {
            txt.getOrDefault(key, List.of()).forEach(value ->
                response.addRecord(new TXTRecord(name, DClass.IN, 0, characterStrings(value)), Section.ANSWER));
        }
        if (question.getType() == Type.A || question.getType() == Type.ANY) {
            for (String address : a.getOrDefault(key, List.of())) {
                try {
                    response.addRecord(new ARecord(name, DClass.IN, 0, InetAddress.getByName(address)), Section.ANSWER);
                } catch (IOException e) {
                    throw new IllegalArgumentException("not an IPv4 address: " + address, e);
                }
            }
        }
        return response;
    }

    /**
     * Splits a value into character-strings of at most 255 bytes, written in dnsjava's presentation form
     * ({@code \DDD} for anything but printable ASCII, and for the backslash) so no byte is reinterpreted.
     */
    private static List<String> characterStrings(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < bytes.length || strings.isEmpty(); start += MAX_CHARACTER_STRING) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            for (int i = start; i < Math.min(bytes.length, start + MAX_CHARACTER_STRING); i++) {
                int b = bytes[i] & 0xff;
                if (b >= 0x20 && b < 0x7f && b != '\\') {
                    chunk.write(b);
                } else {
                    chunk.writeBytes(String.format(Locale.ROOT, "\\%03d", b).getBytes(StandardCharsets.US_ASCII));
                }
            }
            strings.add(chunk.toString(StandardCharsets.US_ASCII));
        }
        return strings;
    }

    private static String key(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
