package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.OneCallPerConnectionFunction;
import io.jfaas.gateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's limits: read_timeout, write_timeout, upstream_timeout, the body maximum, and streamed responses. */
class InvocationLimitsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path state;

    @Test
    void a_function_that_does_not_answer_within_upstream_timeout_gets_502_naming_the_setting() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("upstream_timeout", "1s"))) {
            gateway.deploy("slow");
            int releasedBefore = gateway.provider().released();

            HttpResponse<String> response = gateway.send("GET", "/function/slow/hang", null);

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("slow.openfaas-fn").contains("upstream_timeout of 1s");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gateway.provider().released()).isEqualTo(releasedBefore + 1));
        }
    }

    @Test
    void a_response_not_complete_within_write_timeout_gets_504_naming_the_setting() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("write_timeout", "1s"))) {
            gateway.deploy("slow");

            HttpResponse<String> response = gateway.send("GET", "/function/slow/hang", null);

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(response.body()).contains("write_timeout of 1s");
        }
    }

    @Test
    void a_request_body_that_does_not_arrive_within_read_timeout_gets_408_and_the_connection_closes() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("read_timeout", "1s"));
             Socket socket = new Socket("127.0.0.1", gateway.port())) {
            gateway.deploy("patient");
            socket.setSoTimeout(20_000);

            socket.getOutputStream().write(("POST /function/patient HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n"
                    + "abc").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // readAllBytes returns only once the gateway closes the connection
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 408").contains("read_timeout of 1s");
        }
    }

    @Test
    void a_declared_body_above_the_maximum_is_413_naming_the_limit_without_calling_the_function() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("JFAAS_MAX_REQUEST_BODY", "1Ki"))) {
            gateway.deploy("small");
            int releasedBefore = gateway.provider().released();

            HttpResponse<String> tooLarge = gateway.send("POST", "/function/small", "x".repeat(1025));
            HttpResponse<String> fits = gateway.send("POST", "/function/small", "x".repeat(1024));

            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("1025 bytes").contains("limit of 1024 bytes")
                    .contains("JFAAS_MAX_REQUEST_BODY");
            assertThat(fits.statusCode()).isEqualTo(200);
            assertThat(fits.body()).hasSize(1024);
            // only the call that fits took a replica; its lease is given back just after the client has the answer
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gateway.provider().released()).isEqualTo(releasedBefore + 1));
        }
    }

    @Test
    void a_chunked_body_that_grows_above_the_maximum_is_413() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("JFAAS_MAX_REQUEST_BODY", "1Ki"))) {
            gateway.deploy("small");
            byte[] body = new byte[64 * 1024];

            // a body from a stream has no declared length: the client sends it chunked
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.uri("/function/small"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(response.body()).contains("limit of 1024 bytes");
        }
    }

    @Test
    void server_sent_events_reach_the_client_as_the_function_sends_them() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("ticker");

            HttpResponse<Stream<String>> response = HTTP.send(HttpRequest.newBuilder(gateway.uri("/function/ticker/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            Iterator<String> lines = response.body().iterator();

            assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            // the function holds its second event until this first one has reached the client through the gateway
            assertThat(lines.next()).isEqualTo("data: one");
            assertThat(lines.next()).isEmpty();
            gateway.function().releaseEvent();
            assertThat(lines.next()).isEqualTo("data: two");
        }
    }

    @Test
    void a_client_that_leaves_mid_call_frees_the_upstream() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of())) {
            gateway.deploy("abandoned");
            int releasedBefore = gateway.provider().released();

            try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                socket.getOutputStream().write("GET /function/abandoned/hang HTTP/1.1\r\nHost: test\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(10)).until(() -> gateway.scrape()
                        .contains("gateway_function_invocation_inflight{function_name=\"abandoned.openfaas-fn\"} 1.0"));
            }

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.provider().released() == releasedBefore + 1);
        }
    }

    @Test
    void a_get_whose_pooled_connection_was_closed_by_the_function_is_sent_again_and_a_post_is_not() throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of());
             OneCallPerConnectionFunction function = OneCallPerConnectionFunction.start()) {
            gateway.deploy("racy");
            gateway.provider().upstreamPort(function.port());

            HttpResponse<String> first = gateway.send("GET", "/function/racy", null);
            HttpResponse<String> reused = gateway.send("GET", "/function/racy", null);
            int connectionsAfterGets = function.connections();
            HttpResponse<String> post = gateway.send("POST", "/function/racy", null);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(reused.statusCode()).isEqualTo(200);
            assertThat(reused.body()).isEqualTo("ok");
            assertThat(connectionsAfterGets).isEqualTo(2);
            assertThat(post.statusCode()).isEqualTo(502);
            assertThat(post.body()).contains("cannot reach function racy.openfaas-fn");
        }
    }
}
