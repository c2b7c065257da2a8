package org.govmail.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.govmail.auth.devpki.PkiBuilder;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.devpki.PkiBuilder.UserSpec;
import org.govmail.auth.revocation.CrlRevocationSource.RevocationSettings;
import org.govmail.auth.revocation.RevocationCheck.State;
import org.govmail.auth.testing.InTestLdapDirectory;
import org.govmail.auth.testing.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/** CRLs from {@code ldap://} and {@code http://} distribution points, served by real servers on 127.0.0.1. */
class CrlRevocationSourceTest {
    private static final String CA_SUBJECT = "CN=CA131000001, OU=GPKI, O=Government of Korea, C=KR";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant START = Instant.now();
    static Authority root;
    static Authority ca;
    static InTestLdapDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        root = PkiBuilder.root("CN=Root CA, OU=GPKI, O=Government of Korea, C=KR", START.minusSeconds(3600), START.plusSeconds(86400));
        ca = PkiBuilder.intermediate(root, CA_SUBJECT, START.minusSeconds(3600), START.plusSeconds(86400));
        ldap = InTestLdapDirectory.start();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }


    private static CrlRevocationSource source(Clock clock, boolean requireRevocationInfo) {
        RevocationSettings settings = new RevocationSettings(List.of(), true, requireRevocationInfo, TIMEOUT,
            Duration.ofSeconds(30), Duration.ofDays(1));
        return new CrlRevocationSource(settings, List.of(new HttpCrlFetcher(TIMEOUT), new LdapCrlFetcher(TIMEOUT)), clock);
    }

    private static Issued user(URI distributionPoint) {
        return PkiBuilder.issue(ca, UserSpec.user("CN=043김선우01, OU=people, OU=통계청, O=Government of Korea, C=KR",
            "1.2.410.100001.2.2.1").distributionPoint(distributionPoint));
    }

    private static X509CRL crl(Map<BigInteger, Instant> revoked, Duration validFor) {
        return PkiBuilder.crl(ca, revoked, START.minusSeconds(60), START.plus(validFor));
    }

    @Test
    void ldapDistributionPointServesTheCrlAndItIsRefreshedAtItsNextUpdate() throws Exception {
        URI point = ldap.publish(crl(Map.of(), Duration.ofMinutes(10)));
        Issued good = user(point);
        Issued revoked = user(point);
        MovableClock clock = new MovableClock(START);
        CrlRevocationSource source = source(clock, true);

        RevocationCheck first = source.check(good.certificate(), ca.certificate());
        assertThat(first.state()).as(first.detail()).isEqualTo(State.GOOD);
        assertThat(source.check(revoked.certificate(), ca.certificate()).state()).isEqualTo(State.GOOD);

        X509CRL newer = PkiBuilder.crl(ca, Map.of(revoked.certificate().getSerialNumber(), START),
            START.plusSeconds(1), START.plus(Duration.ofHours(1)));
        ldap.publish(newer);
        assertThat(source.check(revoked.certificate(), ca.certificate()).state())
            .as("kept until its nextUpdate").isEqualTo(State.GOOD);

        clock.advance(Duration.ofMinutes(11));
        RevocationCheck check = source.check(revoked.certificate(), ca.certificate());
        assertThat(check.state()).isEqualTo(State.REVOKED);
        assertThat(check.detail()).contains("ldap://");
        assertThat(source.check(good.certificate(), ca.certificate()).state()).isEqualTo(State.GOOD);
    }

    @Test
    void unreachableDirectoryIsUnavailableNotGood() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Issued issued = user(URI.create("ldap://127.0.0.1:" + closed + "/CN=CA131000001,OU=GPKI,O=Government%20of%20Korea,C=KR"
            + "?certificateRevocationList;binary"));
        RevocationCheck check = source(new MovableClock(START), true).check(issued.certificate(), ca.certificate());
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).contains("ldap://127.0.0.1:" + closed);

        assertThat(source(new MovableClock(START), false).check(issued.certificate(), ca.certificate()).state())
            .as("only when configuration does not require revocation information").isEqualTo(State.GOOD);
    }

    @Test
    void entryWithoutACrlIsUnavailable() throws Exception {
        Issued issued = user(ldap.distributionPoint("c=KR"));
        assertThat(source(new MovableClock(START), true).check(issued.certificate(), ca.certificate()).state()).isEqualTo(State.UNAVAILABLE);
    }

    @Test
    void crlSignedByAnotherKeyIsNotBelieved() throws Exception {
        Authority impostor = PkiBuilder.intermediate(root, CA_SUBJECT, START.minusSeconds(3600), START.plusSeconds(86400));
        X509CRL forged = PkiBuilder.crl(impostor, Map.of(), START.minusSeconds(60), START.plus(Duration.ofHours(1)));
        HttpServer http = serving(new AtomicReference<>(forged.getEncoded()), new AtomicInteger());
        try {
            Issued issued = user(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/ca.crl"));
            RevocationCheck check = source(new MovableClock(START), true).check(issued.certificate(), ca.certificate());
            assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
            assertThat(check.detail()).contains("signature");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void httpCrlIsFetchedOnceAndNeverUsedPastItsNextUpdate() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpServer http = serving(body, requests);
        try {
            URI point = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/ca.crl");
            Issued good = user(point);
            Issued revoked = user(point);
            body.set(crl(Map.of(revoked.certificate().getSerialNumber(), START.minusSeconds(30)), Duration.ofMinutes(10)).getEncoded());
            MovableClock clock = new MovableClock(START);
            CrlRevocationSource source = source(clock, true);
            RevocationCheck check = source.check(revoked.certificate(), ca.certificate());
            assertThat(check.state()).isEqualTo(State.REVOKED);
            assertThat(check.revokedAt()).isPresent();
            assertThat(source.check(good.certificate(), ca.certificate()).state()).isEqualTo(State.GOOD);
            assertThat(requests.get()).isEqualTo(1);

            // The authority did not publish a newer CRL: the stale one is not used.
            clock.advance(Duration.ofMinutes(11));
            assertThat(source.check(good.certificate(), ca.certificate()).state()).isEqualTo(State.UNAVAILABLE);
            assertThat(requests.get()).isEqualTo(2);
        } finally {
            http.stop(0);
        }
    }

    private static HttpServer serving(AtomicReference<byte[]> crl, AtomicInteger requests) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = crl.get();
            exchange.getResponseHeaders().add("Content-Type", "application/pkix-crl");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        return http;
    }
}
