package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's idle replica connections: at most so many per replica, each closed once idle for the keep-alive. */
class ReplicaLinksTest {

    private static final int TIMEOUT_MILLIS = 20_000;

    private EventLoopGroup group;
    private EventLoop loop;
    private ServerSocket replica;

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loop = group.next();
        replica = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        replica.setSoTimeout(TIMEOUT_MILLIS);
    }

    @AfterEach
    void stop() throws Exception {
        replica.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void connectionsGivenBackPastTheIdleBoundAreClosedAndTheRestAreTakenAgain() throws Exception {
        ReplicaLinks links = new ReplicaLinks(loop, NioSocketChannel.class, TimeUnit.HOURS.toNanos(1), 2);
        ReplicaLinks.Replica to = new ReplicaLinks.Replica("127.0.0.1", replica.getLocalPort());
        List<ReplicaLinks.Link> opened = new ArrayList<>();
        List<Socket> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ReplicaLinks.Link link = links.new Link(to);
            links.open(link).sync();
            opened.add(link);
            accepted.add(accept());
        }

        loop.submit(() -> opened.forEach(links::giveBack)).get();

        // the last two given back found the bound reached: closed at once
        assertThat(closed(accepted.get(2))).isTrue();
        assertThat(closed(accepted.get(3))).isTrue();
        List<ReplicaLinks.Link> taken = loop.submit(() -> {
            List<ReplicaLinks.Link> out = new ArrayList<>();
            for (ReplicaLinks.Link link = links.take(to); link != null; link = links.take(to)) {
                out.add(link);
            }
            return out;
        }).get();
        assertThat(taken).containsExactlyInAnyOrder(opened.get(0), opened.get(1));
        assertThat(taken).allMatch(link -> link.reused && link.channel.isActive());
    }

    @Test
    void anIdleConnectionIsClosedOnceIdleForTheKeepAlive() throws Exception {
        ReplicaLinks links = new ReplicaLinks(loop, NioSocketChannel.class, TimeUnit.MILLISECONDS.toNanos(200), 8);
        ReplicaLinks.Replica to = new ReplicaLinks.Replica("127.0.0.1", replica.getLocalPort());
        ReplicaLinks.Link link = links.new Link(to);
        links.open(link).sync();
        Socket upstream = accept();

        loop.submit(() -> links.giveBack(link)).get();

        // closed by the pool's timer (not by a call taking it): the replica sees the end of the connection
        assertThat(closed(upstream)).isTrue();
        assertThat(loop.submit(() -> links.take(to)).get()).isNull();
    }

    private Socket accept() throws IOException {
        Socket socket = replica.accept();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** Whether the gateway closed {@code socket}'s connection within the timeout (false: it stayed open). */
    private static boolean closed(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }
}
