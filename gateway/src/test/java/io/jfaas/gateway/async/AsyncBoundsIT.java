package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.model.Json;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Async calls hold bounded memory and disk and are never lost or run twice by a bound: against a real nats-server
 * (work-queue retention, stream limits, dead letters too large for a message, call ids reused for other calls, a
 * graceful stop) and against the in-memory queue (its byte bound, call ids). Each test has its own server and gateway.
 */
class AsyncBoundsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void an_acknowledged_call_is_deleted_from_the_stream() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()))) {
            gateway.deploy("plain", "{}");
            String callId = UUID.randomUUID().toString();
            assertThat(send(gateway, "/async-function/plain", "hello", callId).statusCode()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> gateway.function.calls(callId) == 1);

            try (Connection connection = Nats.connect(nats.url())) {
                JetStreamManagement management = connection.jetStreamManagement();
                var info = management.getStreamInfo(JetStreamQueue.STREAM);
                assertThat(info.getConfiguration().getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
                assertThat(info.getConfiguration().getMaxBytes()).isEqualTo(1L << 30);
                await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        management.getStreamInfo(JetStreamQueue.STREAM).getStreamState().getMsgCount()).isZero());
            }
        }
    }

    @Test
    void a_full_stream_refuses_a_call_with_503_and_retry_after() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url(),
                     "JFAAS_QUEUE_WORKER", "false", "JFAAS_ASYNC_STREAM_MAX_BYTES", "20000"))) {
            gateway.deploy("plain", "{}");
            String body = "x".repeat(4000);
            HttpResponse<String> refused = null;
            int accepted = 0;
            for (int i = 0; i < 20 && refused == null; i++) {
                HttpResponse<String> response = send(gateway, "/async-function/plain", body,
                        UUID.randomUUID().toString());
                if (response.statusCode() == 202) {
                    accepted++;
                } else {
                    refused = response;
                }
            }

            assertThat(accepted).isBetween(1, 5);
            assertThat(refused).isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("the queue is full").contains("JFAAS_ASYNC_STREAM_MAX_BYTES");
        }
    }

    @Test
    void a_dead_letter_too_large_for_a_message_is_stored_cut_and_the_call_is_not_run_again() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url(),
                     "JFAAS_ASYNC_RETRY_ATTEMPTS", "2", "JFAAS_ASYNC_RETRY_MIN_WAIT", "50ms",
                     "JFAAS_ASYNC_RETRY_MAX_WAIT", "100ms", "JFAAS_ASYNC_MAX_REQUEST_BODY", "600000",
                     "JFAAS_ASYNC_MAX_ANSWER", "700000"))) {
            gateway.deploy("failing", "{}");
            String callId = UUID.randomUUID().toString();
            // the call (600,000 bytes) and its echoed answer make a letter of about 1.6 MB: a NATS message holds 1 MiB
            assertThat(send(gateway, "/async-function/failing/echo-status/500", "y".repeat(600_000), callId)
                    .statusCode()).isEqualTo(202);

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode letters = Json.newMapper().readTree(gateway.send("GET", "/system/async/dead-letters", null,
                        Map.of()).body());
                assertThat(letters).hasSize(1);
                assertThat(letters.get(0).path("callId").asText()).isEqualTo(callId);
                assertThat(letters.get(0).path("truncated").asText()).contains("response body kept")
                        .contains("of 600000 bytes");
            });
            // two attempts, then the letter: never a third run, even after the worker's next fetches
            assertThat(gateway.function.calls(callId)).isEqualTo(2);
            String later = UUID.randomUUID().toString();
            assertThat(send(gateway, "/async-function/failing/echo-status/200", "z", later).statusCode())
                    .isEqualTo(202);
            await().atMost(PATIENCE).until(() -> gateway.function.calls(later) == 1);
            assertThat(gateway.function.calls(callId)).isEqualTo(2);
        }
    }

    @Test
    void a_call_id_reused_for_another_call_of_the_function_is_409_and_the_same_call_again_runs_once()
            throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url(),
                     "JFAAS_QUEUE_WORKER", "false"))) {
            reuseOfCallIds(gateway);
        }
    }

    @Test
    void the_memory_queue_also_refuses_a_reused_call_id_and_holds_at_most_its_bytes() throws Exception {
        try (AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_SERVER", "off",
                "JFAAS_QUEUE_WORKER", "false", "JFAAS_ASYNC_MEMORY_QUEUE", "20000"))) {
            reuseOfCallIds(gateway);
            HttpResponse<String> refused = null;
            int accepted = 0;
            for (int i = 0; i < 20 && refused == null; i++) {
                HttpResponse<String> response = send(gateway, "/async-function/plain", "x".repeat(4000),
                        UUID.randomUUID().toString());
                if (response.statusCode() == 202) {
                    accepted++;
                } else {
                    refused = response;
                }
            }
            assertThat(accepted).isBetween(1, 5);
            assertThat(refused).isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("JFAAS_ASYNC_MEMORY_QUEUE");
        }
    }

    private static void reuseOfCallIds(AsyncGateway gateway) throws Exception {
        gateway.deploy("plain", "{}");
        gateway.deploy("other", "{}");
        String callId = UUID.randomUUID().toString();

        HttpResponse<String> first = send(gateway, "/async-function/plain", "one", callId);
        HttpResponse<String> again = send(gateway, "/async-function/plain", "one", callId);
        HttpResponse<String> different = send(gateway, "/async-function/plain", "two", callId);
        HttpResponse<String> otherFunction = send(gateway, "/async-function/other", "two", callId);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).as("the same call sent again").isEqualTo(202);
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(different.body()).contains(callId).contains("already used for another call");
        assertThat(otherFunction.statusCode()).as("the key is the function and the call id").isEqualTo(202);

        // an id the gateway made (the client sent none) is sealed to its call: reused for another call, of this
        // function or another, it is refused
        HttpResponse<String> made = gateway.send("POST", "/async-function/plain", "three", Map.of());
        assertThat(made.statusCode()).isEqualTo(202);
        String madeId = made.headers().firstValue("X-Call-Id").orElseThrow();
        HttpResponse<String> reused = send(gateway, "/async-function/plain", "four", madeId);
        assertThat(reused.statusCode()).isEqualTo(409);
        assertThat(reused.body()).contains(madeId).contains("already used for another call");
        assertThat(send(gateway, "/async-function/other", "three", madeId).statusCode()).isEqualTo(409);
        assertThat(send(gateway, "/async-function/plain", "three", madeId).statusCode()).as("the same call again")
                .isEqualTo(202);
    }

    @Test
    void a_graceful_stop_lets_the_call_in_flight_finish_and_acknowledges_it_so_a_restart_does_not_run_it_again()
            throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"))) {
            Map<String, String> settings = new HashMap<>(Map.of("JFAAS_NATS_URL", nats.url(), "ack_wait", "1s"));
            String callId = UUID.randomUUID().toString();
            try (AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), settings)) {
                gateway.deploy("slow", "{}");
                assertThat(send(gateway, "/async-function/slow/sleep/3000", "", callId).statusCode())
                        .isEqualTo(202);
                await().atMost(PATIENCE).until(() -> gateway.function.calls(callId) == 1);

                CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway.async::stopWorker);
                stopping.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

                // the call ran to its end while the worker stopped, and was acknowledged: the stream is empty
                try (Connection connection = Nats.connect(nats.url())) {
                    JetStreamManagement management = connection.jetStreamManagement();
                    await().atMost(PATIENCE).untilAsserted(() -> assertThat(management
                            .getStreamInfo(JetStreamQueue.STREAM).getStreamState().getMsgCount()).isZero());
                }
            }
            try (AsyncGateway restarted = AsyncGateway.start(dir.resolve("state2"), settings)) {
                restarted.deploy("slow", "{}");
                String next = UUID.randomUUID().toString();
                assertThat(send(restarted, "/async-function/slow/sleep/1", "", next).statusCode()).isEqualTo(202);
                await().atMost(PATIENCE).until(() -> restarted.function.calls(next) == 1);
                assertThat(restarted.function.calls(callId)).as("not run again after the restart").isZero();
            }
        }
    }

    @Test
    void a_stream_of_an_older_gateway_that_kept_every_call_is_made_again_with_work_queue_retention()
            throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"))) {
            try (Connection connection = Nats.connect(nats.url())) {
                connection.jetStreamManagement().addStream(StreamConfiguration.builder().name(JetStreamQueue.STREAM)
                        .subjects(JetStreamQueue.STREAM).storageType(StorageType.File).build());
            }
            try (AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL",
                    nats.url()));
                 Connection connection = Nats.connect(nats.url())) {
                assertThat(connection.jetStreamManagement().getStreamInfo(JetStreamQueue.STREAM).getConfiguration()
                        .getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
            }
        }
    }

    @Test
    void a_callback_gets_the_start_of_a_large_answer_and_says_it_was_cut() throws Exception {
        try (CallbackReceiver callbacks = CallbackReceiver.start(0);
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_SERVER", "off",
                     "JFAAS_ASYNC_MAX_ANSWER", "1000"))) {
            gateway.deploy("plain", "{}");
            String callId = UUID.randomUUID().toString();
            char[] body = new char[200_000];
            Arrays.fill(body, 'a');
            assertThat(gateway.send("POST", "/async-function/plain", new String(body), Map.of("X-Call-Id", callId,
                    "X-Callback-Url", callbacks.url())).statusCode()).isEqualTo(202);

            await().atMost(PATIENCE).until(() -> callbacks.forCall(callId).isPresent());
            CallbackReceiver.Callback callback = callbacks.forCall(callId).orElseThrow();
            assertThat(callback.body()).hasSize(1000);
            assertThat(callback.header(QueueWorker.TRUNCATED)).isEqualTo("kept 1000 of 200000 bytes");
        }
    }

    private static HttpResponse<String> send(AsyncGateway gateway, String path, String body, String callId)
            throws Exception {
        return gateway.send("POST", path, body, Map.of("X-Call-Id", callId));
    }
}
