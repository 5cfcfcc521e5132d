package io.jfaas.watchdog;

import static io.jfaas.watchdog.testing.WatchdogProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.function.FunctionHandler;
import io.jfaas.watchdog.testing.SlowHandler;
import io.jfaas.watchdog.testing.WatchdogProcess;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog serving NATS requests, as a process, against a real {@code nats-server} (Debian package; in CI its
 * absence fails the test): the same limits as HTTP calls, and draining on SIGTERM.
 */
class WatchdogNatsIT {

    private static final String SUBJECT = "jfaas.invoke.openfaas-fn.slow";

    @TempDir
    Path tmp;
    private Process natsServer;
    private WatchdogProcess running;
    private Process watchdog;
    private Connection client;
    private String natsUrl;

    @BeforeEach
    void startNats() throws Exception {
        Path program = natsServerProgram();
        int port = freePort();
        natsServer = new ProcessBuilder(program.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nats.log").toFile()).start();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        natsUrl = "nats://127.0.0.1:" + port;
        client = Nats.connect(natsUrl);
    }

    @AfterEach
    void stop() throws Exception {
        if (running != null) {
            running.close();
        }
        if (client != null) {
            client.close();
        }
        if (natsServer != null) {
            natsServer.destroy();
            natsServer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void requests_in_flight_over_nats_are_answered_after_sigterm_and_the_process_exits_0() throws Exception {
        start(SlowHandler.class, Map.of());
        CompletableFuture<Message> first = request("/?name=one&ms=1500");
        CompletableFuture<Message> second = request("/?name=two&ms=1500");
        awaitLines("started one", "started two");

        watchdog.destroy(); // SIGTERM

        Message one = first.get(20, TimeUnit.SECONDS);
        Message two = second.get(20, TimeUnit.SECONDS);
        assertThat(one.getHeaders().getFirst("X-Jfaas-Status")).isEqualTo("200");
        assertThat(new String(one.getData(), StandardCharsets.UTF_8)).isEqualTo("finished one");
        assertThat(new String(two.getData(), StandardCharsets.UTF_8)).isEqualTo("finished two");
        assertThat(one.getHeaders().getFirst("X-Duration-Seconds")).isNotBlank();
        assertThat(watchdog.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(watchdog.exitValue()).isZero();
    }

    @Test
    void max_inflight_applies_to_nats_requests_as_to_http_ones() throws Exception {
        start(SlowHandler.class, Map.of("max_inflight", "1"));
        CompletableFuture<Message> first = request("/?name=one&ms=2000");
        awaitLines("started one");

        Message refused = request("/?name=two&ms=10").get(10, TimeUnit.SECONDS);

        assertThat(refused.getHeaders().getFirst("X-Jfaas-Status")).isEqualTo("429");
        assertThat(new String(refused.getData(), StandardCharsets.UTF_8))
                .contains("Max concurrent requests: 1");
        assertThat(first.get(20, TimeUnit.SECONDS).getHeaders().getFirst("X-Jfaas-Status")).isEqualTo("200");
    }

    @Test
    void a_message_without_method_and_path_is_answered_400_naming_them() throws Exception {
        start(SlowHandler.class, Map.of());

        Message answer = client.request(NatsMessage.builder().subject(SUBJECT).data("x".getBytes()).build(),
                Duration.ofSeconds(10));

        assertThat(answer.getHeaders().getFirst("X-Jfaas-Status")).isEqualTo("400");
        assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).contains("X-Jfaas-Method")
                .contains("X-Jfaas-Uri");
    }

    private CompletableFuture<Message> request(String uri) {
        Headers headers = new Headers().put("X-Jfaas-Method", "GET").put("X-Jfaas-Uri", uri);
        return client.requestWithTimeout(NatsMessage.builder().subject(SUBJECT).headers(headers).build(),
                Duration.ofSeconds(30));
    }

    private void start(Class<? extends FunctionHandler> handler, Map<String, String> env) throws Exception {
        Map<String, String> withNats = new HashMap<>(env);
        withNats.put("JFAAS_NATS_URL", natsUrl);
        withNats.put("JFAAS_NATS_SUBJECT", SUBJECT);
        running = WatchdogProcess.start(tmp, handler, withNats, "and NATS subject " + SUBJECT, Nats.class);
        watchdog = running.process();
    }

    private void awaitLines(String... fragments) throws InterruptedException {
        running.awaitLines(fragments);
    }

    private static Path natsServerProgram() {
        Optional<Path> found = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        java.util.stream.Stream.of("/usr/sbin", "/usr/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nats-server"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("nats-server is not installed (apt-get install nats-server)");
            }
            Assumptions.assumeTrue(false, "nats-server is not installed (apt-get install nats-server): skipping");
        }
        return found.get();
    }
}
