package org.govmail.auth.gate;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed one-minute window per client address for the public (unauthenticated) routes. In memory and
 * per node: with N nodes behind a balancer a client gets at most N times the limit, which is still a
 * limit. The table is bounded: when it is full, windows that have ended are dropped first.
 */
public final class RateLimiter {
    private static final long WINDOW_MILLIS = 60_000;
    private static final int MAX_CLIENTS = 100_000;

    private record Window(long start, AtomicInteger count) {
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Counts the request; false when the client has used up its window. */
    public boolean allow(String client) {
        long now = clock.millis();
        if (windows.size() >= MAX_CLIENTS) {
            evict(now);
        }
        Window window = windows.compute(client, (key, current) ->
            current == null || now - current.start() >= WINDOW_MILLIS ? new Window(now, new AtomicInteger()) : current);
        return window.count().incrementAndGet() <= perMinute;
    }

    /** Seconds until the client's window ends (for Retry-After). */
    public long retryAfterSeconds(String client) {
        Window window = windows.get(client);
        return window == null ? 0 : Math.max(1, (window.start() + WINDOW_MILLIS - clock.millis() + 999) / 1000);
    }

    private void evict(long now) {
        for (Iterator<Map.Entry<String, Window>> it = windows.entrySet().iterator(); it.hasNext();) {
            if (now - it.next().getValue().start() >= WINDOW_MILLIS) {
                it.remove();
            }
        }
        if (windows.size() >= MAX_CLIENTS) {
            windows.clear();
        }
    }
}
