package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.watchdog.testing.BarrierHandler;
import io.jfaas.watchdog.testing.EchoHandler;
import io.jfaas.watchdog.testing.FailingHandler;
import io.jfaas.watchdog.testing.InitFailingHandler;
import io.jfaas.watchdog.testing.NotAHandler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog in this JVM, on a free port, with test handlers. */
class WatchdogTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Watchdog watchdog;

    @AfterEach
    void stop() {
        if (watchdog != null) {
            watchdog.stop();
        }
    }

    @Test
    void method_path_query_headers_and_body_reach_the_handler() throws Exception {
        start(EchoHandler.class, Map.of());
        HttpRequest request = HttpRequest.newBuilder(uri("/orders/42?name=Ada%20L&x=1"))
                .header("X-Test", "present")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Seen-Method")).hasValue("PATCH");
        assertThat(response.headers().firstValue("X-Seen-Path")).hasValue("/orders/42");
        assertThat(response.headers().firstValue("X-Seen-Query")).hasValue("name=Ada%20L&x=1");
        assertThat(response.headers().firstValue("X-Seen-Name-Param")).hasValue("Ada L");
        assertThat(response.headers().firstValue("X-Seen-Test-Header")).hasValue("present");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("{\"a\":1}");
    }

    @Test
    void binary_bodies_pass_unchanged_both_ways() throws Exception {
        start(EchoHandler.class, Map.of());
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void the_handler_sets_the_status_and_knows_its_function_name() throws Exception {
        start(EchoHandler.class, Map.of("OPENFAAS_NAME", "orders", "OPENFAAS_NAMESPACE", "shop"));

        HttpResponse<String> response = get("/?status=201");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Seen-Function")).hasValue("orders.shop");
    }

    @Test
    void every_answer_carries_x_duration_seconds() throws Exception {
        start(EchoHandler.class, Map.of());

        HttpResponse<String> response = get("/");

        assertThat(response.headers().firstValue("X-Duration-Seconds").orElseThrow()).matches("\\d+\\.\\d{6}");
    }

    @Test
    void health_and_readiness_answer_ok() throws Exception {
        start(EchoHandler.class, Map.of());

        assertThat(get("/_/health").statusCode()).isEqualTo(200);
        assertThat(get("/_/health").body()).isEqualTo("OK");
        assertThat(get("/_/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void health_answers_405_to_anything_but_get() throws Exception {
        start(EchoHandler.class, Map.of());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/_/health"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void head_gets_the_headers_without_a_body() throws Exception {
        start(EchoHandler.class, Map.of());

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Seen-Method")).hasValue("HEAD");
        assertThat(response.body()).isEmpty();
    }

    @Test
    void a_handler_exception_is_500_with_a_generic_body() throws Exception {
        start(FailingHandler.class, Map.of());

        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("Internal Server Error\n").doesNotContain("secret");
    }

    @Test
    void a_handler_returning_null_is_500() throws Exception {
        start(FailingHandler.class, Map.of());

        assertThat(get("/?null").statusCode()).isEqualTo(500);
    }

    @Test
    void requests_are_served_concurrently() throws Exception {
        start(BarrierHandler.class, Map.of());

        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        // BarrierHandler answers only when both requests are inside it at once
        assertThat(first.get().body()).isEqualTo("together");
        assertThat(second.get().body()).isEqualTo("together");
    }

    @Test
    void sequential_requests_on_one_connection_are_not_delayed_by_nagle() throws Exception {
        start(EchoHandler.class, Map.of());
        get("/");

        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            assertThat(get("/").statusCode()).isEqualTo(200);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        // with Nagle's algorithm and delayed ACKs each request takes ~40 ms: 200 take 8 s
        assertThat(elapsed).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_missing_handler_class_stops_start_up_naming_the_setting() {
        assertThatThrownBy(() -> start("com.example.Missing", Map.of()))
                .hasMessageContaining("com.example.Missing")
                .hasMessageContaining("JFAAS_HANDLER_CLASS");
    }

    @Test
    void a_class_that_is_not_a_handler_stops_start_up() {
        assertThatThrownBy(() -> start(NotAHandler.class, Map.of()))
                .hasMessageContaining("does not implement io.jfaas.function.FunctionHandler");
    }

    @Test
    void a_failing_init_stops_start_up() {
        assertThatThrownBy(() -> start(InitFailingHandler.class, Map.of())).hasMessageContaining("database unreachable");
    }

    @Test
    void a_port_in_use_stops_start_up_naming_the_port() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> start(EchoHandler.class.getName(), Map.of("port", Integer.toString(port),
                    "JFAAS_BIND_ADDRESS", "0.0.0.0")))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + port);
        }
    }

    private void start(Class<?> handler, Map<String, String> env) throws Exception {
        start(handler.getName(), env);
    }

    private void start(String handlerClass, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("port", "0", "JFAAS_BIND_ADDRESS", "127.0.0.1",
                "JFAAS_HANDLER_CLASS", handlerClass));
        all.putAll(env);
        WatchdogConfig config = WatchdogConfig.fromEnv(all);
        Watchdog candidate = new Watchdog(config, new JavaRunner(config, all));
        candidate.start();
        watchdog = candidate;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + watchdog.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
