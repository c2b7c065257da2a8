package org.govmail.server.wiring;

import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imapserver.netty.NettyConstants;
import org.apache.james.protocols.api.CommandDetectionSession;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.govmail.auth.lifecycle.LiveConnection;
import org.govmail.auth.lifecycle.SessionConnections;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Last in an IMAP, SMTP or POP3 pipeline: once James' core handler has created the connection's
 * session (it passes channelActive on afterwards), hands the session its {@link LiveConnection}, which
 * the login gate needs to list the session and James' sessions cannot give it.
 */
@ChannelHandler.Sharable
final class SessionConnectionBinder extends ChannelInboundHandlerAdapter {
    static final String NAME = "govmailSessionConnection";

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        Channel channel = ctx.channel();
        LiveConnection connection = new LiveConnection(channel);
        ImapSession imap = channel.attr(NettyConstants.IMAP_SESSION_ATTRIBUTE_KEY).get();
        if (imap != null) {
            SessionConnections.attach(imap, connection);
        }
        CommandDetectionSession session = channel.attr(BasicChannelInboundHandler.SESSION_ATTRIBUTE_KEY).get();
        if (session instanceof ProtocolSession protocolSession) {
            SessionConnections.attach(protocolSession, connection);
        }
        super.channelActive(ctx);
    }
}
