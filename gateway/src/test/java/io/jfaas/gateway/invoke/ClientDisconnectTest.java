package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.LogCapture;
import io.jfaas.gateway.testing.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that goes away with a call in flight (as wrk does with every connection when its run ends): the gateway
 * logs nothing alarming, gives the replica's lease back and drops the upstream call.
 */
class ClientDisconnectTest {

    @TempDir
    Path state;

    /** Every record of WARNING or above, or carrying an exception, logged by anyone in the process. */
    private LogCapture alarming;

    @BeforeEach
    void captureLog() {
        alarming = LogCapture.of("", record -> record.getLevel().intValue() >= Level.WARNING.intValue()
                || record.getThrown() != null);
    }

    @AfterEach
    void releaseLog() {
        alarming.close();
    }

    @Test
    void a_client_gone_before_the_answer_leaves_no_error_and_the_lease_and_upstream_connection_are_given_back()
            throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of());
             java.net.ServerSocket silent = new java.net.ServerSocket(0, 8,
                     java.net.InetAddress.getLoopbackAddress())) {
            // a function that reads the call and never answers: it sees when the gateway drops the connection
            gateway.provider().upstreamPort(silent.getLocalPort());
            gateway.deploy("slow");
            silent.setSoTimeout(20_000);
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                send(socket, "GET /function/slow HTTP/1.1\r\nHost: test\r\n\r\n");
                try (Socket upstream = silent.accept()) {
                    upstream.setSoTimeout(20_000);
                    assertThat(RawHttp.readUntil(upstream.getInputStream(), "\r\n\r\n")).startsWith("GET / HTTP/1.1");
                    socket.close();

                    // the gateway closes its connection to the function: the function reads the end of the stream
                    assertThat(endOfStream(upstream.getInputStream())).isTrue();
                }
            }

            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.provider().released() == 1);
            assertThat(gateway.scrape()).contains("code=\"499\"");
            assertNoAlarms();
        }
    }

    @Test
    void a_client_gone_in_the_middle_of_a_streamed_answer_leaves_no_error_and_the_lease_is_given_back()
            throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("ticker");
            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.setSoTimeout(20_000);
                send(socket, "GET /function/ticker/events HTTP/1.1\r\nHost: test\r\n\r\n");
                String seen = RawHttp.readUntil(socket.getInputStream(), "data: one");
                assertThat(seen).startsWith("HTTP/1.1 200");
            }
            // the function goes on writing to a client that is gone
            gateway.function().releaseEvent();

            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.provider().released() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.function().openExchanges() == 0);
            assertNoAlarms();
        }
    }

    @Test
    void many_clients_leaving_at_any_point_of_their_calls_leave_no_error_and_every_lease_is_given_back()
            throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("storm");
            byte[] body = "x".repeat(20_000).getBytes(StandardCharsets.ISO_8859_1);
            ExecutorService clients = Executors.newFixedThreadPool(16);
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            List<Future<Integer>> done = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                done.add(clients.submit(() -> storm(gateway.port(), body, until)));
            }
            int calls = 0;
            for (Future<Integer> client : done) {
                calls += client.get();
            }
            clients.shutdown();

            assertThat(calls).isGreaterThan(16);
            // each call the gateway took on ends: every lease it took is given back
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> gateway.provider().released() == gateway.provider().resolved());
            assertThat(gateway.provider().resolved()).isGreaterThan(0);
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.function().openExchanges() == 0);
            assertNoAlarms();
        }
    }

    /** Calls on keep-alive connections, leaving each connection at a random point: returns the calls sent. */
    private static int storm(int port, byte[] body, long until) throws Exception {
        int sent = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < until) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                socket.setSoLinger(random.nextBoolean(), 0);
                int calls = 1 + random.nextInt(4);
                for (int i = 0; i < calls; i++) {
                    boolean last = i == calls - 1;
                    String path = random.nextBoolean() ? "/function/storm/generate/300000" : "/function/storm/echo";
                    send(socket, "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length
                            + "\r\n\r\n");
                    socket.getOutputStream().write(body);
                    sent++;
                    if (last) {
                        // leave at once, after part of the answer, or never having read any
                        int read = random.nextInt(3);
                        if (read == 1) {
                            socket.getInputStream().read(new byte[1 + random.nextInt(8192)]);
                        }
                        break;
                    }
                    readAnswer(socket.getInputStream());
                }
            } catch (java.io.IOException ignored) {
                // the gateway may have closed first
            }
        }
        return sent;
    }

    private void assertNoAlarms() {
        assertThat(alarming.records()).extracting(record -> record.getLevel() + " " + record.getLoggerName() + ": "
                + record.getMessage() + (record.getThrown() == null ? "" : " " + record.getThrown())).isEmpty();
    }

    private static void send(Socket socket, String text) throws java.io.IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** True when the peer closed the connection (or reset it); a read timeout fails the test. */
    private static boolean endOfStream(InputStream in) throws java.io.IOException {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            throw e;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /** Reads one answer with a Content-Length body. */
    private static void readAnswer(InputStream in) throws java.io.IOException {
        String head = RawHttp.readUntil(in, "\r\n\r\n");
        long length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        byte[] buffer = new byte[8192];
        while (length > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
            if (n < 0) {
                return;
            }
            length -= n;
        }
    }
}
