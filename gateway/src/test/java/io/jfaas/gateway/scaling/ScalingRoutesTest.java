package io.jfaas.gateway.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.TestGateway;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The routes of scaling: AlertManager's webhook, and calls to functions at zero, against a fake provider. */
class ScalingRoutesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path state;

    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        gateway = TestGateway.start(state, Map.of("JFAAS_MAX_HELD_CALLS", "2"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void a_firing_alert_adds_the_historical_twenty_percent_of_twenty_replicas() throws Exception {
        deploy("busy", "openfaas-fn", Map.of());

        HttpResponse<String> response = alert("firing", "busy.openfaas-fn");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(gateway.provider().scaledTo(ref("busy", "openfaas-fn"))).contains(5L);
    }

    @Test
    void firing_alerts_step_by_the_factor_of_max_and_stop_at_max() throws Exception {
        deploy("stepper", "team-a", Map.of("com.openfaas.scale.max", "10", "com.openfaas.scale.factor", "50"));

        alert("firing", "stepper.team-a");
        assertThat(gateway.provider().scaledTo(ref("stepper", "team-a"))).contains(6L);
        alert("firing", "stepper.team-a");

        assertThat(gateway.provider().scaledTo(ref("stepper", "team-a"))).contains(10L);
    }

    @Test
    void a_resolved_alert_goes_back_to_the_minimum_and_a_factor_of_zero_never_adds() throws Exception {
        deploy("calm", "openfaas-fn", Map.of("com.openfaas.scale.min", "2"));
        deploy("still", "openfaas-fn", Map.of("com.openfaas.scale.factor", "0"));
        gateway.provider().scale(ref("calm", "openfaas-fn"), 7).join();

        HttpResponse<String> response = send("/system/alert", "{\"status\":\"resolved\",\"alerts\":["
                + "{\"status\":\"resolved\",\"labels\":{\"function_name\":\"calm.openfaas-fn\"}},"
                + "{\"status\":\"firing\",\"labels\":{\"function_name\":\"still\"}}]}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(gateway.provider().scaledTo(ref("calm", "openfaas-fn"))).contains(2L);
        // 1 replica and min 1: nothing to change
        assertThat(gateway.provider().scaledTo(ref("still", "openfaas-fn"))).isEmpty();
    }

    @Test
    void an_alert_for_an_unknown_function_is_500_naming_it_and_the_others_are_still_handled() throws Exception {
        deploy("known", "openfaas-fn", Map.of());

        HttpResponse<String> response = send("/system/alert", "{\"status\":\"firing\",\"alerts\":["
                + "{\"status\":\"firing\",\"labels\":{\"function_name\":\"ghost.openfaas-fn\"}},"
                + "{\"status\":\"firing\",\"labels\":{\"function_name\":\"known.openfaas-fn\"}},"
                + "{\"status\":\"firing\",\"labels\":{}}]}");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).isEqualTo("cannot scale ghost.openfaas-fn: function ghost.openfaas-fn not found\n"
                + "an alert has no function_name label\n");
        assertThat(gateway.provider().scaledTo(ref("known", "openfaas-fn"))).contains(5L);
    }

    @Test
    void a_deployment_with_an_invalid_scale_label_is_refused_with_400_naming_it() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/system/functions", "{\"service\":\"odd\","
                + "\"image\":\"x:1\",\"labels\":{\"com.openfaas.scale.type\":\"queue\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("validation failed: label com.openfaas.scale.type must be one of rps,"
                + " capacity, cpu, saturation (\"queue\")\n");
        assertThat(gateway.provider().deployed(ref("odd", "openfaas-fn"))).isEmpty();
    }

    @Test
    void a_body_that_is_not_a_webhook_is_400() throws Exception {
        HttpResponse<String> response = send("/system/alert", "{\"alerts\": 7}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("failed to unmarshal request: alerts:");
    }

    @Test
    void a_call_at_zero_is_held_until_the_function_wakes_and_calls_over_the_bound_get_429() throws Exception {
        deploy("sleepy", "openfaas-fn", Map.of());
        FunctionRef sleepy = ref("sleepy", "openfaas-fn");
        gateway.provider().scale(sleepy, 0).join();
        CompletableFuture<Void> scaling = gateway.provider().holdScaling();

        List<CompletableFuture<HttpResponse<String>>> held = List.of(call("/function/sleepy"),
                call("/function/sleepy"));
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.fromZero().held(sleepy) == 2);
        HttpResponse<String> refused = call("/function/sleepy").join();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.body()).contains("is starting from zero and 2 calls wait for it already");
        assertThat(held).noneMatch(CompletableFuture::isDone);
        scaling.complete(null);
        assertThat(held).allSatisfy(call -> assertThat(call.join().statusCode()).isEqualTo(200));
        assertThat(gateway.provider().scaledTo(sleepy)).contains(1L);
        assertThat(gateway.scrape()).contains(
                "gateway_function_invocation_total{code=\"429\",function_name=\"sleepy.openfaas-fn\"} 1.0");
    }

    private void deploy(String name, String namespace, Map<String, String> labels) {
        gateway.provider().deploy(new FunctionDeployment(name, "x:1", namespace, null, Map.of(), List.of(),
                List.of(), labels, Map.of(), null, null, false)).join();
    }

    private HttpResponse<String> alert(String status, String function) throws Exception {
        return send("/system/alert", "{\"receiver\":\"scale-up\",\"status\":\"" + status + "\",\"alerts\":[{\"status\":\""
                + status + "\",\"labels\":{\"alertname\":\"APIHighInvocationRate\",\"function_name\":\"" + function
                + "\",\"service\":\"gateway\"}}]}");
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return gateway.send("POST", path, body);
    }

    private CompletableFuture<HttpResponse<String>> call(String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(gateway.uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static FunctionRef ref(String name, String namespace) {
        return new FunctionRef(name, namespace);
    }
}
