package org.govmail.server.wiring;

import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * James' own pipeline for a protocol server, unchanged, with a {@link SessionConnectionBinder} after it.
 * James builds its pipelines in anonymous initializers that cannot be extended, so this one nests
 * James' initializer: added to a registered channel, it puts its handlers in place at once and removes
 * itself, and the binder then lands behind James' core handler.
 */
@ChannelHandler.Sharable
final class SessionBindingPipeline extends AbstractChannelPipelineFactory<SocketChannel> {
    private final ChannelInitializer<?> james;
    private final SessionConnectionBinder binder = new SessionConnectionBinder();

    SessionBindingPipeline(ChannelInitializer<?> james) {
        // Framing and executors are the nested James pipeline's business, not this initializer's.
        super(null, null);
        this.james = james;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast(james);
        channel.pipeline().addLast(SessionConnectionBinder.NAME, binder);
    }

    @Override
    protected ChannelInboundHandlerAdapter createHandler() {
        throw new UnsupportedOperationException("the nested James pipeline creates the core handler");
    }
}
