package io.jfaas.operator.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfaas.operator.FunctionOperator;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import io.jfaas.testing.Unpacked;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync over NATS in a cluster, without a cluster: a real {@code nats-server} (Debian's package); the operator and its
 * provider API in this JVM against fabric8's mock API server; the packaged gateway ({@code gateway.jar}) in remote
 * mode in front of that provider API; and, as the function's pod, a real watchdog process started with exactly the
 * environment of the container the operator built. The function's Service name does not resolve here, so the only
 * way the call can reach the watchdog is its NATS subject.
 */
@EnableKubernetesMockClient(crud = true)
class SyncOverNatsIT {

    static final String NS = "openfaas-fn";
    static final String NAME = "greeter";
    static final String SUBJECT = "jfaas.invoke." + NS + "." + NAME;
    static final String POD = "greeter-5d8f7c9b4-x2k7q";
    /** The gateway's distribution archive, unpacked by the build (with the watchdog next to it). */
    static final Path GATEWAY = Unpacked.dist("jfaas.gateway.dist");
    static final Path GATEWAY_JAR = GATEWAY.resolve("gateway.jar");
    /** The watchdog and its libraries, as the gateway's distribution lays them out for local mode. */
    static final Path WATCHDOG_JARS = GATEWAY.resolve("watchdog");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final String USER = "admin";
    static final String PASSWORD = "nats-in-a-cluster";

    KubernetesClient client;

    @TempDir
    Path work;
    final List<Process> processes = new ArrayList<>();
    FunctionOperator operator;
    ProviderApi api;
    Connection spy;
    String natsUrl;
    int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        Path natsServer = required(natsServer(), "nats-server is not installed (apt-get install nats-server)");
        required(Files.isRegularFile(GATEWAY_JAR) && Files.isDirectory(WATCHDOG_JARS) ? GATEWAY_JAR : null,
                GATEWAY_JAR + " or " + WATCHDOG_JARS + " is missing: build the gateway module first");

        int natsPort = freePort();
        natsUrl = "nats://127.0.0.1:" + natsPort;
        processes.add(new ProcessBuilder(natsServer.toString(), "-a", "127.0.0.1", "-p", Integer.toString(natsPort),
                "-js", "-sd", Files.createDirectories(work.resolve("nats")).toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nats.log").toFile()).start());
        await().atMost(Duration.ofSeconds(15)).until(() -> accepts(natsPort));

        Path secrets = Files.createDirectories(work.resolve("secrets"));
        Files.writeString(secrets.resolve(BasicAuth.USER_FILE), USER);
        Files.writeString(secrets.resolve(BasicAuth.PASSWORD_FILE), PASSWORD);
        operator = new FunctionOperator(client, OperatorConfig.fromEnv(Map.of("JFAAS_LEADER_ELECTION", "false", "JFAAS_AUTOSCALE", "false", "JFAAS_NATS_URL", natsUrl)));
        operator.start();
        api = ProviderApi.start(client, 0, BasicAuth.read(secrets), NS, Set.of(), operator::health);

        gatewayPort = freePort();
        Map<String, String> gatewayEnv = Map.of(
                "port", Integer.toString(gatewayPort),
                "JFAAS_METRICS_PORT", Integer.toString(freePort()),
                "secret_mount_path", secrets.toString(),
                "functions_provider_url", "http://127.0.0.1:" + api.port() + "/",
                "JFAAS_NATS_URL", natsUrl,
                "JFAAS_STATE_DIR", work.resolve("gateway-state").toString(),
                "HOME", work.toString());
        processes.add(start(List.of(java(), "-jar", GATEWAY_JAR.toString()), gatewayEnv, work.resolve("gateway.log")));
        await().atMost(WAIT).until(() -> get("/healthz") == 200);
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes.reversed()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (spy != null) {
            spy.close();
        }
        if (api != null) {
            api.close();
        }
        if (operator != null) {
            operator.close();
        }
        for (String log : List.of("gateway.log", "watchdog.log")) {
            if (Files.exists(work.resolve(log))) {
                System.out.println("---- " + log + " ----\n" + Files.readString(work.resolve(log)));
            }
        }
    }

    @Test
    void a_function_annotated_nats_is_called_through_the_remote_gateway_over_its_subject() throws Exception {
        assertThatThrownBy(() -> InetAddress.getByName(NAME + "." + NS + ".svc.cluster.local"))
                .as("the function's Service name must not resolve here, so HTTP cannot reach it")
                .isInstanceOf(UnknownHostException.class);

        HttpResponse<String> deployed = send("POST", "/system/functions", "{\"service\":\"" + NAME + "\","
                + "\"image\":\"ghcr.io/example/greeter:1\",\"annotations\":{\"com.jfaas.transport\":\"nats\"},"
                + "\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + GreetingHandler.class.getName() + "\"}}", true);
        assertThat(deployed.statusCode()).as("deploy: %s", deployed.body()).isEqualTo(202);

        await().atMost(WAIT).until(() -> deployment() != null);
        Map<String, String> containerEnv = deployment().getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(containerEnv).containsEntry("JFAAS_NATS_URL", natsUrl).containsEntry("JFAAS_NATS_SUBJECT", SUBJECT);

        List<Message> seen = new CopyOnWriteArrayList<>();
        spy = Nats.connect(natsUrl);
        spy.createDispatcher(seen::add).subscribe(SUBJECT);
        spy.flush(Duration.ofSeconds(5));

        startPod(containerEnv);
        markAvailable();

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> call = send("POST", "/function/" + NAME, "nats", false);
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(call.body()).isEqualTo("hello nats from " + POD);
        });
        assertThat(seen).as("requests on " + SUBJECT).isNotEmpty()
                .allSatisfy(message -> assertThat(message.getHeaders().getFirst("X-Jfaas-Method")).isEqualTo("POST"));
    }

    /** The watchdog as the pod would run it: the container's environment, plus what the kubelet and image add. */
    void startPod(Map<String, String> containerEnv) throws Exception {
        Path pod = Files.createDirectories(work.resolve("pod"));
        Map<String, String> env = new HashMap<>(containerEnv);
        env.put("HOSTNAME", POD);
        env.put("HOME", pod.toString());
        env.put("TMPDIR", pod.toString());
        env.put("port", Integer.toString(freePort()));
        env.put("JFAAS_METRICS_PORT", Integer.toString(freePort()));
        env.put("JFAAS_BIND_ADDRESS", "127.0.0.1");
        String classpath = WATCHDOG_JARS + File.separator + "*" + File.pathSeparator
                + Path.of(GreetingHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path log = work.resolve("watchdog.log");
        processes.add(start(List.of(java(), "-cp", classpath, "io.jfaas.watchdog.Watchdog"), env, log));
        await().atMost(WAIT).until(() -> Files.exists(log) && Files.readString(log).contains("and NATS subject "
                + SUBJECT));
    }

    /**
     * What Kubernetes would report once the pod is ready: the Deployment's status (the kubelet and the Deployment
     * controller) and the pod in its Service's EndpointSlice (the EndpointSlice controller), which the gateway calls
     * from.
     */
    void markAvailable() {
        client.resource(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder().withNewMetadata()
                .withName(NAME + "-pod").withNamespace(NS).addToLabels("kubernetes.io/service-name", NAME).endMetadata()
                .withAddressType("IPv4").addNewPort().withName("http").withPort(8080).endPort()
                .addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint().build()).create();
        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Deployment deployment = deployment();
            deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1)
                    .withAvailableReplicas(1).build());
            return client.resource(deployment).updateStatus() != null;
        });
    }

    Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName(NAME).get();
    }

    HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (auth) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    int get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        return builder.start();
    }

    /** A prerequisite: in CI its absence fails the test; elsewhere the test is skipped with the reason. */
    static <T> T required(T value, String missing) {
        if (value == null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            assumeTrue(false, missing + ": skipping");
        }
        return value;
    }

    static Path natsServer() {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin";
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "nats-server")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
