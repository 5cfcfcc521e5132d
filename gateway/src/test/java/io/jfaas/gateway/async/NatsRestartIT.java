package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nats-server restarted while calls are being accepted and run: every call answered 202 runs. */
class NatsRestartIT {

    @TempDir
    Path dir;

    @Test
    void every_accepted_call_runs_when_nats_server_restarts_under_load() throws Exception {
        Path store = dir.resolve("nats");
        NatsServerProcess nats = TestNats.start(store);
        int port = nats.port();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        try (AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of(
                "JFAAS_NATS_URL", nats.url(), "max_inflight", "64", "ack_wait", "5s"))) {
            gateway.deploy("plain", "{}");
            for (int i = 0; i < 4; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (loading.get()) {
                        String callId = UUID.randomUUID().toString();
                        try {
                            HttpResponse<String> response = gateway.send("POST", "/async-function/plain", "x",
                                    Map.of("X-Call-Id", callId));
                            if (response.statusCode() == 202) {
                                accepted.add(callId);
                            } else {
                                refused.incrementAndGet();
                            }
                        } catch (Exception e) {
                            refused.incrementAndGet();
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 500);
            nats.close();
            int beforeRestart = accepted.size();
            nats = NatsServerProcess.start(TestNats.program(), store, port);
            await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= beforeRestart + 500);
            loading.set(false);
            for (Thread client : clients) {
                client.join();
            }

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> gateway.function.callIds().containsAll(accepted));
            Set<String> lost = new HashSet<>(accepted);
            lost.removeAll(gateway.function.callIds());
            assertThat(lost).isEmpty();
            assertThat(accepted.size()).isGreaterThanOrEqualTo(1000);
        } finally {
            loading.set(false);
            nats.close();
        }
    }
}
