package org.govmail.auth.gate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: after {@code maxFailures} refused logins from one address within
 * {@code window}, further attempts from it are refused without being evaluated until the window
 * has moved past them. Per node, in memory.
 */
public final class LoginThrottle {
    static final int MAX_TRACKED = 100_000;
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    public boolean blocked(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return false;
        }
        synchronized (recent) {
            prune(recent, clock.instant());
            return recent.size() >= maxFailures;
        }
    }

    public void failed(String address) {
        Deque<Instant> recent = failures.computeIfAbsent(address, any -> new ArrayDeque<>());
        synchronized (recent) {
            Instant now = clock.instant();
            prune(recent, now);
            recent.addLast(now);
        }
        if (failures.size() > MAX_TRACKED) {
            forgetQuietAddresses(now());
        }
    }

    public void succeeded(String address) {
        failures.remove(address);
    }

    /** Addresses whose failures all left the window; keeps memory bounded under a spray of addresses. */
    private void forgetQuietAddresses(Instant now) {
        failures.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                prune(entry.getValue(), now);
                return entry.getValue().isEmpty();
            }
        });
    }

    private Instant now() {
        return clock.instant();
    }

    int trackedAddresses() {
        return failures.size();
    }

    private void prune(Deque<Instant> recent, Instant now) {
        Instant horizon = now.minus(window);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(horizon)) {
            recent.removeFirst();
        }
    }
}
