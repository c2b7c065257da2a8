package org.govmail.auth.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies on this node the session ends other nodes published: each {@link #poll()} reads the feed's recent
 * window and closes, here, the sessions of every end it has not applied yet.
 *
 * <p>Why a time window and a set of applied ids rather than "everything after the last id seen": ids come from
 * the database's sequence in the order transactions started, not the order they committed, so an end with a
 * smaller id can become visible after a larger one. Reading the whole window each time catches it; the applied
 * set makes sure each end closes sessions once, so a login made after an end (a reinstated account) is never
 * cut by the same end again. The window also absorbs clock differences between nodes.
 */
public final class SessionEndFollower {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionEndFollower.class);

    private final SessionEndFeed feed;
    private final LiveSessions sessions;
    private final String node;
    private final Duration window;
    private final Clock clock;
    /** Applied (or own, or pre-existing) end ids → when they leave the window and can be forgotten. */
    private final Map<Long, Instant> applied = new HashMap<>();
    private boolean primed;

    public SessionEndFollower(SessionEndFeed feed, LiveSessions sessions, String node, Duration window, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.feed = feed;
        this.sessions = sessions;
        this.node = node;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Reads the window and applies what is new; returns how many ends were applied. The first call only
     * remembers what is already there: ends published before this node started concern sessions it never had.
     */
    public synchronized int poll() {
        Instant now = clock.instant();
        List<SessionEnd> recent = feed.since(now.minus(window));
        applied.values().removeIf(expiry -> expiry.isBefore(now));
        int count = 0;
        for (SessionEnd end : recent) {
            Instant later = end.at().isAfter(now) ? end.at() : now;
            if (applied.putIfAbsent(end.id(), later.plus(window).plus(window)) != null) {
                continue;
            }
            if (!primed || node.equals(end.originNode())) {
                continue;
            }
            int closed = sessions.closeLocally(end.sessionKey(), end.why() + " (on node " + end.originNode() + ")");
            LOGGER.debug("session end {} from {} applied: {} session(s) closed", end.id(), end.originNode(), closed);
            count++;
        }
        primed = true;
        return count;
    }

    public String node() {
        return node;
    }
}
