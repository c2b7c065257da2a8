package org.govmail.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.govmail.bench.load.Percentiles;

/** What the login benchmarks share: one timed IMAPS login on a fresh connection, and the table rows. */
final class ImapsTiming {
    private ImapsTiming() {
    }

    /** Nanoseconds from connect (a full TLS handshake) to the tagged OK of LOGOUT; {@code command} is tagged "a". */
    static long login(SSLSocketFactory tls, int port, String command) throws IOException {
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) tls.createSocket("localhost", port);
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            expect(in.readLine(), "* OK");
            out.write(command + "\r\n");
            out.flush();
            expect(untilTagged(in, "a "), "a OK");
            out.write("b LOGOUT\r\n");
            out.flush();
            // James 3.8.1 sets the session to LOGOUT before it writes BYE and closes the channel on that state
            // from another thread, so under load the BYE, or the tagged OK after it, can be lost: the login
            // itself was already confirmed, and a closed connection is the LOGOUT's effect.
            String bye = in.readLine();
            if (bye != null) {
                expect(bye, "* BYE");
                String ok = untilTagged(in, "b ");
                if (ok != null) {
                    expect(ok, "b OK");
                }
            }
        }
        return System.nanoTime() - start;
    }

    private static String untilTagged(BufferedReader in, String tag) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.startsWith(tag)) {
            // untagged data
        }
        return line;
    }

    private static void expect(String line, String prefix) throws IOException {
        if (line == null || !line.startsWith(prefix)) {
            throw new IOException("expected " + prefix + ", got " + line);
        }
    }

    static void header(int width) {
        System.out.printf(Locale.ROOT, "| %-" + width + "s | %10s | %10s | %10s |%n", "", "median ms", "p90 ms", "mean ms");
        System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(width + 2), "-".repeat(12), "-".repeat(12), "-".repeat(12));
    }

    static void row(int width, String name, List<Long> samples) {
        System.out.printf(Locale.ROOT, "| %-" + width + "s | %10.2f | %10.2f | %10.2f |%n", name, Percentiles.millis(samples, 50),
            Percentiles.millis(samples, 90), samples.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
    }
}
