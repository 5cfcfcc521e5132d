package io.jfaas.gateway.invoke;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link FunctionRelay}'s kept-alive connections to replicas, one pool per event loop (connections are opened on the
 * loop of the client connection they serve, so a call never changes threads). The idle ones wait in
 * {@link IdleConnections}, as {@link UpstreamConnections}' do: the connection idle for the shortest time is taken
 * first, one idle for {@link InvokeHandler#UPSTREAM_KEEP_ALIVE_SECONDS} is closed, and at most
 * {@link InvokeHandler#MAX_IDLE_PER_REPLICA} stay idle per replica.
 */
final class ReplicaLinks {

    private static final ThreadLocal<ReplicaLinks> PER_LOOP = new ThreadLocal<>();

    /** One replica's address. */
    record Replica(String host, int port) {
    }

    /** What a link reports to the call it carries. */
    interface Receiver {

        /** Bytes of the answer (the receiver releases them). */
        void answer(ByteBuf bytes);

        /** A batch of reads ended: what was written for them can be flushed. */
        void answerPaused();

        /** The replica closed the connection, or it failed. */
        void linkClosed();

        /** The connection's write buffer went above or below its high mark. */
        void linkWritable(boolean writable);
    }

    /** One connection to a replica. */
    final class Link extends ChannelInboundHandlerAdapter implements IdleConnections.Member<Replica> {

        final Replica replica;
        Channel channel;
        Receiver receiver;
        /** Taken from the idle ones (it may turn out to have been closed by the replica meanwhile). */
        boolean reused;
        private boolean closed;

        Link(Replica replica) {
            this.replica = replica;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            Receiver to = receiver;
            if (to == null) {
                bytes.release(); // bytes on an idle connection: it cannot be trusted with another call
                ctx.close();
                return;
            }
            to.answer(bytes);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Receiver to = receiver;
            if (to != null) {
                to.answerPaused();
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            Receiver to = receiver;
            if (to != null) {
                to.linkWritable(ctx.channel().isWritable());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed = true;
            Receiver to = receiver;
            receiver = null;
            if (to != null) {
                to.linkClosed();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // reported as a close
        }

        @Override
        public Replica replica() {
            return replica;
        }

        @Override
        public boolean fit() {
            return !closed && channel.isActive();
        }

        @Override
        public void close() {
            receiver = null;
            closed = true;
            if (channel != null) {
                channel.close();
            }
        }
    }

    private final EventLoop loop;
    private final Class<? extends SocketChannel> channelClass;
    private final IdleConnections<Replica, Link> idle;

    ReplicaLinks(EventLoop loop, Class<? extends SocketChannel> channelClass, long keepAliveNanos, int maxIdle) {
        this.loop = loop;
        this.channelClass = channelClass;
        this.idle = new IdleConnections<>((periodNanos, task) -> {
            ScheduledFuture<?> timer = loop.scheduleAtFixedRate(task, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
            return () -> timer.cancel(false);
        }, keepAliveNanos, maxIdle);
    }

    /** The pool of the calling event loop, whose client connections are of {@code channelClass}. */
    static ReplicaLinks of(EventLoop loop, Class<? extends SocketChannel> channelClass) {
        ReplicaLinks links = PER_LOOP.get();
        if (links == null) {
            links = new ReplicaLinks(loop, channelClass,
                    TimeUnit.SECONDS.toNanos(InvokeHandler.UPSTREAM_KEEP_ALIVE_SECONDS),
                    InvokeHandler.MAX_IDLE_PER_REPLICA);
            PER_LOOP.set(links);
        }
        return links;
    }

    /** The open connection to {@code replica} idle for the shortest time, or null. */
    Link take(Replica replica) {
        Link link = idle.take(replica);
        if (link != null) {
            link.reused = true;
        }
        return link;
    }

    /** Opens a connection to {@code replica}; the future completes on this loop. */
    ChannelFuture open(Link link) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(link);
        ChannelFuture connecting = bootstrap.connect(link.replica.host(), link.replica.port());
        link.channel = connecting.channel();
        return connecting;
    }

    /** A link whose call is over, with the connection fit for another. */
    void giveBack(Link link) {
        link.receiver = null;
        link.reused = false;
        if (link.fit()) {
            link.channel.config().setAutoRead(true); // a call may have held it for a slow client
        }
        idle.giveBack(link);
    }
}
