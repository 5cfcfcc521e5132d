package io.jfaas.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.GatewayProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections that never finish, against the packaged gateway in a process of its own: a client trickling headers, an
 * idle kept-alive connection, and one client opening 10,000 connections and leaving them idle. Each is closed by the
 * gateway, which keeps serving other clients.
 */
class ClientConnectionsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path work;

    @Test
    void headers_trickled_slower_than_read_timeout_get_the_connection_closed() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of("read_timeout", "1s",
                "JFAAS_IDLE_TIMEOUT", "1h")); Socket socket = new Socket("127.0.0.1", gateway.port())) {
            long start = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            // one more header byte every 100 ms: never idle, never complete
            boolean closed = trickleUntilClosed(socket, PATIENCE);

            assertThat(closed).as("the gateway closed the connection").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void the_metrics_listener_closes_a_connection_that_sends_no_headers_too() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of("read_timeout", "1s"));
             Socket socket = new Socket("127.0.0.1", gateway.metricsPort())) {
            socket.setSoTimeout((int) PATIENCE.toMillis());
            long start = System.nanoTime();

            assertThat(socket.getInputStream().read()).as("end of stream: the gateway closed it").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void an_idle_kept_alive_connection_is_closed_after_the_idle_timeout() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of("read_timeout", "1h",
                "JFAAS_IDLE_TIMEOUT", "1s")); Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout((int) PATIENCE.toMillis());
            String answer = readHead(socket.getInputStream());
            long answered = System.nanoTime();

            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(socket.getInputStream().read()).as("end of stream: the gateway closed it").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - answered)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void ten_thousand_idle_connections_from_one_client_leave_the_gateway_serving_others() throws Exception {
        InetAddress hostile = InetAddress.getByName("127.0.0.2");
        List<Socket> sockets = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of("JFAAS_MAX_CONNECTIONS_PER_CLIENT", "100"))) {
            try {
                for (int i = 0; i < 10_000; i++) {
                    Socket socket = new Socket();
                    socket.bind(new InetSocketAddress(hostile, 0));
                    socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), 10_000);
                    sockets.add(socket);
                }
                HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> served = other.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/healthz"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());

                assertThat(served.statusCode()).isEqualTo(200);
                // all but the cap were closed by the gateway: only 100 of the hostile sockets are still open
                List<Socket> open = new ArrayList<>(sockets);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    open.removeIf(ClientConnectionsIT::closedByPeer);
                    assertThat(open).hasSize(100);
                });
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    /** Sends one byte every 100 ms until the peer closes (true) or {@code patience} passes (false). */
    private static boolean trickleUntilClosed(Socket socket, Duration patience) throws IOException {
        socket.setSoTimeout(100);
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                socket.getOutputStream().write('a');
                if (socket.getInputStream().read() == -1) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // still open: next byte
            } catch (IOException e) {
                return true; // reset by the peer
            }
        }
        return false;
    }

    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        // the body of /healthz is empty (Content-Length: 0)
        return head.toString();
    }
}
