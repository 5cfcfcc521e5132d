package io.jfaas.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's NATS users, checked on a real nats-server (Debian's) started with the rendered {@code nats.conf}:
 * nobody gets in without a password; the gateway's user may do anything (JetStream included); the functions' user
 * may only serve {@code jfaas.invoke.>} and answer, so a function can neither read the async queue nor add calls to
 * it. And each workload gets its user's password from the Secret, expanded into its URL.
 */
class NatsAuthTest {

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void only_the_gateway_user_reaches_jetstream_and_functions_may_only_serve_their_subjects() throws Exception {
        Secret auth = RenderedChart.render(Map.of()).get(Secret.class, "nats-auth");
        Map<String, String> data = auth.getStringData();
        int port = start(data.get("nats.conf"));
        String url = "nats://127.0.0.1:" + port;

        assertThatThrownBy(() -> connect(url, null, null)).as("anonymous").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> connect(url, "function", "wrong")).isInstanceOf(IOException.class);

        try (Connection gateway = connect(url, "gateway", data.get("gateway-password"));
             Connection function = connect(url, "function", data.get("function-password"))) {
            gateway.jetStreamManagement().addStream(StreamConfiguration.builder().name("calls")
                    .subjects("jfaas.async.>").build());

            // a function serves its subject and its answer reaches the gateway
            Subscription serving = function.subscribe("jfaas.invoke.openfaas-fn.hello", "replicas");
            function.flush(Duration.ofSeconds(10));
            Thread answering = Thread.ofVirtual().start(() -> {
                try {
                    Message call = serving.nextMessage(Duration.ofSeconds(30));
                    function.publish(call.getReplyTo(), "hi".getBytes(StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Message answer = gateway.request("jfaas.invoke.openfaas-fn.hello", "x".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(30));
            answering.join(Duration.ofSeconds(30));
            assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).isEqualTo("hi");

            // but it may not read the queue, use JetStream, or publish calls
            assertThatThrownBy(() -> function.jetStreamManagement().getStreamNames())
                    .isInstanceOfAny(IOException.class, JetStreamApiException.class);
            Subscription snooping = function.subscribe("jfaas.async.openfaas-fn.hello");
            gateway.publish("jfaas.async.openfaas-fn.hello", "secret body".getBytes(StandardCharsets.UTF_8));
            gateway.flush(Duration.ofSeconds(10));
            assertThat(snooping.nextMessage(Duration.ofSeconds(2))).as("a subscription outside jfaas.invoke.>")
                    .isNull();
            Subscription watching = gateway.subscribe("jfaas.invoke.openfaas-fn.other");
            gateway.flush(Duration.ofSeconds(10));
            function.publish("jfaas.invoke.openfaas-fn.other", "forged call".getBytes(StandardCharsets.UTF_8));
            function.flush(Duration.ofSeconds(10));
            assertThat(watching.nextMessage(Duration.ofSeconds(2))).as("a function publishing a call").isNull();
        }
    }

    @Test
    void each_workload_reads_its_users_password_from_the_secret_into_its_nats_url() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Map<String, String> users = Map.of("gateway", "gateway", "queue-worker", "gateway", "connector", "gateway",
                "jfaas-operator", "function");
        users.forEach((deployment, user) -> {
            Container container = RenderedChart.container(chart.get(Deployment.class, deployment));
            List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
            assertThat(names.indexOf("NATS_PASSWORD")).as(deployment + ": defined before the URL that expands it")
                    .isNotNegative().isLessThan(names.indexOf("JFAAS_NATS_URL"));
            EnvVar password = container.getEnv().get(names.indexOf("NATS_PASSWORD"));
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("nats-auth");
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(user + "-password");
            assertThat(RenderedChart.env(container, "JFAAS_NATS_URL")).hasValueSatisfying(url ->
                    assertThat(url).startsWith("nats://" + user + ":$(NATS_PASSWORD)@nats.openfaas.svc."));
        });
        Deployment nats = chart.get(Deployment.class, "nats");
        assertThat(RenderedChart.container(nats).getArgs()).containsSequence("--config", "/etc/nats/nats.conf");
    }

    private int start(String config) throws IOException {
        Path program = natsServer();
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new ProcessBuilder(program.toString(), "-c", conf.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port), "-js", "-sd", dir.resolve("store").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("nats-server stopped: " + Files.readString(dir.resolve("nats.out")));
                }
                try {
                    server.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException(interrupted);
                }
            }
        }
        throw new IllegalStateException("nats-server did not listen within 60 s: "
                + Files.readString(dir.resolve("nats.out")));
    }

    private static Connection connect(String url, String user, String password) throws Exception {
        Options.Builder options = new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(10))
                .maxReconnects(0);
        if (user != null) {
            options.userInfo(user, password);
        }
        return Nats.connect(options.build());
    }

    /** Debian's nats-server; in CI its absence fails the test instead of skipping it. */
    private static Path natsServer() {
        for (String dirName : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/local/sbin").split(":")) {
            if (!dirName.isEmpty() && Files.isExecutable(Path.of(dirName, "nats-server"))) {
                return Path.of(dirName, "nats-server");
            }
        }
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("nats-server is not installed (apt-get install nats-server)");
        }
        assumeTrue(false, "nats-server is not installed (apt-get install nats-server): skipping");
        return null;
    }
}
