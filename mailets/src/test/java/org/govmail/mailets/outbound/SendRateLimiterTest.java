package org.govmail.mailets.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SendRateLimiterTest {
    private Instant now = Instant.parse("2026-12-01T09:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SendRateLimiter limiter = new SendRateLimiter(clock, Duration.ofHours(1));

    @Test
    void recipientsCountAndARefusedMailCountsNothing() {
        assertThat(limiter.tryAcquire("a@korea.kr", 3, 5)).isTrue();
        assertThat(limiter.tryAcquire("a@korea.kr", 3, 5)).isFalse();
        assertThat(limiter.tryAcquire("a@korea.kr", 2, 5)).isTrue();
        assertThat(limiter.tryAcquire("a@korea.kr", 1, 5)).isFalse();
        assertThat(limiter.tryAcquire("b@korea.kr", 5, 5)).isTrue();
    }

    @Test
    void theWindowSlides() {
        assertThat(limiter.tryAcquire("a@korea.kr", 2, 2)).isTrue();
        now = now.plus(Duration.ofMinutes(59));
        assertThat(limiter.tryAcquire("a@korea.kr", 1, 2)).isFalse();
        now = now.plus(Duration.ofMinutes(1));
        assertThat(limiter.tryAcquire("a@korea.kr", 2, 2)).isTrue();
    }

    @Test
    void sweepingForgetsOnlyIdleSenders() {
        limiter.tryAcquire("old@korea.kr", 1, 1);
        now = now.plus(Duration.ofMinutes(30));
        limiter.tryAcquire("recent@korea.kr", 1, 1);
        now = now.plus(Duration.ofMinutes(31));
        limiter.sweep();
        assertThat(limiter.tryAcquire("recent@korea.kr", 1, 1)).isFalse();
        assertThat(limiter.tryAcquire("old@korea.kr", 1, 1)).isTrue();
    }

    @Test
    void limitsMustBeSensible() {
        assertThatThrownBy(() -> new SendRateLimits(Duration.ZERO, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SendRateLimits(Duration.ofHours(1), 1, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
