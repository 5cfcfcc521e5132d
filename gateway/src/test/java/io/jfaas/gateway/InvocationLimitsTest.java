package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.OneCallPerConnectionFunction;
import io.jfaas.gateway.testing.TestGateway;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    void a_client_still_sending_a_refused_body_gets_the_413_and_may_finish_sending_before_the_connection_closes()
            throws Exception {
        try (TestGateway gateway = TestGateway.start(state, Map.of("JFAAS_MAX_REQUEST_BODY", "1Ki"));
             Socket socket = new Socket("127.0.0.1", gateway.port())) {
            gateway.deploy("small");
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("POST /function/small HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            writeChunk(out, chunk);

            String answer = readAnswer(in);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("Connection: close").contains("limit of 1024 bytes");

            // the rest of the body (2 MiB) is read and dropped: closing at once would reset the connection under the
            // client's writes (here: an IOException), and a reset can destroy an answer the client has not read yet
            for (int i = 0; i < 32; i++) {
                writeChunk(out, chunk);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // then the gateway closes the connection
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    private static void writeChunk(OutputStream out, byte[] chunk) throws IOException {
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Reads one answer with a Content-Length: its head and its body. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + read);
            }
            read.write(b);
            String text = read.toString(StandardCharsets.ISO_8859_1);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                java.util.regex.Matcher length = java.util.regex.Pattern
                        .compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, headEnd));
                if (length.find() && text.length() - headEnd - 4 >= Integer.parseInt(length.group(1))) {
                    return text;
                }
            }
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
