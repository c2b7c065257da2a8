package org.govmail.mailets.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A sliding window per sender over the recipients they addressed: {@link #tryAcquire} admits a mail
 * only if all its recipients still fit under the sender's limit, and then counts them; a refused mail
 * counts nothing, so a sender who waits gets through again. Each update runs inside the map's
 * {@code compute}, so a sender's window is never read and pruned by two threads at once. Counts live
 * in this node's memory.
 */
public final class SendRateLimiter {
    private final Clock clock;
    private final Duration window;
    private final Map<String, Deque<Instant>> sent = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastSweep = new AtomicReference<>(Instant.MIN);

    public SendRateLimiter(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** @return whether {@code recipients} more fit under {@code limit} for {@code sender}; counted if so */
    public boolean tryAcquire(String sender, int recipients, int limit) {
        Instant now = clock.instant();
        Instant swept = lastSweep.get();
        // Walking every sender is for memory, not correctness: once per window is enough, and keeps it off each mail.
        if (now.isAfter(swept.plus(window)) && lastSweep.compareAndSet(swept, now)) {
            sweep();
        }
        boolean[] admitted = {false};
        sent.compute(sender, (key, times) -> {
            Deque<Instant> window = prune(times == null ? new ArrayDeque<>() : times, now);
            if (window.size() + recipients <= limit) {
                for (int i = 0; i < recipients; i++) {
                    window.addLast(now);
                }
                admitted[0] = true;
            }
            return window.isEmpty() ? null : window;
        });
        return admitted[0];
    }

    /** Forgets senders whose window has emptied, so the map holds only recent senders. */
    public void sweep() {
        Instant now = clock.instant();
        for (String sender : List.copyOf(sent.keySet())) {
            sent.computeIfPresent(sender, (key, times) -> prune(times, now).isEmpty() ? null : times);
        }
    }

    private Deque<Instant> prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.pollFirst();
        }
        return times;
    }
}
