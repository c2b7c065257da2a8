package org.govmail.mailets.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {
    private static final SpfResult SPF_PASS = new SpfResult("pass", SpfResult.Scope.MAIL_FROM, "a@x.go.kr", "x.go.kr", "");
    private static final DkimResult DKIM_PASS = new DkimResult(List.of(new DkimSignature("x.go.kr", "sel", "pass", "")));
    private static final DmarcResult DMARC_PASS = new DmarcResult("pass", "x.go.kr", "x.go.kr", Optional.of(DmarcPolicy.REJECT),
        DmarcPolicy.NONE, "");

    @Test
    void writesEveryMethodWithItsProperties() {
        String value = new AuthenticationResults("govmail.example", SPF_PASS, DKIM_PASS, DMARC_PASS).value();

        assertThat(value).isEqualTo("govmail.example; spf=pass smtp.mailfrom=a@x.go.kr; "
            + "dkim=pass header.d=x.go.kr header.s=sel; dmarc=pass (p=reject) header.from=x.go.kr");
    }

    @Test
    void writesNoneForms() {
        SpfResult spf = new SpfResult("none", SpfResult.Scope.HELO, "", "", "");
        DmarcResult dmarc = new DmarcResult("none", "x.go.kr", "", Optional.empty(), DmarcPolicy.NONE, "no DMARC policy");

        String value = new AuthenticationResults("govmail.example", spf, DkimResult.none(), dmarc).value();

        assertThat(value).isEqualTo("govmail.example; spf=none; dkim=none; dmarc=none header.from=x.go.kr");
    }

    @Test
    void writesFailuresWithReasonsDispositionAndTheHeloIdentity() {
        SpfResult spf = new SpfResult("softfail", SpfResult.Scope.HELO, "mail.x.go.kr", "mail.x.go.kr", "");
        DkimResult dkim = new DkimResult(List.of(
            new DkimSignature("x.go.kr", "sel", "fail", "computed bodyhash is different from the \"expected\" one"),
            new DkimSignature("relay.example", "s1", "temperror", "timed out")));
        DmarcResult dmarc = new DmarcResult("fail", "x.go.kr", "x.go.kr", Optional.of(DmarcPolicy.REJECT), DmarcPolicy.QUARANTINE,
            "no aligned SPF or DKIM pass");

        String value = new AuthenticationResults("govmail.example", spf, dkim, dmarc).value();

        assertThat(value).isEqualTo("govmail.example; spf=softfail smtp.helo=mail.x.go.kr; "
            + "dkim=fail reason=\"computed bodyhash is different from the \\\"expected\\\" one\" header.d=x.go.kr header.s=sel; "
            + "dkim=temperror reason=\"timed out\" header.d=relay.example header.s=s1; "
            + "dmarc=fail (p=reject dis=quarantine) header.from=x.go.kr");
    }

    @Test
    void quotesValuesThatAreNotPlainAndKeepsTheFieldAscii() {
        SpfResult spf = new SpfResult("fail", SpfResult.Scope.MAIL_FROM, "\"a b\"@x.go.kr", "x.go.kr", "");
        DmarcResult dmarc = new DmarcResult("permerror", "", "", Optional.empty(), DmarcPolicy.NONE, "not exactly one From address");

        String value = new AuthenticationResults("govmail.example", spf, DkimResult.none(), dmarc).value();

        assertThat(value).isEqualTo("govmail.example; spf=fail smtp.mailfrom=\"\\\"a b\\\"@x.go.kr\"; dkim=none; "
            + "dmarc=permerror reason=\"not exactly one From address\"");
        DkimResult foreign = new DkimResult(List.of(new DkimSignature("x.go.kr", "sel", "fail", "키 없음\r\nX-Injected: 1")));
        assertThat(new AuthenticationResults("govmail.example", SPF_PASS, foreign, DMARC_PASS).value())
            .contains("reason=\"? ??X-Injected: 1\"").doesNotContain("\r", "\n");
    }

    @Test
    void foldsTheHeaderLineBeforeEachResult() {
        String line = new AuthenticationResults("govmail.example", SPF_PASS, DKIM_PASS, DMARC_PASS).headerLine();

        assertThat(line).startsWith("Authentication-Results: govmail.example;\r\n\tspf=pass")
            .contains(";\r\n\tdkim=pass").contains(";\r\n\tdmarc=pass");
    }

    @Test
    void readsTheAuthservIdOfAField() {
        assertThat(AuthenticationResults.authservIdOf(" govmail.example; spf=pass")).contains("govmail.example");
        assertThat(AuthenticationResults.authservIdOf("(comment (nested)) govmail.example 1; none")).contains("govmail.example");
        assertThat(AuthenticationResults.authservIdOf("\"govmail.example\"; none")).contains("govmail.example");
        assertThat(AuthenticationResults.authservIdOf("govmail.example;none")).contains("govmail.example");
        assertThat(AuthenticationResults.authservIdOf("  ")).isEmpty();
    }
}
