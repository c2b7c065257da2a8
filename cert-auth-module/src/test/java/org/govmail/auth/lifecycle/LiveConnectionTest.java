package org.govmail.auth.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;

class LiveConnectionTest {
    @Test
    void closeSendsTheFarewellLineThenEndsTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel();

        new LiveConnection(channel).close(Optional.of("* BYE session closed"));

        ByteBuf written = channel.readOutbound();
        assertThat(written.toString(StandardCharsets.US_ASCII)).isEqualTo("* BYE session closed\r\n");
        written.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void closeWithoutFarewellJustEndsTheConnection() {
        EmbeddedChannel channel = new EmbeddedChannel();

        new LiveConnection(channel).close(Optional.empty());

        assertThat(channel.isOpen()).isFalse();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    @Test
    void aClientThatDoesNotReadIsCutOffAfterTheGrace() {
        EmbeddedChannel channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                // A full socket buffer: the farewell is never written and its promise never completes.
            }
        });
        channel.freezeTime();

        new LiveConnection(channel).close(Optional.of("421 4.7.0 bye"));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("still inside the grace").isTrue();

        channel.advanceTimeBy(LiveConnection.FAREWELL_GRACE.toMillis() + 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aListedSessionLeavesTheListWhenItsConnectionEnds() {
        LiveSessions sessions = new LiveSessions();
        EmbeddedChannel channel = new EmbeddedChannel();
        new LiveConnection(channel).keepListed(sessions, "kim@mois.go.test", "IMAP", Optional.empty());
        assertThat(sessions.count("kim@mois.go.test")).isEqualTo(1);

        channel.close();

        assertThat(sessions.count("kim@mois.go.test")).isZero();
    }

    @Test
    void closingTheAccountsSessionsEndsAListedConnection() {
        LiveSessions sessions = new LiveSessions();
        EmbeddedChannel channel = new EmbeddedChannel();
        new LiveConnection(channel).keepListed(sessions, "kim@mois.go.test", "POP3", Optional.empty());

        assertThat(sessions.closeAll("kim@mois.go.test", "retired")).isEqualTo(1);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aConnectionAlreadyEndedIsNeverListed() {
        LiveSessions sessions = new LiveSessions();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.close();
        AtomicInteger ran = new AtomicInteger();

        new LiveConnection(channel).whenClosed(ran::incrementAndGet);
        new LiveConnection(channel).keepListed(sessions, "kim@mois.go.test", "SMTP", Optional.empty());

        assertThat(ran).hasValue(1);
        assertThat(sessions.count("kim@mois.go.test")).isZero();
    }
}
