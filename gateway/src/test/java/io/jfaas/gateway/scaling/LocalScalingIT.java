package io.jfaas.gateway.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.local.LocalProvider;
import io.jfaas.gateway.testing.LogCapture;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.imagestore.LocalImageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling in local mode, end to end: a gateway in this JVM with the local provider, replicas as real child JVMs, the
 * autoscaler deciding every 200 ms on short windows (6 s stable, 1 s panic) so the tests take seconds.
 */
class LocalScalingIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Gateway gateway;
    private LogCapture wakes;

    @BeforeEach
    void start() throws Exception {
        Path images = dir.resolve("images");
        TestImages.store(new LocalImageStore(images), "whoami:latest", Files.createDirectories(dir.resolve("work")),
                WhoAmIHandler.class);
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        env.put("HOME", dir.toString());
        env.put("port", "0");
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("basic_auth", "false");
        env.put("JFAAS_STATE_DIR", dir.resolve("state").toString());
        env.put("JFAAS_IMAGE_STORE", images.toString());
        env.put("JFAAS_WATCHDOG_CLASSPATH", Path.of("target", "watchdog").toAbsolutePath() + "/*");
        env.put("JFAAS_STARTUP_CACHE", "false");
        env.put("JFAAS_AUTOSCALE_INTERVAL", "200ms");
        env.put("JFAAS_SCALE_STABLE_WINDOW", "6s");
        env.put("JFAAS_SCALE_PANIC_WINDOW", "1s");
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
        wakes = LogCapture.of(ScaleFromZero.class.getName(), record -> record.getMessage() != null
                && record.getMessage().startsWith("waking "));
    }

    @AfterEach
    void stop() {
        if (wakes != null) {
            wakes.close();
        }
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Test
    void a_call_to_a_function_at_zero_wakes_it_and_gets_200() throws Exception {
        deploy("sleepy", Map.of());
        scaleToZero("sleepy");

        HttpResponse<String> response = call("/function/sleepy", "hi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).endsWith(" hi");
        assertThat(status("sleepy").path("replicas").asInt()).isEqualTo(1);
        assertThat(wakes.messages()).hasSize(1);
    }

    @Test
    void fifty_concurrent_calls_at_zero_all_get_200_and_wake_the_function_once() throws Exception {
        // min = max: the autoscaler leaves it alone, so every replica comes from the wake-up
        deploy("crowd", Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"));
        scaleToZero("crowd");

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(uri("/function/crowd"))
                    .POST(HttpRequest.BodyPublishers.ofString("call-" + i)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < 50; i++) {
            HttpResponse<String> response = calls.get(i).join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).endsWith(" call-" + i);
        }
        assertThat(wakes.messages()).containsExactly("waking crowd.openfaas-fn: scaling from 0 to 1 for a call");
        assertThat(((LocalProvider) gateway.provider()).processes()).hasSize(1);
    }

    @Test
    void a_load_step_raises_the_replicas_and_the_decision_is_visible() throws Exception {
        deploy("worker", Map.of("com.openfaas.scale.type", "capacity", "com.openfaas.scale.target", "2",
                "com.openfaas.scale.target-proportion", "1", "com.openfaas.scale.max", "4"));
        call("/function/worker", "warm");

        // eight slow calls at a time, for as long as it takes: 4 replicas' worth at 2 in flight each
        List<CompletableFuture<HttpResponse<String>>> load = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(keepCalling("/function/worker/sleep/300", Duration.ofSeconds(20)));
        }
        // the machine runs a replica per core to advantage: 4, or fewer on a smaller machine
        int expected = Math.min(4, Runtime.getRuntime().availableProcessors());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(status("worker").path("replicas").asInt()).isEqualTo(expected));

        JsonNode decision = status("worker").get("autoscaler");
        assertThat(decision.get("desiredReplicas").asInt()).isEqualTo(expected);
        assertThat(decision.get("mode").asText()).isIn("stable", "panic");
        assertThat(decision.get("reason").asText()).contains("in flight");
        if (expected < 4) {
            // once the load asks for 4, the reason names what holds it lower
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status("worker").get("autoscaler")
                    .get("reason").asText()).contains("at the machine's bound of " + expected + " replicas"));
        }
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.metricsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        // the decision may have moved on since the status was read, but never outside [1, max]
        assertThat(metrics).containsPattern(
                "jfaas_autoscaler_desired_replicas\\{function_name=\"worker.openfaas-fn\"} [1-4]\\.0");
        assertThat(metrics).containsPattern("jfaas_autoscaler_panic\\{function_name=\"worker.openfaas-fn\"} [01]\\.0");
        stopping.set(true);
        load.forEach(CompletableFuture::join);
    }

    @Test
    void without_labels_a_replica_with_no_limit_stays_alone_under_load_and_says_why() throws Exception {
        deploy("solo", Map.of());
        call("/function/solo", "warm");

        List<CompletableFuture<HttpResponse<String>>> load = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(keepCalling("/function/solo/sleep/300", Duration.ofSeconds(20)));
        }
        // decisions made while calls were in flight: enough load for OpenFaaS's defaults to scale out
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(status("solo").get("autoscaler")
                .get("reason").asText()).containsPattern("now [1-8] in flight; no max_inflight or CPU limit"));
        JsonNode decision = status("solo").get("autoscaler");
        assertThat(decision.get("desiredReplicas").asInt()).isEqualTo(1);
        assertThat(status("solo").path("replicas").asInt()).isEqualTo(1);
        stopping.set(true);
        load.forEach(CompletableFuture::join);
    }

    @Test
    void without_labels_replicas_at_their_max_inflight_get_more_replicas_up_to_the_machines_bound() throws Exception {
        deploy("busy", Map.of(), Map.of("max_inflight", "2"));
        call("/function/busy", "warm");

        // eight callers at a replica that takes two at a time: the rest are refused (429) until there are more
        List<CompletableFuture<HttpResponse<String>>> load = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(keepCalling("/function/busy/sleep/300", Duration.ofSeconds(30), 200, 429));
        }
        int expected = Math.min(4, Runtime.getRuntime().availableProcessors());
        await().atMost(Duration.ofSeconds(25)).untilAsserted(() ->
                assertThat(status("busy").path("replicas").asInt()).isEqualTo(expected));
        String reason = status("busy").get("autoscaler").get("reason").asText();
        assertThat(reason).contains("of max_inflight 2 a replica");
        stopping.set(true);
        load.forEach(CompletableFuture::join);
    }

    @Test
    void an_idle_function_with_scale_zero_goes_to_zero_and_the_next_call_wakes_it() throws Exception {
        deploy("dozy", Map.of("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", "2s"));
        assertThat(call("/function/dozy", "once").statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(status("dozy").path("replicas").asInt()).isZero();
            assertThat(((LocalProvider) gateway.provider()).processes()).isEmpty();
        });
        assertThat(status("dozy").get("autoscaler").get("mode").asText()).isEqualTo("idle");

        HttpResponse<String> again = call("/function/dozy", "again");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).endsWith(" again");
    }

    @Test
    void a_count_set_by_a_scale_request_is_held_and_the_decision_says_so() throws Exception {
        deploy("manual", Map.of());
        assertThat(call("/function/manual", "warm").statusCode()).isEqualTo(200);

        HttpResponse<String> scaled = HTTP.send(HttpRequest.newBuilder(uri("/system/scale-function/manual"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"serviceName\":\"manual\",\"replicas\":3}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scaled.statusCode()).isEqualTo(202);

        // idle, so the load alone would take it back to 1 at once; the autoscaler looks every 200 ms
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status("manual").get("autoscaler")
                .get("reason").asText()).contains("held at 3, set by a scale request"));
        JsonNode status = status("manual");
        assertThat(status.path("replicas").asInt()).isEqualTo(3);
        assertThat(status.get("autoscaler").get("desiredReplicas").asInt()).isEqualTo(3);
    }

    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

    /** Calls the path one call after another until told to stop or the time is up; completes with the last answer. */
    private CompletableFuture<HttpResponse<String>> keepCalling(String path, Duration atMost) {
        return keepCalling(path, atMost, 200);
    }

    /** As above, each answer's status one of {@code expected}. */
    private CompletableFuture<HttpResponse<String>> keepCalling(String path, Duration atMost, Integer... expected) {
        long deadline = System.nanoTime() + atMost.toNanos();
        return CompletableFuture.supplyAsync(() -> {
            HttpResponse<String> last = null;
            while (!stopping.get() && System.nanoTime() < deadline) {
                try {
                    last = HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                assertThat(last.statusCode()).isIn((Object[]) expected);
            }
            return last;
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    private void deploy(String name, Map<String, String> labels) throws Exception {
        deploy(name, labels, Map.of());
    }

    private void deploy(String name, Map<String, String> labels, Map<String, String> environment) throws Exception {
        Map<String, String> envVars = new HashMap<>(environment);
        envVars.put("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName());
        String body = JSON.writeValueAsString(Map.of("service", name, "image", "whoami:latest", "labels", labels,
                "envVars", envVars));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/system/functions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private void scaleToZero(String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/system/scale-function/" + name))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"serviceName\":\"" + name + "\",\"replicas\":0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> ((LocalProvider) gateway.provider()).processes().isEmpty());
    }

    private HttpResponse<String> call(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode status(String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/system/function/" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
