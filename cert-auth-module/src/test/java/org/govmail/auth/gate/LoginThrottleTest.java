package org.govmail.auth.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.govmail.auth.testing.MovableClock;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(5), clock);

    @Test
    void blocksAnAddressAfterMaxFailuresWithinTheWindowOnly() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isFalse();
        throttle.failed("10.0.0.1");
        assertThat(throttle.blocked("10.0.0.1")).isTrue();
        assertThat(throttle.blocked("10.0.0.2")).as("other addresses are not affected").isFalse();

        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.blocked("10.0.0.1")).isTrue();
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(throttle.blocked("10.0.0.1")).as("the window moved past the failures").isFalse();
    }

    @Test
    void failuresSpreadOverTimeNeverBlock() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.3");
            clock.advance(Duration.ofMinutes(3));
            assertThat(throttle.blocked("10.0.0.3")).isFalse();
        }
    }

    @Test
    void aSuccessfulLoginClearsTheAddress() {
        throttle.failed("10.0.0.4");
        throttle.failed("10.0.0.4");
        throttle.succeeded("10.0.0.4");
        throttle.failed("10.0.0.4");
        throttle.failed("10.0.0.4");
        assertThat(throttle.blocked("10.0.0.4")).isFalse();
    }

    @Test
    void memoryStaysBoundedWhenManyAddressesFailOnce() {
        for (int i = 0; i <= LoginThrottle.MAX_TRACKED; i++) {
            throttle.failed("addr-" + i);
        }
        clock.advance(Duration.ofMinutes(6));
        throttle.failed("one-more");
        assertThat(throttle.trackedAddresses()).isEqualTo(1);
    }
}
