package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway upgraded while calls are queued runs them: the calls an older gateway stored in the stream as JSON (its
 * body in base64) are read as well as the frames this one stores.
 */
class OlderQueuedCallsIT {

    @TempDir
    Path dir;

    @Test
    void calls_an_older_gateway_queued_as_json_run_after_the_upgrade_with_their_body_and_query() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             CallbackReceiver callbacks = CallbackReceiver.start(0);
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()),
                     true)) {
            gateway.deploy("direct", "{}");
            String older = UUID.randomUUID().toString();
            String newer = UUID.randomUUID().toString();
            // as an older gateway stored it: JSON with OpenFaaS's field names, the body ("from before") in base64
            String json = "{\"Function\":\"direct.openfaas-fn\",\"Method\":\"POST\",\"Path\":\"/echo\","
                    + "\"QueryString\":\"v=old\",\"Header\":{\"X-Call-Id\":[\"" + older + "\"],\"X-Custom\":"
                    + "[\"kept\"]},\"Body\":\"ZnJvbSBiZWZvcmU=\",\"CallbackUrl\":\"" + callbacks.url() + "\","
                    + "\"CallId\":\"" + older + "\",\"Attempt\":1,\"NotBefore\":0,\"Redrives\":0}";
            Connection connection = gateway.async.natsConnection().orElseThrow();
            JetStream stream = connection.jetStream();
            stream.publish(JetStreamQueue.STREAM, json.getBytes(StandardCharsets.UTF_8));

            assertThat(gateway.send("POST", "/async-function/direct/echo?v=new", "from now",
                    Map.of("X-Call-Id", newer, "X-Callback-Url", callbacks.url())).statusCode()).isEqualTo(202);

            await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.forCall(older).isPresent()
                    && callbacks.forCall(newer).isPresent());
            assertThat(callbacks.forCall(older).orElseThrow().body()).isEqualTo("from before");
            assertThat(callbacks.forCall(older).orElseThrow().header("X-Function-Status")).isEqualTo("200");
            assertThat(callbacks.forCall(newer).orElseThrow().body()).isEqualTo("from now");
            assertThat(gateway.function.requests()).contains("POST /echo?v=old", "POST /echo?v=new");
            assertThat(gateway.function.calls(older)).isEqualTo(1);
            assertThat(gateway.function.calls(newer)).isEqualTo(1);
        }
    }

    @Test
    void a_call_a_later_gateway_queued_in_a_frame_of_a_later_version_is_left_in_the_stream_not_dropped()
            throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()),
                     true)) {
            gateway.deploy("direct", "{}");
            String callId = UUID.randomUUID().toString();
            byte[] frame = CallFrame.encode(new QueuedCall("direct.openfaas-fn", "POST", "", "", Map.of(),
                    "x".getBytes(StandardCharsets.UTF_8), null, callId, 1, 0, 0));
            frame[2] = 99; // the version
            Connection connection = gateway.async.natsConnection().orElseThrow();
            connection.jetStream().publish(JetStreamQueue.STREAM, frame);
            String later = UUID.randomUUID().toString();
            assertThat(gateway.send("POST", "/async-function/direct/echo", "after", Map.of("X-Call-Id", later))
                    .statusCode()).isEqualTo(202);

            // the worker has read past it (the later call ran), and it is still stored, delivered but not acknowledged
            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.function.calls(later) == 1);
            JetStreamQueue queue = (JetStreamQueue) gateway.async.queue();
            await().atMost(Duration.ofSeconds(30)).until(() -> queue.consumerPendingAndRedelivered()[0] == 1);
            assertThat(connection.jetStreamManagement().getStreamInfo(JetStreamQueue.STREAM).getStreamState()
                    .getMsgCount()).isEqualTo(1);
            assertThat(gateway.function.calls(callId)).isZero();
        }
    }
}
