import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;

/**
 * The floor of a JVM proxy hop on Netty's epoll transport, for comparing the gateway's CPU per call with (not a
 * product part, not built by Maven): bytes relayed both ways without any HTTP parsing, each client connection with
 * its own upstream connection on the same event loop, two event loops. Run it with the gateway's libraries and JVM
 * options, in front of the watchdog the gateway benchmark calls directly (see bench/README.md):
 * {@code java $(grep -v '^#' bench/target/gateway/jvm.options) -cp 'bench/target/gateway/lib/*'
 * bench/relay/ByteRelay.java PORT UPSTREAM_HOST UPSTREAM_PORT}
 */
public final class ByteRelay {

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        String upstreamHost = args[1];
        int upstreamPort = Integer.parseInt(args[2]);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
        new ServerBootstrap().group(loops).channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel client) {
                        client.pipeline().addLast(new ClientSide(client, upstreamHost, upstreamPort));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("relaying 127.0.0.1:" + port + " to " + upstreamHost + ":" + upstreamPort);
        Thread.currentThread().join();
    }

    /** A client's connection: reads once its upstream connection is open, and each read goes upstream as it is. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter {

        private final Channel client;
        private final String upstreamHost;
        private final int upstreamPort;
        private Channel upstream;

        ClientSide(Channel client, String upstreamHost, int upstreamPort) {
            this.client = client;
            this.upstreamHost = upstreamHost;
            this.upstreamPort = upstreamPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext upstreamCtx, Object bytes) {
                            client.writeAndFlush(bytes);
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext upstreamCtx) {
                            client.close();
                        }
                    })
                    .connect(upstreamHost, upstreamPort)
                    .addListener((ChannelFutureListener) connected -> {
                        if (connected.isSuccess()) {
                            upstream = connected.channel();
                            client.config().setAutoRead(true);
                        } else {
                            client.close();
                        }
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object bytes) {
            upstream.writeAndFlush(bytes);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (upstream != null) {
                upstream.close();
            }
        }
    }
}
