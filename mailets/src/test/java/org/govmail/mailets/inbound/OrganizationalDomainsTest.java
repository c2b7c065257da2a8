package org.govmail.mailets.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class OrganizationalDomainsTest {
    private final OrganizationalDomains domains = OrganizationalDomains.defaults();

    @Test
    void oneLabelBelowTheLongestKnownSuffix() {
        assertThat(domains.organizationalDomain("mail.mois.go.kr")).isEqualTo("mois.go.kr");
        assertThat(domains.organizationalDomain("MOIS.GO.KR.")).isEqualTo("mois.go.kr");
        assertThat(domains.organizationalDomain("a.b.seoul.kr")).isEqualTo("b.seoul.kr");
        assertThat(domains.organizationalDomain("www.naver.com")).isEqualTo("naver.com");
        assertThat(domains.organizationalDomain("x.example.kr")).isEqualTo("example.kr");
    }

    @Test
    void theLastLabelIsTheSuffixOfUnknownNamesAndASuffixIsItsOwn() {
        assertThat(domains.organizationalDomain("a.b.example")).isEqualTo("b.example");
        assertThat(domains.organizationalDomain("go.kr")).isEqualTo("go.kr");
        assertThat(domains.organizationalDomain("localhost")).isEqualTo("localhost");
    }

    @Test
    void extraSuffixesAddToTheDefaults() {
        OrganizationalDomains extended = OrganizationalDomains.withExtra(List.of("gov.example"));

        assertThat(extended.organizationalDomain("a.b.gov.example")).isEqualTo("b.gov.example");
        assertThat(extended.organizationalDomain("a.mois.go.kr")).isEqualTo("mois.go.kr");
    }

    @Test
    void relaxedAlignment() {
        assertThat(domains.relaxedAligned("mail.mois.go.kr", "mois.go.kr")).isTrue();
        assertThat(domains.relaxedAligned("moe.go.kr", "mois.go.kr")).isFalse();
        assertThat(domains.relaxedAligned("", "mois.go.kr")).isFalse();
    }
}
