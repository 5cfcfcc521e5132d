package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.LogCapture;
import io.nats.client.Connection;
import io.nats.client.KeyValueManagement;
import io.nats.client.Nats;
import io.nats.client.api.KeyValueConfiguration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The call-id bucket holds at most {@code CALL_IDS_MAX_BYTES}: a claim of a call id the gateway made that the full
 * bucket refuses is logged, and its call is still accepted and run (only a client reusing that id for another call
 * within the window is not refused then); a call whose id the client sent is refused with 503. That a claimed id reused for another call is refused with 409 is in
 * {@link AsyncBoundsIT}.
 */
class CallIdClaimIT {

    @TempDir
    Path dir;

    @Test
    void a_claim_the_full_bucket_refuses_is_logged_and_its_call_still_runs() throws Exception {
        try (LogCapture warnings = LogCapture.of(JetStreamQueue.class.getName(), record -> true);
             NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()))) {
            gateway.deploy("plain", "{}");
            try (Connection connection = Nats.connect(nats.url())) {
                KeyValueManagement buckets = connection.keyValueManagement();
                KeyValueConfiguration bucket = buckets.getStatus(JetStreamQueue.CALL_IDS).getConfiguration();
                // smaller than any claim: every claim from now on is refused
                buckets.update(KeyValueConfiguration.builder(bucket).maxBucketSize(64).build());
            }

            HttpResponse<String> made = gateway.send("POST", "/async-function/plain", "no room", Map.of());

            assertThat(made.statusCode()).isEqualTo(202);
            String callId = made.headers().firstValue("X-Call-Id").orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.function.calls(callId) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> warnings.messages().stream().anyMatch(warning ->
                    warning.contains("did not take call id " + callId)));

            // an id the client sent must be claimed before its call is stored: with no room, nothing is queued
            String sent = UUID.randomUUID().toString();
            HttpResponse<String> refused = gateway.send("POST", "/async-function/plain", "no room either",
                    Map.of("X-Call-Id", sent));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("nothing was queued");
            assertThat(gateway.function.calls(sent)).isZero();
        }
    }
}
