package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import io.jfaas.watchdog.testing.BytesHandler;
import io.jfaas.watchdog.testing.GateHandler;
import io.jfaas.watchdog.testing.ReadyFlagHandler;
import io.jfaas.watchdog.testing.SecretHandler;
import io.jfaas.watchdog.testing.SleepyHandler;
import io.jfaas.watchdog.testing.WedgedHandler;
import java.nio.file.Path;
import io.jfaas.watchdog.config.WatchdogConfig;
import io.jfaas.watchdog.runner.Runners;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog in this JVM, on a free port, with test handlers. */
class WatchdogTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Watchdog watchdog;

    @TempDir
    Path tmp;

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

        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            assertThat(get("/").statusCode()).isEqualTo(200);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);

        // with Nagle's algorithm and delayed ACKs nearly every request waits ~40 ms for an ACK, however idle the
        // machine; without, a request takes well under a millisecond, a few on a loaded machine: the fastest quarter
        // tells the two apart without depending on how busy the machine is
        assertThat(Duration.ofNanos(nanos[nanos.length / 4])).isLessThan(Duration.ofMillis(20));
    }

    @Test
    void past_max_inflight_calls_get_429_and_readiness_says_so() throws Exception {
        GateHandler.reset();
        start(GateHandler.class, Map.of("max_inflight", "1"));
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(GateHandler.ENTERED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> second = get("/");
        HttpResponse<String> ready = get("/_/ready");

        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.body()).isEqualTo("Concurrent request limit exceeded. Max concurrent requests: 1\n");
        assertThat(second.headers().firstValue("X-OpenFaaS-Internal")).hasValue("faas-middleware");
        assertThat(ready.statusCode()).isEqualTo(429);
        assertThat(get("/_/health").statusCode()).isEqualTo(200);

        GateHandler.gate.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).body()).isEqualTo("through");
        assertThat(get("/_/ready").statusCode()).isEqualTo(200);
        assertThat(get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void past_exec_timeout_the_call_gets_504_and_the_handler_is_interrupted() throws Exception {
        SleepyHandler.interrupted = new CountDownLatch(1);
        start(SleepyHandler.class, Map.of("exec_timeout", "300ms"));

        long startNanos = System.nanoTime();
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.body()).contains("exec_timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(5));
        assertThat(SleepyHandler.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_handler_stuck_past_its_exec_timeout_makes_health_fail_until_it_returns() throws Exception {
        WedgedHandler.release = new CountDownLatch(1);
        start(WedgedHandler.class, Map.of("exec_timeout", "300ms"));
        try {
            assertThat(get("/wedge").statusCode()).isEqualTo(504);
            assertThat(get("/").body()).as("other calls are still served").isEqualTo("fine");

            await().atMost(Duration.ofSeconds(30)).until(() -> get("/_/health").statusCode() == 503);
            assertThat(get("/_/health").body()).contains("stuck in the handler");
            assertThat(get("/_/ready").statusCode()).isEqualTo(503);
        } finally {
            WedgedHandler.release.countDown();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/_/health").statusCode() == 200);
    }

    @Test
    void a_handler_that_stops_when_interrupted_leaves_health_alone() throws Exception {
        SleepyHandler.interrupted = new CountDownLatch(1);
        start(SleepyHandler.class, Map.of("exec_timeout", "300ms"));

        assertThat(get("/").statusCode()).isEqualTo(504);
        assertThat(SleepyHandler.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30))
                .until(() -> get("/_/health").statusCode() == 200);
    }

    @Test
    void a_body_over_the_limit_gets_413_whether_its_length_is_declared_or_chunked() throws Exception {
        start(BytesHandler.class, Map.of("JFAAS_MAX_REQUEST_BODY", "1Ki"));
        byte[] big = new byte[2048];

        HttpResponse<String> declared = http.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fits = http.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024])).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("limit of 1024 bytes").contains("JFAAS_MAX_REQUEST_BODY");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(fits.statusCode()).isEqualTo(200);
    }

    @Test
    void handlers_read_their_secrets_from_the_secrets_directory() throws Exception {
        Path secrets = Files.createDirectories(tmp.resolve("secrets"));
        Files.writeString(secrets.resolve("api-key"), "s3cr3t\n");
        Files.writeString(secrets.resolve("db-password"), "hunter2");
        start(SecretHandler.class, Map.of("JFAAS_SECRETS_DIR", secrets.toString()));

        assertThat(get("/").body()).isEqualTo("s3cr3t");
        assertThat(get("/?name=db-password").body()).isEqualTo("hunter2");
        assertThat(get("/?name=missing").body()).isEqualTo("<none>");
    }

    @Test
    void content_type_is_the_default_for_answers_that_set_none() throws Exception {
        start(BytesHandler.class, Map.of("content_type", "application/json"));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void the_lock_file_exists_while_serving_and_health_fails_without_it() throws Exception {
        start(EchoHandler.class, Map.of());
        Path lock = tmp.resolve(".lock");
        assertThat(lock).exists();
        assertThat(get("/_/health").statusCode()).isEqualTo(200);

        Files.delete(lock);

        assertThat(get("/_/health").statusCode()).isEqualTo(503);
        assertThat(get("/_/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void stopping_removes_the_lock_file() throws Exception {
        start(EchoHandler.class, Map.of());

        watchdog.stop();

        assertThat(tmp.resolve(".lock")).doesNotExist();
    }

    @Test
    void while_draining_calls_are_still_served_but_every_answer_closes_its_connection() throws Exception {
        start(EchoHandler.class, Map.of("healthcheck_interval", "5m"));
        assertThat(get("/x").headers().firstValue("connection")).isEmpty();
        Thread stopping = Thread.ofVirtual().start(watchdog::stop);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/_/health").statusCode() == 503);

            HttpResponse<String> call = get("/x");
            assertThat(call.statusCode()).isEqualTo(200);
            assertThat(call.headers().firstValue("connection")).hasValue("close");
        } finally {
            stopping.interrupt();
            stopping.join();
        }
    }

    @Test
    void suppress_lock_writes_no_lock_file_and_stays_healthy() throws Exception {
        start(EchoHandler.class, Map.of("suppress_lock", "true"));

        assertThat(tmp.resolve(".lock")).doesNotExist();
        assertThat(get("/_/health").statusCode()).isEqualTo(200);
    }

    @Test
    void health_says_whether_a_start_up_cache_was_used() throws Exception {
        start(EchoHandler.class, Map.of());

        assertThat(get("/_/health").headers().firstValue("X-Startup-Cache")).hasValue("none");
    }

    @Test
    void ready_path_asks_the_handler_too() throws Exception {
        ReadyFlagHandler.ready = false;
        start(ReadyFlagHandler.class, Map.of("ready_path", "/ready"));

        assertThat(get("/_/ready").statusCode()).isEqualTo(503);
        ReadyFlagHandler.ready = true;
        assertThat(get("/_/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void metrics_count_calls_by_code_and_method_but_not_health_checks() throws Exception {
        start(EchoHandler.class, Map.of());
        http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("a")).build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(uri("/")).POST(HttpRequest.BodyPublishers.ofString("b")).build(),
                HttpResponse.BodyHandlers.ofString());
        get("/?status=404");
        get("/_/health");

        await().atMost(Duration.ofSeconds(10)).until(() -> watchdog.metricsPort() > 0);
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + watchdog.metricsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

        assertThat(metrics)
                .contains("http_requests_total{code=\"200\",method=\"POST\"} 2\n")
                .contains("http_requests_total{code=\"404\",method=\"GET\"} 1\n")
                .contains("http_request_duration_seconds_count{code=\"200\",method=\"POST\"} 2\n")
                .contains("http_request_duration_seconds_bucket{code=\"200\",method=\"POST\",le=\"+Inf\"} 2\n")
                .contains("http_requests_in_flight 0\n")
                .doesNotContain("code=\"200\",method=\"GET\"");
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
                "JFAAS_HANDLER_CLASS", handlerClass, "TMPDIR", tmp.toString(), "healthcheck_interval", "0",
                "JFAAS_METRICS_PORT", "0"));
        all.putAll(env);
        WatchdogConfig config = WatchdogConfig.fromEnv(all);
        Watchdog candidate = new Watchdog(config, Runners.forConfig(config, all), StartupCache.NONE);
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
