package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.model.FunctionRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue worker in the gateway's process calls functions without an HTTP request to the gateway's own route: here
 * that route is where nothing listens, and calls still complete, are counted, retried and called back as before.
 */
class InProcessWorkerIT {

    @TempDir
    Path dir;

    @Test
    void calls_complete_with_their_answer_counted_and_called_back_without_the_gateways_http_route() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url(),
                     "JFAAS_ASYNC_RETRY_MIN_WAIT", "50ms", "JFAAS_ASYNC_RETRY_MAX_WAIT", "200ms"), true);
             CallbackReceiver callbacks = CallbackReceiver.start(0)) {
            gateway.deploy("direct", "{\"com.openfaas.retry.attempts\":\"3\"}");
            String plain = UUID.randomUUID().toString();
            String flaky = UUID.randomUUID().toString();

            assertThat(gateway.send("POST", "/async-function/direct/echo?x=1", "payload",
                    Map.of("X-Call-Id", plain, "X-Callback-Url", callbacks.url(), "X-Custom", "kept"))
                    .statusCode()).isEqualTo(202);
            assertThat(gateway.send("POST", "/async-function/direct/fail-times/2", "again",
                    Map.of("X-Call-Id", flaky, "X-Callback-Url", callbacks.url())).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.forCall(plain).isPresent()
                    && callbacks.forCall(flaky).isPresent());
            CallbackReceiver.Callback answer = callbacks.forCall(plain).orElseThrow();
            assertThat(answer.header("X-Function-Status")).isEqualTo("200");
            assertThat(answer.body()).isEqualTo("payload");
            assertThat(answer.header("X-Function-Header")).isEqualTo("yes");
            assertThat(gateway.function.requests()).contains("POST /echo?x=1");
            // a retryable failure is tried again: the third attempt succeeds
            assertThat(callbacks.forCall(flaky).orElseThrow().header("X-Function-Status")).isEqualTo("200");
            assertThat(gateway.function.calls(flaky)).isEqualTo(3);
            // counted as the /function route counts: 1 + 3 calls, two of them 503
            FunctionRef ref = new FunctionRef("direct", "openfaas-fn");
            await().atMost(Duration.ofSeconds(10)).until(() -> gateway.metrics.invocations(ref) == 4);
            assertThat(gateway.metrics.failedInvocations(ref)).isEqualTo(2);
            assertThat(gateway.metrics.inFlight(ref)).isZero();
            // and kept among the function's recent calls, with their call ids
            assertThat(gateway.metrics.recentCalls(ref)).extracting(call -> call.callId()).contains(plain, flaky);
            // every replica lease taken was given back
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gateway.provider.released() == gateway.provider.resolved());
        }
    }

    @Test
    void a_call_to_an_unknown_function_gets_404_in_its_callback_as_through_the_route() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()),
                     true);
             CallbackReceiver callbacks = CallbackReceiver.start(0)) {
            String callId = UUID.randomUUID().toString();
            // queued for a function that does not exist (as when it is removed after the call was accepted)
            gateway.async.queue().publish(new QueuedCall("nosuch.openfaas-fn", "POST", "", "",
                    Map.of("X-Call-Id", java.util.List.of(callId)), "x".getBytes(), callbacks.url(), callId, 1, 0, 0))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.forCall(callId).isPresent());
            CallbackReceiver.Callback answer = callbacks.forCall(callId).orElseThrow();
            assertThat(answer.header("X-Function-Status")).isEqualTo("404");
            assertThat(answer.body()).contains("nosuch.openfaas-fn").contains("not found");
        }
    }
}
