package org.govmail.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SearchableHeadersTest {

    private static String rewrite(String headers) {
        return new String(SearchableHeaders.rewrite(headers.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodedKoreanSubjectIsDecodedThenEscapedAsWords() {
        // "=?UTF-8?B?W+yZuOu2gOuplOydvF0g7ZqM7J2Y?=" is "[외부메일] 회의"
        String out = rewrite("Subject: =?UTF-8?B?W+yZuOu2gOuplOydvF0g7ZqM7J2Y?=\r\n\r\n");

        assertThat(out).isEqualTo("Subject: " + SearchableText.words("[외부메일] 회의") + "\r\n\r\n");
        assertThat(out).isEqualTo("Subject: ¤C678¤BD80¤BA54¤C77C ¤D68C¤C758\r\n\r\n");
    }

    @Test
    void rawUtf8AndFoldedSubjectsBecomeOneEscapedLine() {
        String out = rewrite("Subject: 예산\r\n 보고서\r\nDate: Tue, 1 Dec 2026 13:45:02 +0000\r\n\r\n");

        assertThat(out).isEqualTo("Subject: ¤C608¤C0B0 ¤BCF4¤ACE0¤C11C\r\nDate: Tue, 1 Dec 2026 13:45:02 +0000\r\n\r\n");
    }

    @Test
    void addressHeadersKeepTheirPunctuationSoTheyStillParse() {
        String out = rewrite("From: =?UTF-8?B?6rmA7ISg7Jqw?= <sunwoo@korea.kr>\r\nTo: \"Lee, Bob\" <bob@gov.test>\r\n");

        assertThat(out).isEqualTo("From: ¤AE40¤C120¤C6B0 <sunwoo@korea.kr>\r\nTo: \"Lee, Bob\" <bob@gov.test>\r\n\r\n");
    }

    @Test
    void contentHeadersPassByteForByte() {
        String contentType = "Content-Type: multipart/mixed;\r\n boundary=\"=_abc=?UTF-8?B?x?=\"\r\n";
        String out = rewrite(contentType + "MIME-Version: 1.0\r\n\r\n");

        assertThat(out).isEqualTo(contentType + "MIME-Version: 1.0\r\n\r\n");
    }

    @Test
    void aDecodedLineBreakCannotStartANewHeader() {
        // "=?UTF-8?Q?a=0D=0ABcc:_x@evil?=" decodes to "a\r\nBcc: x@evil"
        String out = rewrite("Subject: =?UTF-8?Q?a=0D=0ABcc:_x@evil?=\r\n\r\n");

        assertThat(out).isEqualTo("Subject: a Bcc x@evil\r\n\r\n");
    }

    @Test
    void invalidUtf8IsReadAsLatin1AndStrayLinesAreDropped() {
        byte[] latin1 = "Subject: caf\u00e9\r\nnot a field\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);

        String out = new String(SearchableHeaders.rewrite(latin1), StandardCharsets.ISO_8859_1);

        assertThat(out).isEqualTo("Subject: caf¤00E9\r\n\r\n");
    }

    @Test
    void escapingIsAsciiOrTheMarkOnlyAndKeepsCodePointOrder() {
        String a = SearchableText.escaped("가");
        String b = SearchableText.escaped("나");
        String z = SearchableText.escaped("z");

        assertThat(a).isEqualTo("¤AC00");
        assertThat(a.compareTo(b)).isNegative();
        assertThat(z.compareTo(a)).isNegative();
        assertThat(a.toUpperCase(java.util.Locale.US)).isEqualTo(a);
        assertThat(SearchableText.escaped("¤")).isEqualTo("¤00A4");
    }
}
