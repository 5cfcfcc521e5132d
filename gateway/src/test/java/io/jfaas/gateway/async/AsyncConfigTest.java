package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsyncConfigTest {

    private static final Path STATE = Path.of("/tmp/state");

    private static AsyncConfig read(Map<String, String> env) {
        return AsyncConfig.fromEnv(env, STATE);
    }

    @Test
    void defaults() {
        AsyncConfig config = read(Map.of());
        assertThat(config.natsUrl()).isEmpty();
        assertThat(config.natsServer()).isEqualTo("nats-server");
        assertThat(config.natsStoreDir()).isEqualTo(STATE.resolve("nats"));
        assertThat(config.queueWorker()).isTrue();
        assertThat(config.maxInflight()).isEqualTo(16);
        assertThat(config.functionMaxInflight()).isEqualTo(16);
        assertThat(config.ackWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.retry()).isEqualTo(new RetryPolicy(3, Set.of(408, 429, 500, 502, 503, 504),
                Duration.ofSeconds(10), Duration.ofSeconds(120)));
        assertThat(config.maxRequestBody()).isEqualTo(256_000);
        assertThat(config.callbackAttempts()).isEqualTo(3);
        assertThat(config.gatewayUrl()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void the_answer_kept_for_callbacks_defaults_to_256000_bytes() {
        assertThat(read(Map.of()).maxAnswer()).isEqualTo(256_000);
        assertThat(read(Map.of("JFAAS_ASYNC_MAX_ANSWER", "1Ki")).maxAnswer()).isEqualTo(1024);
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_MAX_ANSWER", "lots")))
                .hasMessageStartingWith("JFAAS_ASYNC_MAX_ANSWER:");
    }

    @Test
    void the_memory_queue_holds_64_mib_by_default() {
        assertThat(read(Map.of()).memoryQueueBytes()).isEqualTo(64L << 20);
        assertThat(read(Map.of("JFAAS_ASYNC_MEMORY_QUEUE", "1Mi")).memoryQueueBytes()).isEqualTo(1L << 20);
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_MEMORY_QUEUE", "0")))
                .hasMessageStartingWith("JFAAS_ASYNC_MEMORY_QUEUE:");
    }

    @Test
    void each_stream_holds_1_gib_by_default() {
        assertThat(read(Map.of()).streamMaxBytes()).isEqualTo(1L << 30);
        assertThat(read(Map.of("JFAAS_ASYNC_STREAM_MAX_BYTES", "10Mi")).streamMaxBytes()).isEqualTo(10L << 20);
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_STREAM_MAX_BYTES", "-1")))
                .hasMessageStartingWith("JFAAS_ASYNC_STREAM_MAX_BYTES:");
    }

    @Test
    void a_stopping_worker_waits_60s_for_its_calls() {
        assertThat(read(Map.of()).drainTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(read(Map.of("JFAAS_ASYNC_DRAIN_TIMEOUT", "5s")).drainTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_DRAIN_TIMEOUT", "never")))
                .hasMessageStartingWith("JFAAS_ASYNC_DRAIN_TIMEOUT:");
    }

    @Test
    void a_worker_process_calls_the_gateway_at_openfaas_address_and_port() {
        assertThat(read(Map.of("faas_gateway_address", "gateway.openfaas", "faas_gateway_port", "8081")).gatewayUrl())
                .isEqualTo("http://gateway.openfaas:8081");
        assertThatThrownBy(() -> read(Map.of("faas_gateway_port", "x"))).hasMessageStartingWith("faas_gateway_port:");
    }

    @Test
    void nats_url_from_openfaas_address_and_port() {
        assertThat(read(Map.of("faas_nats_address", "nats", "faas_nats_port", "4333")).natsUrl())
                .hasValue("nats://nats:4333");
        assertThat(read(Map.of("faas_nats_address", "nats")).natsUrl()).hasValue("nats://nats:4222");
    }

    @Test
    void jfaas_nats_url_wins_and_must_be_a_nats_url() {
        assertThat(read(Map.of("JFAAS_NATS_URL", "nats://a:1", "faas_nats_address", "b")).natsUrl())
                .hasValue("nats://a:1");
        assertThatThrownBy(() -> read(Map.of("JFAAS_NATS_URL", "http://a")))
                .hasMessageStartingWith("JFAAS_NATS_URL:");
    }

    @Test
    void function_limit_defaults_to_max_inflight() {
        AsyncConfig config = read(Map.of("max_inflight", "4"));
        assertThat(config.functionMaxInflight()).isEqualTo(4);
        assertThat(read(Map.of("max_inflight", "4", "JFAAS_ASYNC_FUNCTION_MAX_INFLIGHT", "1"))
                .functionMaxInflight()).isEqualTo(1);
    }

    @Test
    void bad_values_name_their_key() {
        assertThatThrownBy(() -> read(Map.of("max_inflight", "0"))).hasMessageStartingWith("max_inflight:");
        assertThatThrownBy(() -> read(Map.of("ack_wait", "soon"))).hasMessageStartingWith("ack_wait:");
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_RETRY_CODES", "500,abc")))
                .hasMessageStartingWith("JFAAS_ASYNC_RETRY_CODES:");
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_RETRY_MIN_WAIT", "10s", "JFAAS_ASYNC_RETRY_MAX_WAIT", "1s")))
                .hasMessageStartingWith("JFAAS_ASYNC_RETRY_MAX_WAIT:");
        assertThatThrownBy(() -> read(Map.of("JFAAS_ASYNC_MAX_REQUEST_BODY", "2Mi")))
                .hasMessageStartingWith("JFAAS_ASYNC_MAX_REQUEST_BODY:");
        assertThatThrownBy(() -> read(Map.of("JFAAS_QUEUE_WORKER", "maybe")))
                .hasMessageStartingWith("JFAAS_QUEUE_WORKER:");
    }
}
