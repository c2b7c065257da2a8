package org.govmail.mailets.outbound;

import java.time.Duration;

/**
 * How many outside recipients one sender may address within {@code window}: {@code approved} for an
 * approved account, the stricter {@code pending} for an account still waiting for approval (a new
 * account is where a stolen or fake sign-up would start spamming from).
 */
public record SendRateLimits(Duration window, int approved, int pending) {
    public SendRateLimits {
        if (window.isNegative() || window.isZero() || approved < 1 || pending < 1) {
            throw new IllegalArgumentException("rate limits need a positive window and positive limits");
        }
        if (pending > approved) {
            throw new IllegalArgumentException("the pending limit (" + pending + ") must not exceed the approved one (" + approved + ")");
        }
    }
}
