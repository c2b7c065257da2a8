package org.govmail.bench.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ImapMixedWorkloadTest {
    @Test
    void uidSetsWriteConsecutiveRunsAsRanges() {
        long[] uids = {1, 2, 3, 5, 7, 8, 20};
        assertThat(ImapMixedWorkload.uidSet(uids, 0, 7)).isEqualTo("1:3,5,7:8,20");
        assertThat(ImapMixedWorkload.uidSet(uids, 4, 2)).isEqualTo("7:8");
        assertThat(ImapMixedWorkload.uidSet(uids, 3, 1)).isEqualTo("5");
    }

    @Test
    void theImaptestLikeMixPicksEveryStepInItsShare() {
        Random random = new Random(1);
        int[] picked = new int[ImapMixedWorkload.Step.values().length];
        for (int i = 0; i < 100_000; i++) {
            picked[ImapMixedWorkload.Mix.IMAPTEST_LIKE.pick(random).ordinal()]++;
        }
        for (ImapMixedWorkload.Step step : ImapMixedWorkload.Step.values()) {
            assertThat(picked[step.ordinal()] / 1000.0).as(step.name())
                .isCloseTo(ImapMixedWorkload.Mix.IMAPTEST_LIKE.weight(step), org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void corpusMessagesAreUniqueSizedAndCarryTheirPlantedWordsOnly() {
        BenchCorpus corpus = new BenchCorpus(7);
        for (int n = 0; n < 200; n++) {
            String message = new String(corpus.message(n), StandardCharsets.UTF_8);
            assertThat(message).contains("Message-ID: <bench.7." + n + "@korea.kr>");
            assertThat(corpus.message(n).length).as("octets").isBetween(2048, 40_000);
            if (n % 3 != 2) { // 8bit text bodies can be checked as they are
                assertThat(message.contains(BenchCorpus.ASCII_BODY_TOKEN)).as("message " + n).isEqualTo(n % 10 == 0);
                assertThat(message.contains(BenchCorpus.KOREAN_BODY_TOKEN)).as("message " + n).isEqualTo(n % 10 == 5);
            }
            assertThat(message).doesNotContain("\n\n").doesNotContain("\r\r");
        }
        String transientMessage = new String(corpus.transientMessage(0, 1), StandardCharsets.UTF_8);
        assertThat(transientMessage).contains(corpus.transientMessageId(0, 1)).doesNotContain("sender");
    }

    @Test
    void expectedCountsFollowThePlantedShares() {
        assertThat(new BenchCorpus(1).searches(1000))
            .filteredOn(s -> s.value().equals(BenchCorpus.ASCII_BODY_TOKEN)).singleElement()
            .satisfies(s -> assertThat(s.expected()).isEqualTo(100));
        assertThat(new BenchCorpus(1).searches(1000))
            .filteredOn(s -> s.value().equals("emergencydrill")).singleElement()
            .satisfies(s -> assertThat(s.expected()).isEqualTo(10));
    }
}
