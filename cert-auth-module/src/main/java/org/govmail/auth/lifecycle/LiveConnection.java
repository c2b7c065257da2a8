package org.govmail.auth.lifecycle;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;

/**
 * The network connection under one protocol session, as {@link LiveSessions} needs it: something any
 * thread can end at once, and that says when it has ended however that happened (logout, client gone,
 * idle timeout, closed by us).
 */
public final class LiveConnection {
    /**
     * How long a farewell line may wait for a client that does not read before the connection is cut
     * anyway: an administrator's decision must not depend on the client's cooperation.
     */
    static final Duration FAREWELL_GRACE = Duration.ofSeconds(1);

    private final Channel channel;

    public LiveConnection(Channel channel) {
        this.channel = channel;
    }

    /**
     * Ends the connection, after a last protocol line ({@code * BYE ...}, {@code 421 ...}) when there is
     * one; CRLF is added. Safe from any thread and on a connection that has already ended.
     */
    public void close(Optional<String> farewell) {
        if (farewell.isEmpty() || !channel.isActive()) {
            channel.close();
            return;
        }
        byte[] line = (farewell.get() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        channel.writeAndFlush(Unpooled.wrappedBuffer(line)).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, FAREWELL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one protocol line (CRLF added) straight to the connection, past the protocol's response buffer. */
    public void send(String line) {
        channel.writeAndFlush(Unpooled.wrappedBuffer((line + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /** Runs {@code action} once the connection has ended, at once if it already has. */
    public void whenClosed(Runnable action) {
        channel.closeFuture().addListener(closed -> action.run());
    }

    /**
     * Lists this connection's session under {@code accountId} in {@code sessions} until the connection
     * ends, so that closing the account's sessions ends it with {@code farewell}.
     */
    public void keepListed(LiveSessions sessions, String accountId, String protocol, Optional<String> farewell) {
        LiveSessions.Registration registration = sessions.register(accountId, protocol, () -> close(farewell));
        whenClosed(registration::close);
    }
}
