package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.model.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /async-function} against a real nats-server: accepted calls are stored in JetStream and run by the queue
 * worker through the gateway's {@code /function} route, with retries, dead letters, redrive and callbacks.
 */
class AsyncInvocationIT {

    @TempDir
    static Path dir;

    static NatsServerProcess nats;
    static AsyncGateway gateway;
    static CallbackReceiver callbacks;

    @BeforeAll
    static void start() throws Exception {
        nats = TestNats.start(dir.resolve("nats"));
        gateway = AsyncGateway.start(dir.resolve("state"), Map.of(
                "JFAAS_NATS_URL", nats.url(),
                "ack_wait", "1s",
                "JFAAS_ASYNC_RETRY_MIN_WAIT", "50ms",
                "JFAAS_ASYNC_RETRY_MAX_WAIT", "200ms",
                "JFAAS_ASYNC_MAX_REQUEST_BODY", "1000"));
        callbacks = CallbackReceiver.start(0);
        gateway.deploy("plain", "{}");
        gateway.deploy("retry3", "{\"com.openfaas.retry.attempts\":\"3\"}");
        gateway.deploy("retry2", "{\"com.openfaas.retry.attempts\":\"2\",\"com.openfaas.retry.codes\":\"503,429\"}");
    }

    @AfterAll
    static void stop() {
        if (callbacks != null) {
            callbacks.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private static String callId() {
        return UUID.randomUUID().toString();
    }

    private static HttpResponse<String> async(String path, String body, String callId) throws Exception {
        return gateway.send("POST", "/async-function/" + path, body,
                Map.of("X-Call-Id", callId, "X-Callback-Url", callbacks.url()));
    }

    @Test
    void unknown_function_is_404_and_nothing_is_queued() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/async-function/nosuch", "x", Map.of());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("nosuch.openfaas-fn").contains("not found");
    }

    @Test
    void only_post_is_accepted() throws Exception {
        HttpResponse<String> response = gateway.send("GET", "/async-function/plain", null, Map.of());
        assertThat(response.statusCode()).isEqualTo(405);
    }

    @Test
    void invalid_callback_url_is_400() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/async-function/plain", "x",
                Map.of("X-Callback-Url", "not a url"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("X-Callback-Url").contains("not a url");
    }

    @Test
    void body_over_the_limit_is_413_naming_the_limit() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/async-function/plain", "x".repeat(1001), Map.of());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("1000 bytes").contains("JFAAS_ASYNC_MAX_REQUEST_BODY");
    }

    @Test
    void accepted_call_answers_202_with_call_id_and_start_time_and_runs_with_method_path_query_and_body()
            throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/async-function/plain/sub/path?a=1&b=2", "hello",
                Map.of("X-Callback-Url", callbacks.url()));
        assertThat(response.statusCode()).isEqualTo(202);
        String callId = response.headers().firstValue("X-Call-Id").orElseThrow();
        assertThat(response.headers().firstValue("X-Start-Time")).hasValueSatisfying(t -> assertThat(t).matches("\\d+"));

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        assertThat(gateway.function.requests()).contains("POST /sub/path?a=1&b=2");
        assertThat(callbacks.forCall(callId).orElseThrow().body()).isEqualTo("hello");
        assertThat(gateway.function.calls(callId)).isEqualTo(1);
    }

    @Test
    void callback_carries_every_header_and_the_function_response() throws Exception {
        String callId = callId();
        assertThat(async("plain/echo", "payload", callId).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        CallbackReceiver.Callback callback = callbacks.forCall(callId).orElseThrow();
        assertThat(callback.header("X-Call-Id")).isEqualTo(callId);
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.header("X-Function-Name")).isEqualTo("plain.openfaas-fn");
        assertThat(Double.parseDouble(callback.header("X-Duration-Seconds"))).isGreaterThan(0);
        assertThat(callback.header("X-Retry")).isEqualTo("0");
        assertThat(callback.header("X-Retry-Max")).isEqualTo("2"); // the gateway's default: 3 attempts
        assertThat(callback.header("X-Function-Header")).isEqualTo("yes");
        assertThat(callback.body()).isEqualTo("payload");
    }

    @Test
    void retries_a_failing_call_with_the_same_call_id_until_it_succeeds() throws Exception {
        String callId = callId();
        assertThat(async("retry3/fail-times/2", "x", callId).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        CallbackReceiver.Callback callback = callbacks.forCall(callId).orElseThrow();
        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
        assertThat(callback.header("X-Retry")).isEqualTo("2");
        assertThat(callback.header("X-Retry-Max")).isEqualTo("2");
        assertThat(gateway.function.calls(callId)).isEqualTo(3);
        assertThat(deadLetters().findValuesAsText("callId")).doesNotContain(callId);
    }

    @Test
    void a_status_not_in_the_retry_codes_is_not_retried() throws Exception {
        String callId = callId();
        assertThat(async("retry2/status/500", "x", callId).statusCode()).isEqualTo(202); // retry2 retries 503, 429

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        assertThat(callbacks.forCall(callId).orElseThrow().header("X-Function-Status")).isEqualTo("500");
        assertThat(gateway.function.calls(callId)).isEqualTo(1);
    }

    @Test
    void dead_letters_a_call_after_its_last_attempt_then_redrive_runs_it_again() throws Exception {
        String callId = callId();
        assertThat(async("retry2/until-healed", "x", callId).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        assertThat(callbacks.forCall(callId).orElseThrow().header("X-Function-Status")).isEqualTo("503");
        assertThat(gateway.function.calls(callId)).isEqualTo(2);
        JsonNode letter = letterOf(callId);
        assertThat(letter.get("function").asText()).isEqualTo("retry2.openfaas-fn");
        assertThat(letter.get("status").asInt()).isEqualTo(503);
        assertThat(letter.get("attempts").asInt()).isEqualTo(2);
        assertThat(letter.get("time").asText()).isNotEmpty();

        gateway.function.heal();
        HttpResponse<String> redrive = gateway.send("POST", "/system/async/dead-letters/" + callId + "/redrive",
                null, Map.of());
        assertThat(redrive.statusCode()).isEqualTo(200);
        assertThat(redrive.body()).contains(callId);

        await().atMost(Duration.ofSeconds(20)).until(() -> "200".equals(
                callbacks.forCall(callId).orElseThrow().header("X-Function-Status")));
        assertThat(gateway.function.calls(callId)).isEqualTo(3);
        assertThat(deadLetters().findValuesAsText("callId")).doesNotContain(callId);
        assertThat(gateway.send("POST", "/system/async/dead-letters/" + callId + "/redrive", null, Map.of())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void a_call_longer_than_ack_wait_runs_exactly_once() throws Exception {
        String callId = callId();
        assertThat(async("plain/sleep/3500", "x", callId).statusCode()).isEqualTo(202); // ack_wait is 1s

        await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.forCall(callId).isPresent());
        assertThat(callbacks.forCall(callId).orElseThrow().header("X-Function-Status")).isEqualTo("200");
        assertThat(gateway.function.calls(callId)).isEqualTo(1);
        JetStreamQueue queue = (JetStreamQueue) gateway.async.queue();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.consumerPendingAndRedelivered()[0] == 0);
        assertThat(queue.consumerPendingAndRedelivered()[1]).isZero();
    }

    @Test
    void the_same_call_id_is_queued_once() throws Exception {
        String callId = callId();
        assertThat(async("plain/once", "x", callId).statusCode()).isEqualTo(202);
        assertThat(async("plain/once", "x", callId).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(callId).isPresent());
        String other = callId();
        assertThat(async("plain/once", "x", other).statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.forCall(other).isPresent());
        assertThat(gateway.function.calls(callId)).isEqualTo(1);
    }

    @Test
    void system_info_says_the_queue_is_durable() throws Exception {
        JsonNode info = Json.newMapper().readTree(gateway.send("GET", "/system/info", null, Map.of()).body());
        assertThat(info.at("/async/durable").asBoolean()).isTrue();
        assertThat(info.at("/async/queue").asText()).contains("JetStream")
                .contains(NatsEnvelope.withoutCredentials(nats.url())).doesNotContain("@");
    }

    private static JsonNode deadLetters() throws Exception {
        HttpResponse<String> response = gateway.send("GET", "/system/async/dead-letters", null, Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.newMapper().readTree(response.body());
    }

    private static JsonNode letterOf(String callId) throws Exception {
        for (JsonNode letter : deadLetters()) {
            if (letter.get("callId").asText().equals(callId)) {
                return letter;
            }
        }
        throw new AssertionError("no dead letter for " + callId + " in " + deadLetters());
    }
}
