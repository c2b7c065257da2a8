package org.govmail.mailets.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.govmail.mailets.testing.FakeClamd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ClamdClientTest {
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stopWatchdog() {
        WATCHDOG.shutdownNow();
    }

    @Test
    void cleanContentArrivesWhole() throws Exception {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        try (FakeClamd clamd = FakeClamd.start()) {
            assertThat(client(clamd, Duration.ofSeconds(5)).scan(new ByteArrayInputStream(content)))
                .isEqualTo(new ScanResult.Clean());
            assertThat(clamd.scanned()).singleElement().isEqualTo(content);
        }
    }

    @Test
    void infectedNamesTheSignature() throws Exception {
        try (FakeClamd clamd = FakeClamd.start()) {
            assertThat(client(clamd, Duration.ofSeconds(5)).scan(stream("xx " + FakeClamd.VIRUS_MARKER + " xx")))
                .isEqualTo(new ScanResult.Infected("Eicar-Test-Signature"));
        }
    }

    @Test
    void anErrorReplyIsUnavailable() throws Exception {
        try (FakeClamd clamd = FakeClamd.answering(bytes -> "Can't allocate memory ERROR")) {
            assertThat(client(clamd, Duration.ofSeconds(5)).scan(stream("hello")))
                .isEqualTo(new ScanResult.Unavailable("Can't allocate memory"));
        }
    }

    @Test
    void theSizeLimitIsUnavailable() throws Exception {
        try (FakeClamd clamd = FakeClamd.withSizeLimit(100_000)) {
            assertThat(client(clamd, Duration.ofSeconds(5)).scan(new ByteArrayInputStream(new byte[300_000])))
                .isEqualTo(new ScanResult.Unavailable("INSTREAM size limit exceeded."));
        }
    }

    @Test
    void aHungClamdTimesOut() throws Exception {
        try (FakeClamd clamd = FakeClamd.silent()) {
            long start = System.nanoTime();
            ScanResult result = client(clamd, Duration.ofMillis(300)).scan(stream("hello"));

            assertThat(result).isInstanceOf(ScanResult.Unavailable.class);
            assertThat(((ScanResult.Unavailable) result).reason()).startsWith("timeout after PT0.3S");
            assertThat(System.nanoTime() - start).isLessThan(3_000_000_000L);
        }
    }

    @Test
    void noClamdIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ScanResult result = new ClamdClient("127.0.0.1", port, Duration.ofSeconds(2), WATCHDOG).scan(stream("hello"));

        assertThat(result).isEqualTo(new ScanResult.Unavailable("connection refused by 127.0.0.1:" + port));
    }

    @Test
    void ping() throws Exception {
        try (FakeClamd clamd = FakeClamd.start()) {
            assertThat(client(clamd, Duration.ofSeconds(5)).ping()).isTrue();
        }
        try (ServerSocket free = new ServerSocket(0)) {
            assertThat(new ClamdClient("127.0.0.1", free.getLocalPort(), Duration.ofSeconds(1), WATCHDOG).ping()).isFalse();
        }
    }

    @Test
    void repliesAreRead() {
        assertThat(ClamdClient.parse("stream: OK")).isEqualTo(new ScanResult.Clean());
        assertThat(ClamdClient.parse("stream: Win.Trojan.Agent-1 FOUND")).isEqualTo(new ScanResult.Infected("Win.Trojan.Agent-1"));
        assertThat(ClamdClient.parse("what?")).isEqualTo(new ScanResult.Unavailable("unexpected clamd reply: what?"));
    }

    private static ClamdClient client(FakeClamd clamd, Duration timeout) {
        return new ClamdClient(clamd.host(), clamd.port(), timeout, WATCHDOG);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }
}
