package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.gateway.async.AsyncGateway;
import io.jfaas.gateway.testing.LogCapture;
import io.jfaas.model.Json;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topics with a real nats-server ({@code max_payload} 8 KiB), the gateway's routes with the async queue on it, and
 * connectors in this JVM.
 */
class TopicsIT {

    static final int MAX_PAYLOAD = 8192;

    @TempDir
    static Path dir;

    static ConnectorNats nats;
    static AsyncGateway gateway;
    static Connection client;

    @BeforeAll
    static void start() throws Exception {
        nats = ConnectorNats.start(dir.resolve("nats"), MAX_PAYLOAD);
        gateway = AsyncGateway.start(dir.resolve("state"), Map.of(
                "JFAAS_NATS_URL", nats.url(),
                "ack_wait", "1s",
                "JFAAS_ASYNC_RETRY_MIN_WAIT", "50ms",
                "JFAAS_ASYNC_RETRY_MAX_WAIT", "200ms"));
        client = Nats.connect(nats.url());
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private static Connector connector(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("gateway_url", gateway.uri("/").toString());
        env.put("basic_auth", "false");
        env.put("JFAAS_NATS_URL", nats.url());
        env.put("rebuild_interval", "200ms");
        env.putAll(extra);
        return Connector.start(ConnectorConfig.fromEnv(env), Optional.empty(), Json.newMapper());
    }

    /** Waits until the connector has read the function list after {@code name} was deployed. */
    private static void subscribed(Connector connector) {
        long seen = connector.refreshes();
        await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= seen + 2);
    }

    private static long callsWith(String header, String value) {
        return gateway.function.requestHeaders().stream().filter(h -> value.equals(h.getFirst(header))).count();
    }

    @Test
    void a_message_invokes_the_function_and_its_answer_reaches_the_reply_subject() throws Exception {
        gateway.deploy("orders", "{\"topic\":\"orders.created, orders.paid\"}");
        try (Connector connector = connector(Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= 1);
            subscribed(connector);
            Headers headers = new Headers().add("X-Order", "42").add("X-Many", "a", "b");
            Message reply = client.request(NatsMessage.builder().subject("orders.paid").headers(headers)
                    .data("paid in full".getBytes(StandardCharsets.UTF_8)).build(), Duration.ofSeconds(30));

            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("paid in full");
            assertThat(reply.getHeaders().getFirst("X-Function-Status")).isEqualTo("200");
            assertThat(reply.getHeaders().getFirst("X-Function-Header")).isEqualTo("yes");
            var seen = gateway.function.requestHeaders().stream()
                    .filter(h -> "42".equals(h.getFirst("X-Order"))).findFirst().orElseThrow();
            assertThat(seen.getFirst("X-Topic")).isEqualTo("orders.paid");
            assertThat(seen.getFirst("X-Many")).isEqualTo("a, b");
        }
    }

    @Test
    void two_connectors_in_a_queue_group_deliver_each_message_once() throws Exception {
        gateway.deploy("shared", "{\"topic\":\"shared.work\"}");
        try (Connector one = connector(Map.of()); Connector two = connector(Map.of())) {
            subscribed(one);
            subscribed(two);
            List<CompletableFuture<Message>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                replies.add(client.request(NatsMessage.builder().subject("shared.work")
                        .headers(new Headers().add("X-Batch", "shared")).data(("job " + i).getBytes()).build()));
            }
            for (CompletableFuture<Message> reply : replies) {
                assertThat(reply.get(30, java.util.concurrent.TimeUnit.SECONDS).getHeaders()
                        .getFirst("X-Function-Status")).isEqualTo("200");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> one.topics().orElseThrow().invoked()
                    + two.topics().orElseThrow().invoked() >= 20);
            assertThat(one.topics().orElseThrow().invoked() + two.topics().orElseThrow().invoked()).isEqualTo(20);
            assertThat(callsWith("X-Batch", "shared")).isEqualTo(20);
        }
    }

    @Test
    void async_topic_calls_are_queued_retried_and_dead_lettered_like_async_function_calls() throws Exception {
        gateway.deploy("jobs", "{\"topic\":\"jobs.run\",\"com.jfaas.trigger.invocation\":\"async\","
                + "\"com.openfaas.retry.attempts\":\"2\",\"com.openfaas.retry.codes\":\"503\"}");
        try (Connector connector = connector(Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= 1);
            subscribed(connector);
            Message reply = client.request(NatsMessage.builder().subject("jobs.run")
                    .headers(new Headers().add("X-Script-Status", "503")).data("doomed".getBytes()).build(),
                    Duration.ofSeconds(30));
            assertThat(reply.getHeaders().getFirst("X-Function-Status")).isEqualTo("202");
            String callId = reply.getHeaders().getFirst("X-Call-Id");
            assertThat(callId).isNotBlank();

            await().atMost(Duration.ofSeconds(30)).until(() -> letterOf(callId).isPresent());
            JsonNode letter = letterOf(callId).orElseThrow();
            assertThat(letter.get("function").asText()).isEqualTo("jobs.openfaas-fn");
            assertThat(letter.get("status").asInt()).isEqualTo(503);
            assertThat(letter.get("attempts").asInt()).isEqualTo(2);
            assertThat(gateway.function.calls(callId)).as("tried twice").isEqualTo(2);
        }
    }

    @Test
    void no_more_invocations_run_at_once_than_the_connectors_bound() throws Exception {
        gateway.deploy("slow", "{\"topic\":\"slow.work\"}");
        try (Connector connector = connector(Map.of("JFAAS_CONNECTOR_MAX_INFLIGHT", "2"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= 1);
            subscribed(connector);
            List<CompletableFuture<Message>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(client.request(NatsMessage.builder().subject("slow.work")
                        .headers(new Headers().add("X-Script-Sleep", "300").add("X-Group", "slow"))
                        .data(new byte[0]).build()));
            }
            for (CompletableFuture<Message> reply : replies) {
                assertThat(reply.get(60, java.util.concurrent.TimeUnit.SECONDS).getHeaders()
                        .getFirst("X-Function-Status")).isEqualTo("200");
            }
            assertThat(callsWith("X-Group", "slow")).isEqualTo(8);
            assertThat(gateway.function.mostRunning("slow")).isEqualTo(2);
        }
    }

    @Test
    void messages_beyond_the_pending_bound_are_dropped_counted_and_told_once() throws Exception {
        gateway.deploy("busy", "{\"topic\":\"busy.work\"}");
        try (LogCapture warnings = LogCapture.of(TopicListener.class.getName(),
                record -> record.getLevel() == Level.WARNING);
             Connector connector = connector(Map.of("JFAAS_CONNECTOR_MAX_INFLIGHT", "1",
                "JFAAS_CONNECTOR_PENDING_MESSAGES", "3"))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= 1);
            subscribed(connector);
            for (int i = 0; i < 30; i++) {
                client.publish(NatsMessage.builder().subject("busy.work")
                        .headers(new Headers().add("X-Script-Sleep", "200").add("X-Group", "busy"))
                        .data(new byte[0]).build());
            }
            client.flush(Duration.ofSeconds(10));
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.topics().orElseThrow().dropped() > 0);
            long dropped = connector.topics().orElseThrow().dropped();
            await().atMost(Duration.ofSeconds(60)).until(() -> callsWith("X-Group", "busy") + dropped >= 30);
            assertThat(callsWith("X-Group", "busy")).isBetween(1L, 30L - dropped);
            assertThat(gateway.function.mostRunning("busy")).isEqualTo(1);
            // told once (at most once a minute), with the settings that bound the queue
            assertThat(warnings.messages()).filteredOn(w -> w.contains("faster than functions take them"))
                    .singleElement().asString().contains("JFAAS_CONNECTOR_PENDING_MESSAGES").contains("dropped so far");
        }
    }

    @Test
    void an_answer_above_max_payload_becomes_a_502_that_says_so_and_a_larger_message_is_refused() throws Exception {
        gateway.deploy("big", "{\"topic\":\"big.echo\"}");
        try (Connector connector = connector(Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> connector.refreshes() >= 1);
            subscribed(connector);
            // fits as a message; the echo plus the function's headers does not
            byte[] body = new byte[MAX_PAYLOAD - 200];
            java.util.Arrays.fill(body, (byte) 'x');
            Message reply = client.request(NatsMessage.builder().subject("big.echo").data(body).build(),
                    Duration.ofSeconds(30));
            assertThat(reply.getHeaders().getFirst("X-Function-Status")).isEqualTo("502");
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).contains("max_payload (" + MAX_PAYLOAD);

            assertThatThrownBy(() -> client.publish("big.echo", new byte[MAX_PAYLOAD + 1]))
                    .hasMessageContaining("exceed");
        }
    }

    private static Optional<JsonNode> letterOf(String callId) throws Exception {
        var response = gateway.send("GET", "/system/async/dead-letters", null, Map.of());
        for (JsonNode letter : Json.newMapper().readTree(response.body())) {
            if (callId.equals(letter.path("callId").asText())) {
                return Optional.of(letter);
            }
        }
        return Optional.empty();
    }
}
