package org.govmail.mailets.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.govmail.mailets.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpfCheckTest {
    private TestDnsServer dns;
    private SpfCheck spf;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        spf = new SpfCheck(dns.resolver());
    }

    @AfterEach
    void close() {
        dns.close();
    }

    @Test
    void passesAnAuthorizedClient() {
        dns.txt("x.go.kr", "v=spf1 ip4:192.0.2.10 -all");

        SpfResult result = spf.check("192.0.2.10", "a@x.go.kr", "mail.x.go.kr");

        assertThat(result.result()).isEqualTo("pass");
        assertThat(result.domain()).isEqualTo("x.go.kr");
        assertThat(result.scope()).isEqualTo(SpfResult.Scope.MAIL_FROM);
        assertThat(result.identity()).isEqualTo("a@x.go.kr");
    }

    @Test
    void failsAndSoftfailsOthers() {
        dns.txt("x.go.kr", "v=spf1 ip4:192.0.2.10 -all");
        dns.txt("y.go.kr", "v=spf1 ip4:192.0.2.10 ~all");

        assertThat(spf.check("198.51.100.7", "a@x.go.kr", "mail.x.go.kr").result()).isEqualTo("fail");
        assertThat(spf.check("198.51.100.7", "a@y.go.kr", "mail.y.go.kr").result()).isEqualTo("softfail");
    }

    @Test
    void followsIncludeAndAMechanismsOnTheSameResolver() {
        dns.txt("x.go.kr", "v=spf1 include:_spf.x.go.kr a:relay.x.go.kr -all");
        dns.txt("_spf.x.go.kr", "v=spf1 ip4:192.0.2.0/24 -all");
        dns.a("relay.x.go.kr", "203.0.113.5");

        assertThat(spf.check("192.0.2.99", "a@x.go.kr", "h").result()).isEqualTo("pass");
        assertThat(spf.check("203.0.113.5", "a@x.go.kr", "h").result()).isEqualTo("pass");
    }

    @Test
    void noneWithoutARecord() {
        dns.txt("x.go.kr", "not spf");

        assertThat(spf.check("192.0.2.10", "a@x.go.kr", "mail.x.go.kr").result()).isEqualTo("none");
        assertThat(spf.check("192.0.2.10", "a@unknown.go.kr", "mail.x.go.kr").result()).isEqualTo("none");
    }

    @Test
    void checksTheHeloNameForANullReversePath() {
        dns.txt("mail.x.go.kr", "v=spf1 ip4:192.0.2.10 -all");

        SpfResult result = spf.check("192.0.2.10", "", "mail.x.go.kr");

        assertThat(result.result()).isEqualTo("pass");
        assertThat(result.scope()).isEqualTo(SpfResult.Scope.HELO);
        assertThat(result.domain()).isEqualTo("mail.x.go.kr");
    }

    @Test
    void temperrorWhenTheResolverIsUnavailable() {
        dns.txt("x.go.kr", "v=spf1 ip4:192.0.2.10 -all");
        dns.stop();

        assertThat(spf.check("192.0.2.10", "a@x.go.kr", "mail.x.go.kr").result()).isEqualTo("temperror");
    }

    @Test
    void permerrorForABrokenRecord() {
        dns.txt("x.go.kr", "v=spf1 ip4:not-an-address -all");

        assertThat(spf.check("192.0.2.10", "a@x.go.kr", "mail.x.go.kr").result()).isEqualTo("permerror");
    }
}
