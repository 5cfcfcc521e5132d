package io.jfaas.watchdog;

import static io.jfaas.watchdog.testing.WatchdogProcess.codeSource;
import static io.jfaas.watchdog.testing.WatchdogProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jfaas.function.FunctionHandler;
import io.jfaas.watchdog.testing.SlowHandler;
import io.jfaas.watchdog.testing.TinyUpstream;
import io.jfaas.watchdog.testing.WatchdogProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog as its own process, as it runs in a replica: start-up, SIGTERM and draining. */
class WatchdogProcessIT {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;
    private WatchdogProcess watchdog;
    private Process process;

    @AfterEach
    void kill() {
        if (watchdog != null) {
            watchdog.close();
        }
    }

    @Test
    void requests_in_flight_finish_after_sigterm_and_the_process_exits_0() throws Exception {
        start(SlowHandler.class);
        CompletableFuture<HttpResponse<String>> first = http.sendAsync(
                HttpRequest.newBuilder(uri("/?name=one&ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> second = http.sendAsync(
                HttpRequest.newBuilder(uri("/?name=two&ms=1500")).build(), HttpResponse.BodyHandlers.ofString());
        awaitLines("started one", "started two");

        process.destroy(); // SIGTERM

        assertThat(first.get(20, TimeUnit.SECONDS).body()).isEqualTo("finished one");
        assertThat(second.get(20, TimeUnit.SECONDS).body()).isEqualTo("finished two");
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void after_sigterm_no_new_connection_is_accepted() throws Exception {
        start(SlowHandler.class);

        process.destroy();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/_/health")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void after_sigterm_health_turns_503_for_the_healthcheck_interval_before_the_drain() throws Exception {
        start(SlowHandler.class, Map.of("healthcheck_interval", "2s"));
        assertThat(get("/_/health").statusCode()).isEqualTo(200);

        process.destroy();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/_/health").statusCode())
                .isEqualTo(503));
        assertThat(process.isAlive()).isTrue();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void http_mode_runs_any_program_and_exits_when_it_exits() throws Exception {
        int upstreamPort = startInHttpModeWithTinyUpstream();
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/_/ready").statusCode() == 200);

        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri("/hello?x=1"))
                .POST(HttpRequest.BodyPublishers.ofString("body")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("upstream saw POST /hello?x=1 body");
        awaitLines("stdout: tiny upstream listening");

        try {
            get("/exit");
        } catch (IOException expected) {
            // the upstream died mid-call
        }

        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void an_fprocess_child_dies_when_the_watchdog_is_killed_with_sigkill() throws Exception {
        startInHttpModeWithTinyUpstream();
        awaitLines("stdout: tiny upstream listening");
        ProcessHandle upstream = process.children().findFirst().orElseThrow();
        assertThat(upstream.info().commandLine().orElse("")).contains(TinyUpstream.class.getName());

        try {
            process.destroyForcibly(); // SIGKILL: the watchdog runs no code of its own on the way out

            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(upstream.onExit()).succeedsWithin(Duration.ofSeconds(20));
            assertThat(upstream.isAlive()).isFalse();
        } finally {
            upstream.destroyForcibly();
        }
    }

    @Test
    void log_lines_carry_the_time_as_openfaas_watchdogs_print_it() throws Exception {
        int upstreamPort = startInHttpModeWithTinyUpstream();
        awaitLines("stdout: tiny upstream listening");

        // Go's standard logger: "2006/01/02 15:04:05 " before the watchdog's own lines and the function's output
        String goTime = "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} ";
        assertThat(watchdog.lines()).anyMatch(line -> line.matches(goTime + "watchdog: .*ready on.*"))
                .anyMatch(line -> line.matches(goTime + "stdout: tiny upstream listening on " + upstreamPort));
    }

    @Test
    void a_bad_setting_exits_2_naming_the_variable() throws Exception {
        ProcessBuilder builder = WatchdogProcess.command(tmp, SlowHandler.class, freePort());
        builder.environment().put("write_timeout", "forever");
        Process failing = builder.redirectErrorStream(true).start();
        String text = new String(failing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(failing.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(failing.exitValue()).isEqualTo(2);
        assertThat(text).contains("write_timeout: \"forever\" is not a duration");
    }

    /** Starts the watchdog in http mode with {@link TinyUpstream} as its fprocess; returns the upstream's port. */
    private int startInHttpModeWithTinyUpstream() throws Exception {
        int upstreamPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        start(SlowHandler.class, Map.of("mode", "http", "upstream_url", "http://127.0.0.1:" + upstreamPort,
                "fprocess", java + " -cp " + codeSource(TinyUpstream.class) + " " + TinyUpstream.class.getName() + " "
                        + upstreamPort));
        return upstreamPort;
    }

    private void start(Class<? extends FunctionHandler> handler) throws Exception {
        start(handler, Map.of());
    }

    private void start(Class<? extends FunctionHandler> handler, Map<String, String> env) throws Exception {
        watchdog = WatchdogProcess.start(tmp, handler, env, "ready on");
        process = watchdog.process();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitLines(String... fragments) throws InterruptedException {
        watchdog.awaitLines(fragments);
    }

    private URI uri(String path) {
        return watchdog.uri(path);
    }
}
