package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.jfaas.watchdog.config.WatchdogConfig;
import io.jfaas.watchdog.runner.Runners;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The modes for non-Java functions: a process per request (streaming, serializing) and http (proxied). */
class ModesTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Watchdog watchdog;
    private HttpServer upstream;

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (watchdog != null) {
            watchdog.stop();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    @Test
    void streaming_mode_runs_cat_per_request_and_streams_the_body_back() throws Exception {
        start(Map.of("fprocess", "cat"));

        HttpResponse<String> response = post("/", "hello from stdin");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from stdin");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void fork_modes_pass_the_request_in_http_variables() throws Exception {
        start(Map.of("fprocess", "env", "mode", "serializing"));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/orders/42?testing=1"))
                .header("X-Call-Id", "call-7").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.body().lines())
                .contains("Http_Method=GET", "Http_Path=/orders/42", "Http_Query=testing=1", "Http_X_Call_Id=call-7");
    }

    @Test
    void serializing_mode_answers_the_whole_output_with_the_configured_content_type() throws Exception {
        start(Map.of("fprocess", "cat", "mode", "serializing", "content_type", "application/json"));

        HttpResponse<String> response = post("/", "{\"a\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("X-Duration-Seconds")).isPresent();
    }

    @Test
    void serializing_mode_turns_a_failing_process_into_500() throws Exception {
        start(Map.of("fprocess", "false", "mode", "serializing"));

        HttpResponse<String> response = post("/", "x");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("exited with code 1");
    }

    @Test
    void serializing_mode_turns_a_process_past_exec_timeout_into_504() throws Exception {
        start(Map.of("fprocess", "sleep 120", "mode", "serializing", "exec_timeout", "300ms"));

        long startNanos = System.nanoTime();
        HttpResponse<String> response = post("/", "x");

        assertThat(response.statusCode()).isEqualTo(504);
        // far sooner than the process would end by itself, with room for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void streaming_mode_kills_a_process_past_exec_timeout() throws Exception {
        start(Map.of("fprocess", "sleep 120", "exec_timeout", "300ms"));

        long startNanos = System.nanoTime();
        HttpResponse<String> response = post("/", "x");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        // far sooner than the process would end by itself, with room for a loaded machine
        assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void a_missing_fprocess_program_is_500_not_a_dropped_connection() throws Exception {
        start(Map.of("fprocess", "/no/such/program", "mode", "serializing"));

        assertThat(post("/", "x").statusCode()).isEqualTo(500);
    }

    @Test
    void http_mode_proxies_method_path_query_headers_and_body_and_relays_the_answer() throws Exception {
        int port = startUpstream();
        start(httpMode(port));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/items/9?q=a%20b"))
                .header("X-Test", "yes").method("PUT", HttpRequest.BodyPublishers.ofString("payload")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("PUT /items/9?q=a%20b yes payload");
        assertThat(response.headers().firstValue("X-Upstream")).hasValue("here");
        assertThat(response.headers().firstValue("X-Duration-Seconds")).isPresent();
    }

    @Test
    void http_mode_gives_504_when_x_timeout_runs_out_before_the_upstream_answers() throws Exception {
        int port = startUpstream();
        start(httpMode(port));

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/slow")).header("X-Timeout", "200ms")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("X-OpenFaaS-Internal")).hasValue("of-watchdog");
    }

    @Test
    void http_mode_gives_500_and_is_not_ready_while_the_upstream_does_not_listen() throws Exception {
        int port = startUpstream();
        start(httpMode(port));
        assertThat(get("/_/ready").statusCode()).isEqualTo(200);

        upstream.stop(0);
        upstream = null;

        HttpResponse<String> response = post("/", "x");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("X-OpenFaaS-Internal")).hasValue("of-watchdog");
        assertThat(get("/_/ready").statusCode()).isEqualTo(503);
    }

    private Map<String, String> httpMode(int port) {
        return Map.of("mode", "http", "fprocess", "sleep 600", "upstream_url", "http://127.0.0.1:" + port);
    }

    /** The upstream of http mode, in this JVM (fprocess is a stand-in); /slow takes two seconds. */
    private int startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        upstream.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/slow")) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Test") + " " + body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Upstream", "here");
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        upstream.start();
        return upstream.getAddress().getPort();
    }

    private void start(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("port", "0", "JFAAS_BIND_ADDRESS", "127.0.0.1",
                "TMPDIR", tmp.toString(), "healthcheck_interval", "0", "JFAAS_METRICS_PORT", "0",
                "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
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

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
