package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-id bucket holds the ids clients sent, at most {@code CALL_IDS_MAX_BYTES} of them: a call whose id the
 * client sent is claimed there first, and refused with 503 when the bucket is full. A call the client sent without an
 * id gets one sealed to it ({@link CallIdSeal}), which is stored nowhere: such calls neither fill the bucket nor
 * depend on its room. That a claimed or sealed id reused for another call is refused with 409 is in
 * {@link AsyncBoundsIT}.
 */
class CallIdClaimIT {

    @TempDir
    Path dir;

    @Test
    void only_ids_clients_sent_are_held_in_the_bucket_and_a_full_bucket_refuses_only_those() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()));
             Connection connection = Nats.connect(nats.url())) {
            gateway.deploy("plain", "{}");
            KeyValue bucket = connection.keyValue(JetStreamQueue.CALL_IDS);

            String sent = UUID.randomUUID().toString();
            assertThat(gateway.send("POST", "/async-function/plain", "sent", Map.of("X-Call-Id", sent)).statusCode())
                    .isEqualTo(202);
            HttpResponse<String> made = gateway.send("POST", "/async-function/plain", "made", Map.of());
            assertThat(made.statusCode()).isEqualTo(202);
            String madeId = made.headers().firstValue("X-Call-Id").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.function.calls(madeId) == 1
                    && gateway.function.calls(sent) == 1);
            assertThat(bucket.get(key("plain", sent))).as("the id the client sent is held").isNotNull();
            assertThat(bucket.get(key("plain", madeId))).as("the id the gateway made is not").isNull();

            KeyValueManagement buckets = connection.keyValueManagement();
            KeyValueConfiguration config = buckets.getStatus(JetStreamQueue.CALL_IDS).getConfiguration();
            // smaller than any claim: every claim from now on is refused
            buckets.update(KeyValueConfiguration.builder(config).maxBucketSize(64).build());

            HttpResponse<String> stillMade = gateway.send("POST", "/async-function/plain", "no room", Map.of());
            assertThat(stillMade.statusCode()).as("a call without an id needs no room in the bucket").isEqualTo(202);
            String stillMadeId = stillMade.headers().firstValue("X-Call-Id").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.function.calls(stillMadeId) == 1);

            // an id the client sent must be claimed before its call is stored: with no room, nothing is queued
            String refusedId = UUID.randomUUID().toString();
            HttpResponse<String> refused = gateway.send("POST", "/async-function/plain", "no room either",
                    Map.of("X-Call-Id", refusedId));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("nothing was queued");
            assertThat(gateway.function.calls(refusedId)).isZero();
        }
    }

    /** The bucket's key of a call id: the function ({@code NAME.NAMESPACE}) and the id, as {@link QueuedCall#idKey}. */
    private static String key(String function, String callId) {
        return function + ".openfaas-fn." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(callId.getBytes(StandardCharsets.UTF_8));
    }
}
