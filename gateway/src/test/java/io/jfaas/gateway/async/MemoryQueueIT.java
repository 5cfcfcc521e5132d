package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Async without NATS (the memory queue), and the worker's concurrency limits; plus a local nats-server child. */
class MemoryQueueIT {

    @TempDir
    Path dir;

    @Test
    void without_nats_calls_run_from_memory_and_system_info_says_they_do_not_survive_a_restart() throws Exception {
        try (CallbackReceiver callbacks = CallbackReceiver.start(1);
             AsyncGateway gateway = AsyncGateway.start(dir, Map.of("JFAAS_NATS_SERVER", "off"))) {
            gateway.deploy("plain", "{}");
            JsonNode info = Json.newMapper().readTree(gateway.send("GET", "/system/info", null, Map.of()).body());
            assertThat(info.at("/async/durable").asBoolean()).isFalse();
            assertThat(info.at("/async/queue").asText()).contains("do NOT survive a restart");

            String callId = UUID.randomUUID().toString();
            assertThat(gateway.send("POST", "/async-function/plain", "hi",
                    Map.of("X-Call-Id", callId, "X-Callback-Url", callbacks.url())).statusCode()).isEqualTo(202);
            // the first callback is answered 500, so the worker POSTs it again
            await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.received().size() == 2);
            assertThat(callbacks.received()).allSatisfy(c -> assertThat(c.header("X-Call-Id")).isEqualTo(callId));
            assertThat(gateway.function.calls(callId)).isEqualTo(1);
        }
    }

    @Test
    void runs_at_most_max_inflight_calls_and_at_most_the_function_limit_per_function() throws Exception {
        try (AsyncGateway gateway = AsyncGateway.start(dir, Map.of("JFAAS_NATS_SERVER", "off",
                "max_inflight", "3", "JFAAS_ASYNC_FUNCTION_MAX_INFLIGHT", "2"))) {
            gateway.deploy("one", "{}");
            gateway.deploy("two", "{}");
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                for (String function : new String[] {"one", "two"}) {
                    String callId = UUID.randomUUID().toString();
                    ids.add(callId);
                    assertThat(gateway.send("POST", "/async-function/" + function + "/sleep/200", "",
                            Map.of("X-Call-Id", callId, "X-Group", function)).statusCode()).isEqualTo(202);
                }
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                    .allMatch(id -> gateway.function.calls(id) == 1));
            assertThat(gateway.function.mostRunning()).isEqualTo(3);
            assertThat(gateway.function.mostRunning("one")).isEqualTo(2);
            assertThat(gateway.function.mostRunning("two")).isEqualTo(2);
        }
    }

    @Test
    void a_local_gateway_starts_nats_server_with_its_store_in_the_state_directory_and_stops_it() throws Exception {
        Path program = TestNats.program();
        AsyncConfig config = AsyncConfig.fromEnv(Map.of("JFAAS_NATS_SERVER", program.toString()), dir);
        AsyncService async = AsyncService.open(config, "openfaas-fn", Json.newMapper());
        ProcessHandle child;
        try {
            assertThat(async.durable()).isTrue();
            assertThat(async.description()).contains("JetStream");
            child = ProcessHandle.current().children().filter(p -> p.info().command().orElse("")
                    .endsWith("nats-server")).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(dir.resolve("nats/jetstream")));
        } finally {
            async.close();
        }
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void a_nats_server_left_running_by_a_killed_gateway_is_stopped_by_the_next_one() throws Exception {
        Path program = TestNats.program();
        NatsServerProcess orphan = NatsServerProcess.start(program, dir.resolve("nats"), 0);
        ProcessHandle orphanProcess = ProcessHandle.of(orphan.pid()).orElseThrow();
        // the gateway that started it is gone without stopping it; its pid file stays
        NatsServerProcess next = NatsServerProcess.start(program, dir.resolve("nats"), 0);
        try {
            assertThat(orphanProcess.isAlive()).isFalse();
            assertThat(next.pid()).isNotEqualTo(orphan.pid());
            assertThat(Files.readString(dir.resolve("nats").resolve(NatsServerProcess.PID_FILE)))
                    .startsWith(next.pid() + " ");
        } finally {
            next.close();
        }
    }
}
