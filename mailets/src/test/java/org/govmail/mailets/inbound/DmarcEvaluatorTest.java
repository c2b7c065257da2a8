package org.govmail.mailets.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.govmail.mailets.testing.TestDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmarcEvaluatorTest {
    private static final List<String> FROM_X = List.of("Kim <kim@x.go.kr>");
    private static final SpfResult SPF_FAIL = spf("fail", "attacker.example");
    private static final DkimResult NO_DKIM = DkimResult.none();

    private TestDnsServer dns;
    private DmarcEvaluator dmarc;

    @BeforeEach
    void start() throws Exception {
        dns = TestDnsServer.start();
        dmarc = new DmarcEvaluator(dns.resolver(), OrganizationalDomains.defaults());
    }

    @AfterEach
    void close() {
        dns.close();
    }

    @Test
    void passesThroughAnAlignedSpfPass() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");

        DmarcResult result = dmarc.evaluate(FROM_X, "<1@x.go.kr>", spf("pass", "bounce.x.go.kr"), NO_DKIM);

        assertThat(result).isEqualTo(new DmarcResult("pass", "x.go.kr", "x.go.kr", Optional.of(DmarcPolicy.REJECT),
            DmarcPolicy.NONE, ""));
    }

    @Test
    void passesThroughAnAlignedDkimPass() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");

        DmarcResult result = dmarc.evaluate(FROM_X, "<1@x.go.kr>", SPF_FAIL, new DkimResult(List.of(
            new DkimSignature("attacker.example", "s", "pass", ""), new DkimSignature("x.go.kr", "sel", "pass", ""))));

        assertThat(result.result()).isEqualTo("pass");
    }

    @Test
    void aPassOfAnotherDomainDoesNotCount() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");

        DmarcResult result = dmarc.evaluate(FROM_X, "<1@x.go.kr>", spf("pass", "x.co.kr"), dkim("go.kr", "pass"));

        assertThat(result.result()).isEqualTo("fail");
        assertThat(result.disposition()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void failingMailGetsTheRequestedPolicy() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");
        dns.txt("_dmarc.y.go.kr", "v=DMARC1; p=quarantine; rua=mailto:d@y.go.kr");
        dns.txt("_dmarc.z.go.kr", "v=DMARC1; p=none");

        assertThat(dmarc.evaluate(FROM_X, "<1@x>", SPF_FAIL, dkim("x.go.kr", "fail")).disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(dmarc.evaluate(List.of("b@y.go.kr"), "<1@y>", SPF_FAIL, NO_DKIM).disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        DmarcResult monitored = dmarc.evaluate(List.of("c@z.go.kr"), "<1@z>", SPF_FAIL, NO_DKIM);
        assertThat(monitored.result()).isEqualTo("fail");
        assertThat(monitored.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    @Test
    void pctZeroSamplesNothingOutAndAppliesTheNextMilderPolicy() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=quarantine; pct=0");
        dns.txt("_dmarc.y.go.kr", "v=DMARC1; p=reject; pct=0");

        DmarcResult quarantine = dmarc.evaluate(FROM_X, "<1@x>", SPF_FAIL, NO_DKIM);
        DmarcResult reject = dmarc.evaluate(List.of("b@y.go.kr"), "<1@y>", SPF_FAIL, NO_DKIM);

        assertThat(quarantine.result()).isEqualTo("fail");
        assertThat(quarantine.policy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(quarantine.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(reject.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
    }

    @Test
    void pctSamplingIsDeterministicPerMessageId() {
        long sampled = IntStream.range(0, 1000).filter(i -> DmarcEvaluator.sampled("<" + i + "@x.go.kr>", 30)).count();

        assertThat(sampled).isBetween(240L, 360L);
        assertThat(DmarcEvaluator.sampled("<42@x.go.kr>", 30)).isEqualTo(DmarcEvaluator.sampled("<42@x.go.kr>", 30));
        assertThat(DmarcEvaluator.sampled("<42@x.go.kr>", 100)).isTrue();
        assertThat(DmarcEvaluator.sampled("<42@x.go.kr>", 0)).isFalse();
    }

    @Test
    void noneWithoutAPolicyRecord() {
        dns.txt("x.go.kr", "v=spf1 -all");

        DmarcResult result = dmarc.evaluate(FROM_X, "<1@x>", spf("pass", "x.go.kr"), NO_DKIM);

        assertThat(result).isEqualTo(new DmarcResult("none", "x.go.kr", "", Optional.empty(), DmarcPolicy.NONE, "no DMARC policy"));
    }

    @Test
    void ignoresRecordsThatAreNotDmarcOrAreDuplicated() {
        dns.txt("_dmarc.x.go.kr", "v=spf1 -all", "p=reject");
        dns.txt("_dmarc.y.go.kr", "v=DMARC1; p=reject", "v=DMARC1; p=none");
        dns.txt("_dmarc.z.go.kr", "v=DMARC1; p=bogus");

        assertThat(dmarc.evaluate(FROM_X, "<1@x>", SPF_FAIL, NO_DKIM).result()).isEqualTo("none");
        assertThat(dmarc.evaluate(List.of("b@y.go.kr"), "<1@y>", SPF_FAIL, NO_DKIM).result()).isEqualTo("none");
        assertThat(dmarc.evaluate(List.of("c@z.go.kr"), "<1@z>", SPF_FAIL, NO_DKIM).result()).isEqualTo("none");
    }

    @Test
    void aSubdomainFallsBackToTheOrganizationalDomainAndItsSubdomainPolicy() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject; sp=quarantine");
        dns.txt("_dmarc.y.go.kr", "v=DMARC1; p=reject");
        List<String> fromSubdomain = List.of("\"Lee\" <lee@dept.x.go.kr>");

        DmarcResult withSp = dmarc.evaluate(fromSubdomain, "<1@x>", SPF_FAIL, NO_DKIM);
        DmarcResult withoutSp = dmarc.evaluate(List.of("lee@dept.y.go.kr"), "<1@y>", SPF_FAIL, NO_DKIM);
        DmarcResult atOrganizationalDomain = dmarc.evaluate(FROM_X, "<1@x>", SPF_FAIL, NO_DKIM);

        assertThat(withSp.fromDomain()).isEqualTo("dept.x.go.kr");
        assertThat(withSp.policyDomain()).isEqualTo("x.go.kr");
        assertThat(withSp.policy()).contains(DmarcPolicy.QUARANTINE);
        assertThat(withSp.disposition()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(withoutSp.disposition()).isEqualTo(DmarcPolicy.REJECT);
        assertThat(atOrganizationalDomain.disposition()).isEqualTo(DmarcPolicy.REJECT);
    }

    @Test
    void relaxedAlignmentAcceptsTheSameOrganizationalDomainStrictOnlyTheExactName() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");
        dns.txt("_dmarc.y.go.kr", "v=DMARC1; p=reject; adkim=s; aspf=s");
        List<String> fromY = List.of("b@y.go.kr");

        assertThat(dmarc.evaluate(FROM_X, "<1>", SPF_FAIL, dkim("mail.x.go.kr", "pass")).result()).isEqualTo("pass");
        assertThat(dmarc.evaluate(FROM_X, "<1>", spf("pass", "mail.x.go.kr"), NO_DKIM).result()).isEqualTo("pass");
        assertThat(dmarc.evaluate(fromY, "<1>", SPF_FAIL, dkim("mail.y.go.kr", "pass")).result()).isEqualTo("fail");
        assertThat(dmarc.evaluate(fromY, "<1>", spf("pass", "mail.y.go.kr"), NO_DKIM).result()).isEqualTo("fail");
        assertThat(dmarc.evaluate(fromY, "<1>", SPF_FAIL, dkim("Y.go.kr", "pass")).result()).isEqualTo("pass");
        assertThat(dmarc.evaluate(fromY, "<1>", spf("pass", "y.go.kr"), NO_DKIM).result()).isEqualTo("pass");
    }

    @Test
    void permerrorUnlessThereIsExactlyOneFromAddress() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");

        List<List<String>> bad = List.of(List.of(), List.of("a@x.go.kr", "b@x.go.kr"), List.of("a@x.go.kr, b@x.go.kr"),
            List.of("undisclosed:;"), List.of("no address here"));
        for (List<String> from : bad) {
            DmarcResult result = dmarc.evaluate(from, "<1>", spf("pass", "x.go.kr"), NO_DKIM);
            assertThat(result.result()).as(from.toString()).isEqualTo("permerror");
            assertThat(result.disposition()).isEqualTo(DmarcPolicy.NONE);
        }
    }

    @Test
    void temperrorWhenThePolicyCannotBeLookedUpOrAnAlignedCheckHadOne() {
        dns.txt("_dmarc.x.go.kr", "v=DMARC1; p=reject");

        DmarcResult alignedSpfTemperror = dmarc.evaluate(FROM_X, "<1>", spf("temperror", "x.go.kr"), NO_DKIM);
        DmarcResult unalignedTemperror = dmarc.evaluate(FROM_X, "<1>", spf("temperror", "attacker.example"), NO_DKIM);
        dns.stop();
        DmarcResult dnsDown = dmarc.evaluate(FROM_X, "<1>", spf("pass", "x.go.kr"), NO_DKIM);

        assertThat(alignedSpfTemperror.result()).isEqualTo("temperror");
        assertThat(alignedSpfTemperror.disposition()).isEqualTo(DmarcPolicy.NONE);
        assertThat(unalignedTemperror.result()).isEqualTo("fail");
        assertThat(dnsDown.result()).isEqualTo("temperror");
        assertThat(dnsDown.disposition()).isEqualTo(DmarcPolicy.NONE);
    }

    static SpfResult spf(String result, String domain) {
        return new SpfResult(result, SpfResult.Scope.MAIL_FROM, "bounce@" + domain, domain, "");
    }

    static DkimResult dkim(String domain, String result) {
        return new DkimResult(List.of(new DkimSignature(domain, "sel", result, "")));
    }
}
