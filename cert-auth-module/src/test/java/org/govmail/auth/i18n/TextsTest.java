package org.govmail.auth.i18n;

import static org.assertj.core.api.Assertions.assertThat;

import org.govmail.auth.Reason;
import org.junit.jupiter.api.Test;

class TextsTest {
    private final Texts texts = new Texts();

    @Test
    void everyReasonHasKoreanAndEnglishText() {
        for (Reason reason : Reason.values()) {
            assertThat(texts.reason("ko", reason)).as(reason.name()).isNotBlank().doesNotContain("{");
            assertThat(texts.reason("en", reason)).as(reason.name()).isNotBlank().doesNotContain("{");
        }
    }

    @Test
    void koreanIsTheDefaultAndEnglishIsChosenByPreference() {
        assertThat(Texts.language(null)).isEqualTo("ko");
        assertThat(Texts.language("ko-KR,ko;q=0.9,en;q=0.5")).isEqualTo("ko");
        assertThat(Texts.language("en-US,en;q=0.9")).isEqualTo("en");
        assertThat(Texts.language("fr")).isEqualTo("ko");
        assertThat(texts.reason("ko", Reason.INSTITUTION_EXCLUDED)).isEqualTo("공공기관은 회원가입 대상에서 제외됩니다.");
    }

    @Test
    void argumentsAreFilledAndApostrophesSurvive() {
        assertThat(texts.text("en", "notice.reminder.subject", 7)).isEqualTo("[govmail] Your registered certificate expires in 7 day(s)");
        assertThat(texts.reason("en", Reason.CERT_NAME_UNREADABLE)).contains("holder's name");
        assertThat(texts.text("ko", "notice.rejected.body", "김선우", "kim@korea.kr", "소속 불일치")).contains("반려 사유: 소속 불일치");
    }
}
