package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.testing.TestGateway;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics listener and the invocation meters, with OpenFaaS's names and labels. */
class GatewayMetricsTest {

    @TempDir
    static Path state;

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(state, Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void completed_calls_are_counted_by_function_name_dot_namespace_and_status() throws Exception {
        gateway.deploy("counted");
        gateway.send("POST", "/function/counted", "a");
        gateway.send("POST", "/function/counted.openfaas-fn", "b");
        gateway.send("GET", "/function/counted/status/500", null);

        // a call is recorded once its last byte is written, which may be just after the client has it all
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(gateway.scrape())
                .contains("gateway_function_invocation_total{code=\"200\",function_name=\"counted.openfaas-fn\"} 2.0")
                .contains("gateway_function_invocation_total{code=\"500\",function_name=\"counted.openfaas-fn\"} 1.0")
                .contains("gateway_function_invocation_started{function_name=\"counted.openfaas-fn\"} 3.0")
                .contains("gateway_function_invocation_inflight{function_name=\"counted.openfaas-fn\"} 0.0")
                .contains("gateway_functions_seconds_count{code=\"200\",function_name=\"counted.openfaas-fn\"} 2")
                .containsPattern("gateway_functions_seconds_bucket\\{code=\"200\",function_name=\"counted.openfaas-fn\","
                        + "le=\"0\\.005\"} \\d")
                .contains("le=\"10.0\""));
    }

    @Test
    void service_count_is_each_functions_desired_replicas_at_scrape_time() throws Exception {
        gateway.deploy("replicated");

        assertThat(gateway.scrape()).contains("gateway_service_count{function_name=\"replicated.openfaas-fn\"} 1.0");
    }

    @Test
    void calls_to_unknown_functions_create_no_meters() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/function/made-up-name", "x");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(gateway.scrape()).doesNotContain("made-up-name");
    }

    @Test
    void listings_carry_the_invocation_count() throws Exception {
        gateway.deploy("popular");
        gateway.send("POST", "/function/popular", "a");
        gateway.send("POST", "/function/popular", "b");

        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.send("GET", "/system/function/popular", null)
                .body().contains("\"invocationCount\":2.0"));
        HttpResponse<String> list = gateway.send("GET", "/system/functions", null);
        HttpResponse<String> one = gateway.send("GET", "/system/function/popular", null);

        JsonNode listed = null;
        for (JsonNode function : new ObjectMapper().readTree(list.body())) {
            if (function.get("name").asText().equals("popular")) {
                listed = function;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("invocationCount").asDouble()).isEqualTo(2.0);
        assertThat(one.body()).contains("\"invocationCount\":2.0");
    }

    @Test
    void the_metrics_listener_answers_healthz_and_jvm_meters() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                gateway.metricsUri("/healthz")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("OK");
        assertThat(gateway.scrape()).contains("jvm_memory_used_bytes");
    }
}
