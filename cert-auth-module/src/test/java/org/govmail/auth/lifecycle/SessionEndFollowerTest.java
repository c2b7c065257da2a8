package org.govmail.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.govmail.auth.lifecycle.jpa.JpaSessionEndFeed;
import org.govmail.auth.lifecycle.jpa.SessionEndEntity;
import org.govmail.auth.testing.MovableClock;
import org.govmail.auth.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two nodes sharing one database: an end published through node A closes node B's sessions, once. */
class SessionEndFollowerTest {
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String KIM = "kim@mois.go.test";

    private final TestDatabase database = TestDatabase.inMemory(SessionEndEntity.class);
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final JpaSessionEndFeed feedOfA = new JpaSessionEndFeed(database.factory(), "node-a", clock);
    private final JpaSessionEndFeed feedOfB = new JpaSessionEndFeed(database.newFactory(), "node-b", clock);
    private final LiveSessions sessionsOfA = new LiveSessions(feedOfA);
    private final LiveSessions sessionsOfB = new LiveSessions(feedOfB);
    private final SessionEndFollower followerOfA = new SessionEndFollower(feedOfA, sessionsOfA, "node-a", WINDOW, clock);
    private final SessionEndFollower followerOfB = new SessionEndFollower(feedOfB, sessionsOfB, "node-b", WINDOW, clock);
    private final List<String> closed = new ArrayList<>();

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void anEndPublishedOnOneNodeClosesTheSessionsOfTheOtherOnceAndLeavesItsOwnAlone() {
        followerOfA.poll();
        followerOfB.poll();
        sessionsOfA.register(KIM, "IMAP", () -> closed.add("A IMAP"));
        sessionsOfB.register(KIM, "IMAP", () -> closed.add("B IMAP"));
        sessionsOfB.register("lee@mois.go.test", "SMTP", () -> closed.add("B lee"));

        assertThat(sessionsOfA.closeAll(KIM, "account retired")).isEqualTo(1);
        assertThat(closed).containsExactly("A IMAP");

        clock.advance(Duration.ofSeconds(1));
        assertThat(followerOfB.poll()).isEqualTo(1);
        assertThat(closed).containsExactly("A IMAP", "B IMAP");
        assertThat(followerOfA.poll()).as("a node does not apply its own ends again").isZero();

        // Reinstated and logged in again on B: polling the same window must not cut the new session.
        sessionsOfB.register(KIM, "IMAP", () -> closed.add("B IMAP again"));
        clock.advance(Duration.ofSeconds(1));
        assertThat(followerOfB.poll()).isZero();
        assertThat(sessionsOfB.count(KIM)).isEqualTo(1);
        assertThat(sessionsOfB.count("lee@mois.go.test")).isEqualTo(1);
    }

    @Test
    void endsPublishedBeforeANodeStartedAreNotAppliedThere() {
        sessionsOfA.closeAll(KIM, "account suspended");
        sessionsOfB.register(KIM, "IMAP", () -> closed.add("B IMAP"));

        assertThat(followerOfB.poll()).as("the first poll only learns what is there").isZero();
        assertThat(closed).isEmpty();
    }

    @Test
    void anEndThatBecomesVisibleLateWithinTheWindowIsStillApplied() {
        followerOfB.poll();
        sessionsOfB.register(KIM, "IMAP", () -> closed.add("B IMAP"));
        // Published with a clock 20 s behind: it sorts before what B already read, and is still caught.
        JpaSessionEndFeed slowNode = new JpaSessionEndFeed(database.newFactory(), "node-c",
            Clock.fixed(clock.instant().minusSeconds(20), ZoneOffset.UTC));
        slowNode.publish(KIM, "certificate registration revoked");

        assertThat(followerOfB.poll()).isEqualTo(1);
        assertThat(closed).containsExactly("B IMAP");
    }

    @Test
    void endsOlderThanTheKeptPeriodAreDeleted() {
        sessionsOfA.closeAll(KIM, "account retired");
        clock.advance(Duration.ofDays(2));
        sessionsOfA.closeAll("lee@mois.go.test", "account retired");

        assertThat(feedOfB.deleteBefore(clock.instant().minus(Duration.ofDays(1)))).isEqualTo(1);
        assertThat(feedOfB.since(Instant.EPOCH)).extracting(SessionEnd::sessionKey).containsExactly("lee@mois.go.test");
    }
}
