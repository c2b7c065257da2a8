package org.govmail.auth.sieve;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.james.managesieve.api.Session;
import org.apache.james.managesieve.transcode.ManageSieveProcessor;
import org.apache.james.managesieveserver.netty.ChannelManageSieveResponseWriter;
import org.apache.james.managesieveserver.netty.ManageSieveChannelUpstreamHandler;
import org.apache.james.managesieveserver.netty.NettyConstants;
import org.apache.james.protocols.netty.Encryption;
import org.govmail.auth.gate.LoginGate;
import org.govmail.auth.gate.PeerCertificates;
import org.govmail.auth.lifecycle.LiveConnection;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

/**
 * James' ManageSieve connection handler, whose sessions are {@link GatedSieveSession}s that can tell
 * the gate the connection's address, TLS state and client certificate.
 */
@ChannelHandler.Sharable
public final class GateManageSieveHandler extends ManageSieveChannelUpstreamHandler {
    /** The channel attribute James' framer sets when it sees STARTTLS. */
    private static final AttributeKey<Object> STARTTLS_IN_FLIGHT = AttributeKey.valueOf("startTlsInFlight");
    private static final String SSL_HANDLER = "sslHandler";

    private final Encryption encryption;

    public GateManageSieveHandler(ManageSieveProcessor processor, Encryption encryption, int maxLineLength) {
        super(processor, encryption, maxLineLength);
        this.encryption = encryption;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        super.channelActive(ctx);
        Channel channel = ctx.channel();
        Session james = channel.attr(NettyConstants.SESSION_ATTRIBUTE_KEY).get();
        GatedSieveSession gated = new GatedSieveSession(() -> client(channel), new LiveConnection(channel));
        gated.setSslEnabled(james != null && james.isSslEnabled());
        channel.attr(NettyConstants.SESSION_ATTRIBUTE_KEY).set(gated);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        Session session = ctx.channel().attr(NettyConstants.SESSION_ATTRIBUTE_KEY).get();
        if (session != null && !session.isSslEnabled() && encryption != null && encryption.isStartTLS()
                && msg instanceof String line && line.trim().equalsIgnoreCase("STARTTLS")) {
            startTls(ctx.channel(), session);
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * STARTTLS in an order without races: stop reading, answer OK in clear, put TLS in place, read
     * again. (James' handler adds TLS after its OK is on the wire, so a fast client's handshake can
     * reach the line framer first and the connection dies.) James' framer refuses every line while
     * a STARTTLS is "in flight" and on ManageSieve never learns that it ended; once the handshake is
     * done nothing sent in clear can be injected any more, so the guard ends there.
     */
    private void startTls(Channel channel, Session session) {
        channel.config().setAutoRead(false);
        channel.writeAndFlush(Unpooled.wrappedBuffer("OK\r\n".getBytes(StandardCharsets.US_ASCII))).addListener(written -> {
            if (!written.isSuccess()) {
                channel.close();
                return;
            }
            SslHandler tls = encryption.sslHandler();
            channel.pipeline().addFirst(SSL_HANDLER, tls);
            session.setSslEnabled(true);
            session.setState(Session.State.UNAUTHENTICATED);
            ChannelManageSieveResponseWriter writer = channel.attr(NettyConstants.RESPONSE_WRITER_ATTRIBUTE_KEY).get();
            if (writer != null) {
                writer.resetCumulation();
                writer.stopDetectingCommandInjection();
            }
            tls.handshakeFuture().addListener(done -> {
                if (done.isSuccess()) {
                    channel.attr(STARTTLS_IN_FLIGHT).set(false);
                }
            });
            channel.config().setAutoRead(true);
        });
    }

    private static LoginGate.Client client(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        String address = channel.remoteAddress() instanceof InetSocketAddress inet
            ? inet.getAddress().getHostAddress() : String.valueOf(channel.remoteAddress());
        return new LoginGate.Client("MANAGESIEVE", address, tls != null && tls.handshakeFuture().isSuccess(),
            tls == null ? List.of() : PeerCertificates.of(tls.engine().getSession()));
    }
}
