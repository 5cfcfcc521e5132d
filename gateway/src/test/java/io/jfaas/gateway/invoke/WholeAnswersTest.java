package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An answer whose declared length has all been read is sent to the client with its head in one write
 * ({@code end(body)}); an answer whose bytes come in parts, or with no declared length, is relayed part by part as
 * before. Either way the client gets every byte once, the call is counted once, and the replica's connection is kept.
 */
class WholeAnswersTest {

    private static final String NAME = "answers";

    @TempDir
    Path state;

    @Test
    void an_answer_of_declared_length_that_comes_in_two_parts_reaches_the_client_whole_and_its_connection_is_kept()
            throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of());
             ServerSocket function = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            gateway.provider().upstreamPort(function.getLocalPort());
            gateway.deploy(NAME);
            function.setSoTimeout(20_000);

            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call(gateway, NAME));
            try (Socket upstream = function.accept()) {
                upstream.setSoTimeout(20_000);
                InputStream in = upstream.getInputStream();
                OutputStream out = upstream.getOutputStream();
                assertThat(RawHttp.readUntil(in, "\r\n\r\n")).startsWith("GET / HTTP/1.1");
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nContent-Type: text/plain\r\n\r\nhello");
                // the rest of the body in a write of its own: read apart or together, the client gets it once
                write(out, " you!");
                HttpResponse<String> answer = first.get();
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("hello you!");
                assertThat(answer.headers().firstValue("Content-Length")).contains("10");

                // the second call goes on the same connection to the function, answered in one piece
                CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> call(gateway, NAME));
                assertThat(RawHttp.readUntil(in, "\r\n\r\n")).startsWith("GET / HTTP/1.1");
                write(out, "HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nwhole");
                HttpResponse<String> whole = second.get();
                assertThat(whole.statusCode()).isEqualTo(201);
                assertThat(whole.body()).isEqualTo("whole");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> gateway.provider().released() == 2);
            String scrape = gateway.scrape();
            assertThat(scrape).containsPattern("gateway_function_invocation_total\\{[^}]*code=\"200\"[^}]*} 1\\.0");
            assertThat(scrape).containsPattern("gateway_function_invocation_total\\{[^}]*code=\"201\"[^}]*} 1\\.0");
        }
    }

    @Test
    void an_answer_of_declared_length_zero_and_one_without_a_length_are_relayed_whole() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of());
             ServerSocket function = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            gateway.provider().upstreamPort(function.getLocalPort());
            gateway.deploy(NAME);
            function.setSoTimeout(20_000);

            CompletableFuture<HttpResponse<String>> empty = CompletableFuture.supplyAsync(() -> call(gateway, NAME));
            try (Socket upstream = function.accept()) {
                upstream.setSoTimeout(20_000);
                InputStream in = upstream.getInputStream();
                OutputStream out = upstream.getOutputStream();
                RawHttp.readUntil(in, "\r\n\r\n");
                write(out, "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n");
                assertThat(empty.get().statusCode()).isEqualTo(204);
                assertThat(empty.get().body()).isEmpty();

                CompletableFuture<HttpResponse<String>> chunked = CompletableFuture.supplyAsync(() -> call(gateway, NAME));
                RawHttp.readUntil(in, "\r\n\r\n");
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
                write(out, "2\r\nde\r\n0\r\n\r\n");
                assertThat(chunked.get().statusCode()).isEqualTo(200);
                assertThat(chunked.get().body()).isEqualTo("abcde");
            }
        }
    }

    @Test
    void a_declared_length_is_read_as_a_plain_count_of_bytes_or_not_at_all() {
        assertThat(InvokeHandler.declaredLength("28")).isEqualTo(28);
        assertThat(InvokeHandler.declaredLength("0")).isZero();
        assertThat(InvokeHandler.declaredLength(null)).isEqualTo(-1);
        assertThat(InvokeHandler.declaredLength("")).isEqualTo(-1);
        assertThat(InvokeHandler.declaredLength("1x")).isEqualTo(-1);
        assertThat(InvokeHandler.declaredLength("-1")).isEqualTo(-1);
        assertThat(InvokeHandler.declaredLength(" 5")).isEqualTo(-1);
        assertThat(InvokeHandler.declaredLength("9".repeat(19))).isEqualTo(-1);
    }

    private static HttpResponse<String> call(TestGateway gateway, String name) {
        try {
            return gateway.send("GET", "/function/" + name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(OutputStream out, String text) throws java.io.IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
