package org.govmail.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class LiveSessionsTest {
    private final LiveSessions sessions = new LiveSessions();

    @Test
    void aRegisteredSessionIsCountedUntilItsRegistrationCloses() {
        LiveSessions.Registration imap = sessions.register("kim@mois.go.test", "IMAP", () -> { });
        LiveSessions.Registration smtp = sessions.register("kim@mois.go.test", "SMTP", () -> { });
        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(2);

        imap.close();
        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(1);
        imap.close();
        assertThat(sessions.count("kim@mois.go.test")).as("closing a registration twice is harmless").isEqualTo(1);
        smtp.close();
        assertThat(sessions.count("kim@mois.go.test")).isZero();
    }

    @Test
    void closeAllClosesEverySessionOfThatAccountOnlyAndForgetsThem() {
        List<String> closed = new ArrayList<>();
        sessions.register("kim@mois.go.test", "IMAP", () -> closed.add("kim IMAP"));
        sessions.register("kim@mois.go.test", "POP3", () -> closed.add("kim POP3"));
        sessions.register("lee@mois.go.test", "IMAP", () -> closed.add("lee IMAP"));

        assertThat(sessions.closeAll("kim@mois.go.test", "retired")).isEqualTo(2);

        assertThat(closed).containsExactlyInAnyOrder("kim IMAP", "kim POP3");
        assertThat(sessions.count("kim@mois.go.test")).isZero();
        assertThat(sessions.count("lee@mois.go.test")).isEqualTo(1);
        assertThat(sessions.closeAll("kim@mois.go.test", "again")).as("nothing left to close").isZero();
        assertThat(closed).hasSize(2);
    }

    @Test
    void accountIdsAreCaseInsensitive() {
        AtomicInteger closed = new AtomicInteger();
        sessions.register("Kim@MOIS.go.test", "IMAP", closed::incrementAndGet);

        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(1);
        assertThat(sessions.closeAll("KIM@mois.go.test", "retired")).isEqualTo(1);
        assertThat(closed).hasValue(1);
    }

    @Test
    void aCloserThatThrowsDoesNotKeepTheOthersOpen() {
        AtomicInteger closed = new AtomicInteger();
        sessions.register("kim@mois.go.test", "IMAP", () -> {
            throw new IllegalStateException("channel already gone");
        });
        sessions.register("kim@mois.go.test", "SMTP", closed::incrementAndGet);
        sessions.register("kim@mois.go.test", "POP3", closed::incrementAndGet);

        assertThat(sessions.closeAll("kim@mois.go.test", "suspended")).as("only the sessions really closed").isEqualTo(2);

        assertThat(closed).hasValue(2);
        assertThat(sessions.count("kim@mois.go.test")).isZero();
    }

    @Test
    void sessionsSharingACloserAreStillDistinctSessions() {
        AtomicInteger closed = new AtomicInteger();
        LiveSessions.Closer shared = closed::incrementAndGet;
        LiveSessions.Registration first = sessions.register("kim@mois.go.test", "IMAP", shared);
        sessions.register("kim@mois.go.test", "IMAP", shared);
        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(2);

        first.close();
        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(1);
        assertThat(sessions.closeAll("kim@mois.go.test", "retired")).isEqualTo(1);
        assertThat(closed).hasValue(1);
    }

    @Test
    void aLateUnregistrationDoesNotTouchSessionsOpenedAfterCloseAll() {
        LiveSessions.Registration old = sessions.register("kim@mois.go.test", "IMAP", () -> { });
        sessions.closeAll("kim@mois.go.test", "suspended");
        // Reinstated, logged in again; then the old connection's end is noticed.
        sessions.register("kim@mois.go.test", "IMAP", () -> { });
        old.close();

        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(1);
    }

    @Test
    void anUnknownAccountHasNothingToClose() {
        assertThat(sessions.count("nobody@mois.go.test")).isZero();
        assertThat(sessions.closeAll("nobody@mois.go.test", "retired")).isZero();
    }
}
