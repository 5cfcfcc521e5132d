package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue worker as its own process ({@link QueueWorkerMain}) next to a gateway that only accepts, killed with
 * SIGKILL while calls are in flight: a new worker completes every accepted call. The worker answers {@code /healthz}
 * (its Kubernetes probes) once connected.
 */
class WorkerKillIT {

    @TempDir
    Path dir;

    @Test
    void every_accepted_call_completes_when_the_worker_process_is_killed_mid_flight() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of(
                     "JFAAS_NATS_URL", nats.url(), "JFAAS_QUEUE_WORKER", "false"))) {
            gateway.deploy("plain", "{}");
            Set<String> accepted = new HashSet<>();
            for (int i = 0; i < 400; i++) {
                String callId = UUID.randomUUID().toString();
                assertThat(gateway.send("POST", "/async-function/plain/sleep/20", "x", Map.of("X-Call-Id", callId))
                        .statusCode()).isEqualTo(202);
                accepted.add(callId);
            }
            assertThat(gateway.function.callIds()).isEmpty(); // this gateway runs no worker

            int healthPort = freePort();
            Process first = startWorker(nats, gateway, "first", healthPort);
            Process second = null;
            try {
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                await().atMost(Duration.ofSeconds(60)).until(() -> gateway.function.callIds().size() >= 50);
                first.destroyForcibly(); // SIGKILL
                assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
                int doneAtKill = gateway.function.callIds().size();
                assertThat(doneAtKill).isLessThan(accepted.size());

                second = startWorker(nats, gateway, "second", 0);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> gateway.function.callIds().containsAll(accepted));
                Set<String> lost = new HashSet<>(accepted);
                lost.removeAll(gateway.function.callIds());
                assertThat(lost).isEmpty();
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroy();
                    second.waitFor(15, TimeUnit.SECONDS);
                    second.destroyForcibly();
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Process startWorker(NatsServerProcess nats, AsyncGateway gateway, String name, int healthPort)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                QueueWorkerMain.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker-" + name + ".log").toFile());
        builder.environment().putAll(Map.of(
                "JFAAS_NATS_URL", nats.url(),
                "faas_gateway_port", Integer.toString(gateway.uri("/").getPort()),
                "basic_auth", "false",
                "ack_wait", "2s",
                "max_inflight", "16",
                "JFAAS_STATE_DIR", dir.resolve("worker-state").toString(),
                "JFAAS_METRICS_PORT", Integer.toString(healthPort),
                "HOME", dir.toString()));
        return builder.start();
    }
}
