package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.async.AsyncGateway;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules with a real nats-server, the gateway's routes with the async queue on it, and two connectors: one in
 * this JVM, one a process of its own ({@link ConnectorMain}) started from the test class path.
 */
class ScheduleIT {

    @TempDir
    static Path dir;

    static ConnectorNats nats;
    static AsyncGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        nats = ConnectorNats.start(dir.resolve("nats"), 1024 * 1024);
        gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    static Map<String, String> settings() {
        Map<String, String> env = new HashMap<>();
        env.put("gateway_url", gateway.uri("/").toString());
        env.put("basic_auth", "false");
        env.put("JFAAS_NATS_URL", nats.url());
        env.put("rebuild_interval", "200ms");
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("JFAAS_BIND_ADDRESS", "127.0.0.1");
        return env;
    }

    /** The X-Scheduled-Time of every call to the function with that X-Topic. */
    private static List<Instant> ticks() {
        return ticks(Instant.EPOCH);
    }

    /** The X-Scheduled-Time of every scheduled call for a tick after {@code since}. */
    private static List<Instant> ticks(Instant since) {
        List<Instant> ticks = new ArrayList<>();
        gateway.function.requestHeaders().forEach(headers -> {
            String tick = headers.getFirst("X-Scheduled-Time");
            if (tick != null && "cron-function".equals(headers.getFirst("X-Topic"))) {
                Instant at = Instant.parse(tick);
                if (at.isAfter(since)) {
                    ticks.add(at);
                }
            }
        });
        return ticks;
    }

    @Test
    void every_second_runs_once_per_second_with_two_connectors_running() throws Exception {
        Instant since = Instant.now();
        Process other = null;
        try (Connector here = Connector.start(ConnectorConfig.fromEnv(settings()), Optional.empty(),
                Json.newMapper())) {
            other = startProcess(dir.resolve("connector.log"));
            gateway.deploy("ticker", "{\"topic\":\"cron-function\",\"schedule\":\"@every 1s\"}");
            // both connectors run the schedule: this one has seen the function, the other is up and has claimed ticks
            await().atMost(Duration.ofSeconds(60)).until(() -> here.scheduler().nextRuns()
                    .containsKey(new FunctionRef("ticker", "openfaas-fn")));
            Path log = dir.resolve("connector.log");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(log).contains("ticker.openfaas-fn tick"));
            await().atMost(Duration.ofSeconds(30)).until(() -> ticks(since).size() >= 2);

            int seconds = 8;
            int before = ticks(since).size();
            long start = System.nanoTime();
            // a measurement window, not a wait for something: the schedule's ticks are counted over it
            await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(seconds + 5))
                    .until(() -> System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(seconds));
            int fired = ticks(since).size() - before;

            assertThat(fired).as("calls in %d s", seconds).isBetween(seconds - 1, seconds + 1);
            List<Instant> ticks = ticks(since);
            assertThat(ticks).as("each tick ran once").doesNotHaveDuplicates();
            // the two connectors' calls may arrive out of order; in order, the ticks are the schedule's: whole seconds
            List<Instant> inOrder = ticks.stream().sorted().toList();
            for (int i = 1; i < inOrder.size(); i++) {
                assertThat(Duration.between(inOrder.get(i - 1), inOrder.get(i)).toNanos() % 1_000_000_000L)
                        .isZero();
            }
            assertThat(Duration.between(inOrder.get(0), inOrder.get(inOrder.size() - 1)).toSeconds())
                    .as("ticks from first to last, each once: at most one left out").isBetween(
                            (long) inOrder.size() - 1, (long) inOrder.size());
            assertThat(Files.readString(log)).as("the other connector ran some ticks")
                    .containsPattern("ticker.openfaas-fn tick \\S+ \\(sync\\): 200");
            java.util.regex.Matcher health = java.util.regex.Pattern.compile("health on (http://\\S+/healthz)")
                    .matcher(Files.readString(log));
            assertThat(health.find()).isTrue();
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(health.group(1))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("connected to NATS").isEqualTo(200);
        } finally {
            if (other != null) {
                other.destroy();
                other.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void a_missed_tick_is_made_up_once_only_when_the_function_asks() throws Exception {
        Instant lastYear = Instant.parse("2025-01-01T00:00:00Z");
        try (Connection connection = Nats.connect(nats.url());
             TickClaims claims = new TickClaims.JetStreamKv(connection)) {
            // both ran at their last tick, a year ago; the tick of 2026-01-01 was missed while nothing ran
            assertThat(claims.claim(new FunctionRef("yearly-catch-up", "openfaas-fn"), lastYear)).isTrue();
            assertThat(claims.claim(new FunctionRef("yearly", "openfaas-fn"), lastYear)).isTrue();
            assertThat(claims.claim(new FunctionRef("yearly", "openfaas-fn"), lastYear)).as("claimed once").isFalse();
        }
        Instant missed = Instant.parse("2026-01-01T00:00:00Z");
        gateway.deploy("yearly-catch-up", "{\"topic\":\"cron-function\",\"schedule\":\"@yearly\","
                + "\"com.jfaas.schedule.catch-up\":\"true\"}");
        // the second of January: a run it made up would be told apart by its tick
        gateway.deploy("yearly", "{\"topic\":\"cron-function\",\"schedule\":\"0 0 2 1 *\"}");
        try (Connector connector = Connector.start(ConnectorConfig.fromEnv(settings()), Optional.empty(),
                Json.newMapper())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.scheduler().nextRuns()
                    .containsKey(new FunctionRef("yearly", "openfaas-fn")));
            await().atMost(Duration.ofSeconds(30)).until(() -> ticks().contains(missed));
            // the function without the annotation waits for its next tick, next year, and ran nothing meanwhile
            assertThat(connector.scheduler().nextRuns().get(new FunctionRef("yearly", "openfaas-fn")))
                    .isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
            try (Connection connection = Nats.connect(nats.url());
                 TickClaims claims = new TickClaims.JetStreamKv(connection)) {
                assertThat(claims.lastRun(new FunctionRef("yearly", "openfaas-fn"))).contains(lastYear);
                assertThat(claims.lastRun(new FunctionRef("yearly-catch-up", "openfaas-fn"))).contains(missed);
            }
            assertThat(ticks()).doesNotContain(Instant.parse("2026-01-02T00:00:00Z"));
            assertThat(ticks().stream().filter(missed::equals).count()).as("made up once").isEqualTo(1);
        }
    }

    @Test
    void a_connector_process_with_a_bad_setting_exits_naming_it() throws Exception {
        Path log = dir.resolve("bad-connector.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ConnectorMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(settings());
        builder.environment().put("gateway_url", "gateway:8080");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("connector: invalid configuration: gateway_url:")
                .doesNotContain("Exception");
    }

    private static Process startProcess(Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ConnectorMain.class.getName()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(settings());
        return builder.start();
    }
}
