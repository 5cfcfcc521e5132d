package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay that serves plain invocations as bytes ({@link FunctionRelay}), against a replica played byte by byte:
 * how it frames answers, what it sends upstream, how it answers a replica that misbehaves, and that a connection it
 * hands over to the HTTP server goes on there.
 */
class FunctionRelayTest {

    private static final int TIMEOUT_MILLIS = 20_000;

    @TempDir
    Path state;

    @Test
    void theUpstreamRequestHasCanonicalNamesNoHopByHopHeadersAndTheCallHeaders() throws Exception {
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica)) {
            try (Socket client = client(gateway)) {
                send(client, "POST /function/fn/a/b?q=1 HTTP/1.1\r\nHost: gw.example\r\nx-custom-NAME: v\r\n"
                        + "Keep-Alive: timeout=5\r\nTE: trailers\r\nX-Start-Time: 1\r\nContent-Length: 2\r\n\r\nhi");
                try (Socket upstream = accept(replica)) {
                    String head = RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("POST /a/b?q=1 HTTP/1.1\r\n")
                            .contains("\r\nX-Custom-Name: v\r\n", "\r\nX-Forwarded-Host: gw.example\r\n",
                                    "\r\nX-Forwarded-For: 127.0.0.1\r\n", "\r\nContent-Length: 2\r\n",
                                    "\r\nX-Call-Id: ", "\r\nHost: 127.0.0.1:" + replica.getLocalPort() + "\r\n")
                            .doesNotContain("Keep-Alive", "TE:", "X-Start-Time: 1\r\n", "\r\nHost: gw.example");
                    assertThat(new String(upstream.getInputStream().readNBytes(2), StandardCharsets.ISO_8859_1))
                            .isEqualTo("hi");
                    send(upstream, "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: keep-alive\r\n"
                            + "x-call-id: from-function\r\n\r\nok");
                }
                String answer = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n")
                        .contains("\r\nContent-Length: 2\r\n", "\r\nX-Call-Id: from-function\r\n",
                                "\r\nX-Served-By: jfaas/", "\r\nX-Start-Time: ")
                        .doesNotContainIgnoringCase("connection:");
                assertThat(new String(client.getInputStream().readNBytes(2), StandardCharsets.ISO_8859_1))
                        .isEqualTo("ok");
            }
        }
    }

    @Test
    void aChunkedAnswerAndOneEndedByClosingReachTheClientChunkedAndWhole() throws Exception {
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica)) {
            try (Socket client = client(gateway)) {
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                try (Socket upstream = accept(replica)) {
                    RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    send(upstream, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n"
                            + "2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n");
                    assertThat(readChunkedBody(client.getInputStream())).isEqualTo("abcde");

                    // the same connection to the replica carries the next call
                    send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                    RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    send(upstream, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
                }
                assertThat(readChunkedBody(client.getInputStream())).isEqualTo("until the end");
            }
        }
    }

    @Test
    void aChunkedAnswerThatBreaksItsFramingOrBoundsIsCutAtOnce() throws Exception {
        String longLine = "1;" + "x".repeat(FunctionRelay.MAX_CHUNK_LINE);
        String longTrailers = "2\r\nok\r\n0\r\nX-T: " + "y".repeat(RelayHeads.MAX_ANSWER_HEAD);
        for (String body : new String[] {longLine, longTrailers, "zz\r\nabc\r\n", "3\r\nabcXY"}) {
            try (ServerSocket replica = replica();
                 TestGateway gateway = gatewayTo(replica);
                 Socket client = client(gateway)) {
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                try (Socket upstream = accept(replica)) {
                    RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    send(upstream, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
                    String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    // the client's connection ends (well before the upstream timeout), without the last chunk
                    assertThat(untilClosed(client.getInputStream())).doesNotContain("0\r\n\r\n");
                    assertThat(upstream.getInputStream().read()).as("the replica's connection is dropped")
                            .isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void anAnswerThatIsNotHttpIs502AndTheClientsConnectionGoesOn() throws Exception {
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica)) {
            try (Socket client = client(gateway)) {
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                try (Socket upstream = accept(replica)) {
                    RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    send(upstream, "SSH-2.0-OpenSSH\r\n\r\n");
                    String answer = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(answer).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
                            .contains("Content-Type: text/plain; charset=utf-8");
                    String body = readBody(client.getInputStream(), answer);
                    assertThat(body).isEqualTo("cannot reach function fn.openfaas-fn: its answer was not valid HTTP\n");
                }
                // a request of another route on the same connection: handed to the HTTP server, which answers it
                send(client, "GET /system/functions HTTP/1.1\r\nHost: gw\r\n\r\n");
                assertThat(RawHttp.readUntil(client.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void pipelinedCallsAreAnsweredInOrderAndAnUnusualOneIsLeftToTheServer() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("echo");
            try (Socket client = client(gateway)) {
                send(client, "POST /function/echo HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\n\r\none"
                        + "POST /function/echo HTTP/1.1\r\nHost: gw\r\nContent-Length: 3\r\n\r\ntwo"
                        + "POST /function/echo HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nthree\r\n0\r\n\r\n");
                InputStream in = client.getInputStream();
                for (String expected : new String[] {"one", "two", "three"}) {
                    String head = RawHttp.readUntil(in, "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    assertThat(head.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked")
                            ? readChunkedBodyAfterHead(in) : readBody(in, head)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aReplicaThatAnswersBeforeTheWholeBodyLeavesTheClientsConnectionUsable() throws Exception {
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica)) {
            try (Socket client = client(gateway)) {
                send(client, "POST /function/fn HTTP/1.1\r\nHost: gw\r\nContent-Length: 10\r\n\r\n12345");
                try (Socket upstream = accept(replica)) {
                    RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                    send(upstream, "HTTP/1.1 413 Too Big\r\nContent-Length: 4\r\n\r\nbig!");
                    String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 413 Too Big\r\n");
                    assertThat(readBody(client.getInputStream(), head)).isEqualTo("big!");
                }
                // the rest of the refused body, then a call of another route: the server answers it
                send(client, "67890GET /system/functions HTTP/1.1\r\nHost: gw\r\n\r\n");
                assertThat(RawHttp.readUntil(client.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
            }
        }
    }

    @Test
    void aGetWhoseKeptConnectionTheReplicaClosedIsSentAgainAndAPostIs502() throws Exception {
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica)) {
            try (Socket client = client(gateway)) {
                Socket first = answerOnce(client, replica, "GET");
                // the replica closes the kept-alive connection: the next GET finds it closed and goes on a new one
                first.close();
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                try (Socket second = accept(replica)) {
                    RawHttp.readUntil(second.getInputStream(), "\r\n\r\n");
                    send(second, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain");
                    String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    assertThat(readBody(client.getInputStream(), head)).isEqualTo("again");

                    // a POST on a connection the replica then closes without answering is not sent twice
                    send(client, "POST /function/fn HTTP/1.1\r\nHost: gw\r\nContent-Length: 1\r\n\r\nx");
                    RawHttp.readUntil(second.getInputStream(), "\r\n\r\n");
                }
                String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 502");
                assertThat(readBody(client.getInputStream(), head))
                        .isEqualTo("cannot reach function fn.openfaas-fn: the connection was closed before the"
                                + " answer\n");
            }
        }
    }

    @Test
    void aReplicaThatRefusesTheConnectionOrNeverAnswersIs502() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("upstream_timeout", "1s"));
             ServerSocket silent = replica()) {
            int closedPort;
            try (ServerSocket gone = replica()) {
                closedPort = gone.getLocalPort();
            }
            gateway.provider().upstreamPort(closedPort);
            gateway.deploy("fn");
            try (Socket client = client(gateway)) {
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 502");
                assertThat(readBody(client.getInputStream(), head))
                        .isEqualTo("cannot reach function fn.openfaas-fn: connection refused\n");

                gateway.provider().upstreamPort(silent.getLocalPort());
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                try (Socket upstream = silent.accept()) {
                    head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 502");
                    assertThat(readBody(client.getInputStream(), head)).isEqualTo("function fn.openfaas-fn did not"
                            + " answer within the gateway's upstream_timeout of 1s\n");
                }
            }
            assertThat(gateway.provider().released()).isEqualTo(gateway.provider().resolved());
        }
    }

    @Test
    void anAnswerFarLargerThanTheBuffersReachesTheClientWholeWithBackPressure() throws Exception {
        long size = 64L << 20;
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("bulk");
            try (Socket client = client(gateway)) {
                send(client, "GET /function/bulk/generate/" + size + " HTTP/1.1\r\nHost: gw\r\n\r\n");
                InputStream in = client.getInputStream();
                String head = RawHttp.readUntil(in, "\r\n\r\n");
                assertThat(head).startsWith("HTTP/1.1 200").contains("\r\nContent-Length: " + size + "\r\n");
                byte[] buffer = new byte[64 * 1024];
                long read = 0;
                while (read < size) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    read += n;
                }
                assertThat(read).isEqualTo(size);
            }
        }
    }

    @Test
    void aConnectionGoesOnAfterLargeBodiesThatFilledTheReplicasBuffers() throws Exception {
        byte[] body = new byte[4 << 20];
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("bulk");
            try (Socket client = client(gateway)) {
                for (int round = 0; round < 4; round++) {
                    send(client, "POST /function/bulk/count HTTP/1.1\r\nHost: gw\r\nContent-Length: " + body.length
                            + "\r\n\r\n");
                    client.getOutputStream().write(body);
                    String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    assertThat(readBody(client.getInputStream(), head)).startsWith(body.length + " ");

                    // the next request on the connection is read, whatever the body's end left paused
                    send(client, "GET /function/bulk/count HTTP/1.1\r\nHost: gw\r\n\r\n");
                    head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    assertThat(readBody(client.getInputStream(), head)).startsWith("0 ");
                }
            }
        }
    }

    @Test
    void callsToOtherFunctionsOnOneConnectionAreCountedForEach() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("first");
            gateway.deploy("second");
            try (Socket client = client(gateway)) {
                for (String name : new String[] {"first", "second", "second", "first", "first"}) {
                    send(client, "GET /function/" + name + " HTTP/1.1\r\nHost: gw\r\n\r\n");
                    String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                    assertThat(head).startsWith("HTTP/1.1 200");
                    readBody(client.getInputStream(), head);
                }
            }
            String scrape = gateway.scrape();
            assertThat(scrape).containsPattern(
                    "gateway_function_invocation_total\\{[^}]*function_name=\"first.openfaas-fn\"[^}]*} 3");
            assertThat(scrape).containsPattern(
                    "gateway_function_invocation_total\\{[^}]*function_name=\"second.openfaas-fn\"[^}]*} 2");
        }
    }

    @Test
    void eachCallOnOneConnectionGoesToTheReplicaItWasGivenWithThatReplicasHost() throws Exception {
        try (ServerSocket first = replica();
             ServerSocket second = replica();
             TestGateway gateway = gatewayTo(first);
             Socket client = client(gateway)) {
            for (ServerSocket replica : new ServerSocket[] {first, second, first}) {
                gateway.provider().upstreamPort(replica.getLocalPort());
                send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
                // a fresh connection to the replica for the first call there; the kept one for the second
                Socket upstream = accept(replica);
                String head = RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                assertThat(head).contains("\r\nHost: 127.0.0.1:" + replica.getLocalPort() + "\r\n");
                send(upstream, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nConnection: close\r\n\r\nsent");
                String answer = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200");
                assertThat(readBody(client.getInputStream(), answer)).isEqualTo("sent");
                upstream.close();
            }
        }
    }

    @Test
    void requestsPipelinedBehindACallInFlightAreReadAheadOnlyToTheBoundThenRelayedWhole() throws Exception {
        int bodySize = 16 << 20;
        try (ServerSocket replica = replica();
             TestGateway gateway = gatewayTo(replica);
             Socket client = client(gateway)) {
            // a small send buffer of its own, so that what the client manages to write is what the gateway took in
            client.setSendBufferSize(16 * 1024);
            send(client, "GET /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
            try (Socket upstream = accept(replica)) {
                RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                // behind the call in flight, a whole second request: far more than the relay reads ahead
                LargePost post = LargePost.start(client, bodySize);

                // the gateway stops reading: the client's writes stall well short of the body (the bound plus what
                // the kernel buffers on both sides), and stay stalled while the first call is in flight
                post.awaitStalledFarShortOfTheBody();

                send(upstream, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
                String first = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(readBody(client.getInputStream(), first)).isEqualTo("first");

                // then the second call goes upstream with every byte of its body
                String head = RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                assertThat(head).startsWith("POST / HTTP/1.1\r\n").contains("Content-Length: " + bodySize);
                skipBody(upstream.getInputStream(), bodySize);
                post.awaitSentWhole();
                send(upstream, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
                String second = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(readBody(client.getInputStream(), second)).isEqualTo("second");
            }
        }
    }

    @Test
    void aBodyArrivingWhileTheReplicaConnectionOpensIsHeldOnlyToTheBoundThenRelayedWhole() throws Exception {
        int bodySize = 16 << 20;
        try (ServerSocket replica = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             TestGateway gateway = gatewayTo(replica);
             Socket client = client(gateway)) {
            replica.setSoTimeout(TIMEOUT_MILLIS);
            // the replica's accept queue (backlog 1: two connections) is full, so the kernel drops the gateway's
            // connection attempts and the relay's connection stays opening until there is room
            List<Socket> fillers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                fillers.add(new Socket(InetAddress.getLoopbackAddress(), replica.getLocalPort()));
            }
            client.setSendBufferSize(16 * 1024);
            LargePost post = LargePost.start(client, bodySize);

            // the relay holds what it read of the body and reads no more until the connection is open
            post.awaitStalledFarShortOfTheBody();

            for (Socket filler : fillers) {
                replica.accept().close();
                filler.close();
            }
            try (Socket upstream = accept(replica)) {
                String head = RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
                assertThat(head).startsWith("POST / HTTP/1.1\r\n").contains("Content-Length: " + bodySize);
                skipBody(upstream.getInputStream(), bodySize);
                post.awaitSentWhole();
                send(upstream, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nwhole");
                String answer = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
                assertThat(answer).startsWith("HTTP/1.1 200");
                assertThat(readBody(client.getInputStream(), answer)).isEqualTo("whole");
            }
        }
    }

    /** A POST of a large body to {@code fn}, written by a thread of its own that counts what the socket took. */
    private static final class LargePost {
        private final int bodySize;
        private final AtomicLong written = new AtomicLong();
        private Thread writer;

        private LargePost(int bodySize) {
            this.bodySize = bodySize;
        }

        static LargePost start(Socket client, int bodySize) {
            LargePost post = new LargePost(bodySize);
            post.writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    out.write(("POST /function/fn HTTP/1.1\r\nHost: gw\r\nContent-Length: " + bodySize
                            + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    byte[] block = new byte[8192];
                    java.util.Arrays.fill(block, (byte) 'b');
                    for (int sent = 0; sent < bodySize; sent += block.length) {
                        out.write(block);
                        post.written.addAndGet(block.length);
                    }
                    out.flush();
                } catch (IOException e) {
                    post.written.set(-1);
                }
            });
            return post;
        }

        /** Waits until the writes have not moved for half a second, a quarter of the body or less in. */
        void awaitStalledFarShortOfTheBody() {
            long[] last = {Long.MIN_VALUE, 0};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long now = System.nanoTime();
                long value = written.get();
                if (value != last[0]) {
                    last[0] = value;
                    last[1] = now;
                    return false;
                }
                return now - last[1] >= TimeUnit.MILLISECONDS.toNanos(500);
            });
            assertThat(written.get()).isBetween(0L, (long) bodySize / 4);
            assertThat(writer.isAlive()).isTrue();
        }

        /** Waits for the writer to finish, having sent the whole body. */
        void awaitSentWhole() throws InterruptedException {
            writer.join(TIMEOUT_MILLIS);
            assertThat(written.get()).isEqualTo(bodySize);
        }
    }

    /** Reads {@code size} bytes of a body, failing if it ends early. */
    private static void skipBody(InputStream in, long size) throws IOException {
        byte[] buffer = new byte[65536];
        for (long received = 0; received < size; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, size - received));
            assertThat(n).as("the body ends early").isPositive();
            received += n;
        }
    }

    /** One GET on {@code client} answered on a fresh replica connection, which is returned open. */
    private static Socket answerOnce(Socket client, ServerSocket replica, String method) throws IOException {
        send(client, method + " /function/fn HTTP/1.1\r\nHost: gw\r\n\r\n");
        Socket upstream = accept(replica);
        RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n");
        send(upstream, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nonce");
        String head = RawHttp.readUntil(client.getInputStream(), "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200");
        assertThat(readBody(client.getInputStream(), head)).isEqualTo("once");
        return upstream;
    }

    /** A gateway whose function {@code fn} is served by {@code replica}. */
    private TestGateway gatewayTo(ServerSocket replica) throws Exception {
        TestGateway gateway = TestGateway.start(state, Map.of());
        gateway.provider().upstreamPort(replica.getLocalPort());
        gateway.deploy("fn");
        return gateway;
    }

    /** The next connection the gateway opens to {@code replica}. */
    private static Socket accept(ServerSocket replica) throws IOException {
        Socket upstream = replica.accept();
        upstream.setSoTimeout(TIMEOUT_MILLIS);
        return upstream;
    }

    private static ServerSocket replica() throws IOException {
        ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private static Socket client(TestGateway gateway) throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** What arrives until the peer closes (or resets) the connection. */
    private static String untilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // a reset ends it as a close does
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    /** The body of an answer whose head was read, by its Content-Length. */
    private static String readBody(InputStream in, String head) throws IOException {
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Reads an answer's head, which must say chunked, and its chunked body. */
    private static String readChunkedBody(InputStream in) throws IOException {
        String head = RawHttp.readUntil(in, "\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200").contains("\r\nTransfer-Encoding: chunked\r\n");
        return readChunkedBodyAfterHead(in);
    }

    private static String readChunkedBodyAfterHead(InputStream in) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String size = RawHttp.readUntil(in, "\r\n").trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                assertThat(RawHttp.readUntil(in, "\r\n")).isEqualTo("\r\n");
                return body.toString();
            }
            body.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            assertThat(RawHttp.readUntil(in, "\r\n")).isEqualTo("\r\n");
        }
    }
}
