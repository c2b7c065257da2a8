package org.govmail.auth.lifecycle;

import java.time.Instant;
import java.util.List;

/** The shared, ordered record of published session ends that every node follows ({@link SessionEndFollower}). */
public interface SessionEndFeed extends SessionEndBroadcast {
    /** The ends published at or after {@code since}, oldest first. */
    List<SessionEnd> since(Instant since);

    /** Forgets the ends published before {@code before}; returns how many. */
    int deleteBefore(Instant before);
}
