package org.govmail.mailets.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;

import org.govmail.mailets.testing.DkimTestKey;
import org.govmail.mailets.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DkimCheckTest {
    static final String MESSAGE = "From: A <a@x.go.kr>\r\n"
        + "To: b@y.go.kr\r\n"
        + "Subject: test\r\n"
        + "Date: Mon, 1 Jan 2024 09:00:00 +0900\r\n"
        + "Message-ID: <1@x.go.kr>\r\n"
        + "\r\n"
        + "Hello.\r\n";

    private static DkimTestKey xKey;
    private static DkimTestKey otherKey;

    private TestDnsServer dns;
    private DkimCheck dkim;

    @BeforeAll
    static void keys() {
        xKey = new DkimTestKey("x.go.kr", "sel");
        otherKey = new DkimTestKey("relay.example", "s2024");
    }

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        dkim = new DkimCheck(dns.resolver());
    }

    @AfterEach
    void close() {
        dns.close();
    }

    @Test
    void passesAGoodSignatureWithAKeyLongerThanOneTxtString() {
        xKey.publishOn(dns);

        DkimResult result = dkim.check(bytes(xKey.sign(MESSAGE)));

        assertThat(xKey.record()).hasSizeGreaterThan(255);
        assertThat(result.result()).isEqualTo("pass");
        assertThat(result.signatures()).containsExactly(new DkimSignature("x.go.kr", "sel", "pass", ""));
        assertThat(result.passedDomains()).containsExactly("x.go.kr");
    }

    @Test
    void failsWhenTheBodyChangedAfterSigning() {
        xKey.publishOn(dns);

        DkimResult result = dkim.check(bytes(xKey.sign(MESSAGE).replace("Hello.", "Hello!")));

        assertThat(result.result()).isEqualTo("fail");
        assertThat(result.signatures()).singleElement().satisfies(signature -> {
            assertThat(signature.result()).isEqualTo("fail");
            assertThat(signature.reason()).contains("bodyhash");
        });
        assertThat(result.passedDomains()).isEmpty();
    }

    @Test
    void failsWithoutAPublishedKey() {
        DkimResult result = dkim.check(bytes(xKey.sign(MESSAGE)));

        assertThat(result.result()).isEqualTo("fail");
        assertThat(result.signatures().get(0).reason()).contains("no key");
    }

    @Test
    void noneWithoutSignatures() {
        assertThat(dkim.check(bytes(MESSAGE)).result()).isEqualTo("none");
    }

    @Test
    void temperrorWhenTheKeyCannotBeFetched() {
        xKey.publishOn(dns);
        dns.stop();

        DkimResult result = dkim.check(bytes(xKey.sign(MESSAGE)));

        assertThat(result.result()).isEqualTo("temperror");
    }

    @Test
    void reportsEverySignatureWhenOnePassesAndAnotherFails() {
        xKey.publishOn(dns);
        String signedByX = xKey.sign(MESSAGE);
        // The relay signs too, but its key is not published: its signature fails, x's still passes.
        String signedByBoth = otherKey.sign(signedByX);

        DkimResult result = dkim.check(bytes(signedByBoth));

        assertThat(result.result()).isEqualTo("pass");
        assertThat(result.signatures()).extracting(DkimSignature::domain, DkimSignature::result)
            .containsExactly(tuple("relay.example", "fail"),
                tuple("x.go.kr", "pass"));
        assertThat(result.passedDomains()).containsExactly("x.go.kr");
    }

    @Test
    void acceptsBareLineFeeds() {
        xKey.publishOn(dns);

        DkimResult result = dkim.check(bytes(xKey.sign(MESSAGE).replace("\r\n", "\n")));

        assertThat(result.result()).isEqualTo("pass");
    }

    static byte[] bytes(String message) {
        return message.getBytes(StandardCharsets.UTF_8);
    }
}
