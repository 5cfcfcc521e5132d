package io.jfaas.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ambiguous requests, written byte by byte on a socket, get the status RFC 9110/9112 give them and their connection
 * closed; the function a call reaches is the one the router matched; a failed call names no replica address.
 */
class StrictRequestsTest {

    @TempDir
    static Path state;

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(state, Map.of());
        gateway.deploy("real");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void two_host_headers_get_400_and_the_connection_closed() throws Exception {
        Exchange answer = exchange("GET /function/real HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(answer.text()).contains("more than one Host header");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void an_unknown_transfer_coding_gets_501() throws Exception {
        for (String coding : new String[] {"gzip, chunked", "identity", "x-smuggle"}) {
            Exchange answer = exchange("POST /function/real HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding
                    + "\r\n\r\n0\r\n\r\n");

            assertThat(answer.statusLine()).as(coding).isEqualTo("HTTP/1.1 501 Not Implemented");
            assertThat(answer.closed()).isTrue();
        }
    }

    @Test
    void chunked_twice_and_transfer_encoding_in_http_1_0_get_400() throws Exception {
        Exchange twice = exchange("POST /function/real HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        Exchange old = exchange("POST /function/real HTTP/1.0\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");

        assertThat(twice.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
        assertThat(old.statusLine()).startsWith("HTTP/1.0 400");
    }

    @Test
    void an_unknown_expectation_gets_417_and_100_continue_is_honoured() throws Exception {
        Exchange unknown = exchange("POST /function/real HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n"
                + "Content-Length: 1\r\n\r\nx");
        Exchange known = exchange("POST /function/real HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                + "Content-Length: 1\r\nConnection: close\r\n\r\nx");

        assertThat(unknown.statusLine()).isEqualTo("HTTP/1.1 417 Expectation Failed");
        assertThat(unknown.text()).contains("200-ok");
        assertThat(known.text()).contains("HTTP/1.1 200 OK");
    }

    @Test
    void a_folded_header_line_reaches_the_function_as_one_value_joined_by_a_space() throws Exception {
        Exchange answer = exchange("GET /function/real HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(answer.text()).containsIgnoringCase("X-Echo-Header-X-folded: one two\r\n");
    }

    @Test
    void close_in_a_connection_token_list_closes_the_connection_after_the_answer() throws Exception {
        Exchange answer = exchange("GET /function/real HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, close\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(answer.closed()).isTrue();
    }

    @Test
    void the_function_called_is_the_one_in_the_path_the_router_matched() throws Exception {
        Exchange answer = exchange("GET /function/ghost/../real/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(answer.text()).containsIgnoringCase("X-Echo-Path: /x\r\n");
    }

    @Test
    void cleartext_http2_with_prior_knowledge_is_not_served_unless_configured() throws Exception {
        Exchange answer = exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

        assertThat(answer.text()).as("an HTTP/1 answer, not an HTTP/2 SETTINGS frame").startsWith("HTTP/");
        assertThat(answer.statusLine()).doesNotContain(" 200 ");
    }

    @Test
    void an_unreachable_replica_is_502_naming_no_address() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestGateway other = TestGateway.start(state.resolve("other"), Map.of())) {
            other.deploy("gone");
            other.provider().upstreamPort(closedPort);

            var response = other.send("GET", "/function/gone", null);

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).isEqualTo("cannot reach function gone.openfaas-fn: connection refused\n")
                    .doesNotContain("127.0.0.1").doesNotContain(Integer.toString(closedPort));
        }
    }

    /** What came back on one connection: everything until the server closed it or went quiet for 10 s. */
    private record Exchange(String text, boolean closed) {
        String statusLine() {
            int end = text.indexOf("\r\n");
            return end < 0 ? text : text.substring(0, end);
        }
    }

    private static Exchange exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed;
            try {
                for (int n = in.read(buffer); ; n = in.read(buffer)) {
                    if (n < 0) {
                        closed = true;
                        break;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                closed = true; // reset
            }
            return new Exchange(out.toString(StandardCharsets.ISO_8859_1), closed);
        }
    }
}
