package org.govmail.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code openssl s_client} typed into line by line, as an administrator checks a server by hand: each
 * command is sent only after the previous reply has arrived (a careful client; see {@link #command}).
 * {@code -quiet} keeps openssl's own chatter (certificate chain, verification) on stderr, which goes to a
 * file shown when a reply never comes; {@code -crlf} turns our line ends into the protocol's CRLF;
 * {@code -nocommands} stops openssl from taking a line starting with Q or R (QUIT, RCPT) as its own command.
 */
public final class OpensslSession implements AutoCloseable {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);
    private static final String END = "\u0000end of output";

    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final Path stderr;

    private OpensslSession(Process process, Path stderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        Thread reader = new Thread(this::pump, "openssl-s_client-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects to {@code localhost:port}, checking the server certificate against {@code caPem} and the host
     * name, and failing the handshake on any verification error. {@code extra}: e.g. {@code -starttls smtp},
     * {@code -cert}/{@code -key}.
     */
    public static OpensslSession connect(int port, Path caPem, List<String> extra, Path folder) throws IOException {
        ExternalTool openssl = ExternalTool.require("openssl", "openssl");
        List<String> arguments = new ArrayList<>(List.of("s_client", "-connect", "localhost:" + port,
            "-verify_hostname", "localhost", "-CAfile", caPem.toString(), "-verify_return_error",
            "-quiet", "-crlf", "-nocommands"));
        arguments.addAll(extra);
        Path stderr = Files.createTempFile(folder, "s_client", ".err");
        Process process = new ProcessBuilder(openssl.command(arguments)).redirectError(stderr.toFile()).start();
        return new OpensslSession(process, stderr);
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the process ended; END below tells the waiting test
        } finally {
            lines.add(END);
        }
    }

    /** Sends one protocol line (no reply awaited). */
    public void send(String line) throws IOException {
        transcript.add("C: " + line);
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Reads reply lines until one matches {@code last}; returns all of them, the matching one last. */
    public List<String> readUntil(Predicate<String> last) throws InterruptedException, IOException {
        List<String> reply = new ArrayList<>();
        Instant deadline = Instant.now().plus(REPLY_TIMEOUT);
        while (true) {
            String line = next(deadline);
            if (line == null || END.equals(line)) {
                throw new AssertionError((line == null ? "no reply within " + REPLY_TIMEOUT : "connection closed")
                    + " \n" + transcript() + "\nopenssl stderr:\n" + Files.readString(stderr));
            }
            transcript.add("S: " + line);
            reply.add(line);
            if (last.test(line)) {
                return reply;
            }
        }
    }

    /** The next line of output, {@code END} when openssl is done, null when none came before the deadline. */
    private String next(Instant deadline) throws InterruptedException {
        return lines.poll(Math.max(0, Duration.between(Instant.now(), deadline).toMillis()), TimeUnit.MILLISECONDS);
    }

    /** Reads what the server still sends until it ends the connection; fails if it is still open after the timeout. */
    public List<String> readToEnd() throws InterruptedException, IOException {
        List<String> rest = new ArrayList<>();
        Instant deadline = Instant.now().plus(REPLY_TIMEOUT);
        while (true) {
            String line = next(deadline);
            if (line == null) {
                throw new AssertionError("still connected " + REPLY_TIMEOUT + " later\n" + transcript());
            }
            if (END.equals(line)) {
                return rest;
            }
            transcript.add("S: " + line);
            rest.add(line);
        }
    }

    /** IMAP: sends {@code tag command} and returns the untagged lines and the tagged completion (last). */
    public List<String> command(String tag, String command) throws IOException, InterruptedException {
        send(tag + " " + command);
        return readUntil(line -> line.startsWith(tag + " "));
    }

    /** SMTP: reads one (possibly multi-line) reply; its last line has a space after the code. */
    public List<String> smtpReply() throws IOException, InterruptedException {
        return readUntil(line -> line.matches("\\d{3}( .*)?"));
    }

    /** SMTP: sends a command and returns the reply's last line (code and text). */
    public String smtp(String command) throws IOException, InterruptedException {
        send(command);
        List<String> reply = smtpReply();
        return reply.get(reply.size() - 1);
    }

    public String transcript() {
        return String.join("\n", transcript);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        // -quiet implies -ign_eof: s_client stays until the server hangs up, which it does after LOGOUT/QUIT only.
        if (!process.waitFor(1, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
