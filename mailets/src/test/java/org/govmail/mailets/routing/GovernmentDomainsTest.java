package org.govmail.mailets.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class GovernmentDomainsTest {
    private final GovernmentDomains domains = GovernmentDomains.of(List.of("korea.kr", "*.go.kr"));

    @Test
    void exactNamesAndSuffixPatternsMatchCaseInsensitively() {
        assertThat(domains.contains("korea.kr")).isTrue();
        assertThat(domains.contains("MOE.go.kr")).isTrue();
        assertThat(domains.contains("a.b.go.kr.")).isTrue();
    }

    @Test
    void aPatternDoesNotMatchItsOwnSuffixNorLookalikes() {
        assertThat(domains.contains("go.kr")).isFalse();
        assertThat(domains.contains("evilgo.kr")).isFalse();
        assertThat(domains.contains("go.kr.example.com")).isFalse();
        assertThat(domains.contains("mail.korea.kr")).isFalse();
        assertThat(domains.contains("gmail.com")).isFalse();
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThatThrownBy(() -> GovernmentDomains.of(List.of("*.*.go.kr"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GovernmentDomains.of(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }
}
