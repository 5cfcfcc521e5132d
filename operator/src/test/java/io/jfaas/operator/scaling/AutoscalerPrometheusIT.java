package io.jfaas.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.operator.FunctionOperator;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.testing.Unpacked;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubernetes mode's autoscaler end to end, but for the cluster: a real gateway (the packaged {@code gateway.jar} in
 * local mode, its own autoscaler off) runs a function; a real Prometheus ({@code /usr/bin/prometheus}, Debian's
 * package) scrapes the gateway every second; the operator runs against fabric8's mock API server holding a Function
 * and its Deployment of the same name, and reads the load from Prometheus. Under load, it scales the Deployment up
 * through the scale subresource and says why in the Function's status.
 */
@EnableKubernetesMockClient(crud = true)
class AutoscalerPrometheusIT {

    static final String NS = "openfaas-fn";
    static final String NAME = "load";
    static final String NARROW = "narrow";
    /** The gateway's distribution archive, unpacked by the build (with the watchdog next to it). */
    static final Path GATEWAY = Unpacked.dist("jfaas.gateway.dist");
    static final Path GATEWAY_JAR = GATEWAY.resolve("gateway.jar");
    static final HttpClient HTTP = PrometheusProcess.HTTP;
    /**
     * How long a step may take: the operator's start, Prometheus's first scrapes and the decisions all slow down on a
     * loaded 2-core machine (30 s was once not enough for the first decision); a step ends as soon as it holds.
     */
    static final Duration AWAIT = Duration.ofSeconds(120);

    KubernetesClient client;
    KubernetesMockServer server;

    @TempDir
    Path work;
    Process gateway;
    PrometheusProcess prometheus;
    int gatewayPort;

    @BeforeEach
    void startGatewayAndPrometheus() throws Exception {
        if (!PrometheusProcess.ci()) {
            assumeTrue(Files.isRegularFile(GATEWAY_JAR), GATEWAY_JAR + " is missing: build the gateway module first");
        }
        assertThat(GATEWAY_JAR).as("the packaged gateway").isRegularFile();

        Path images = work.resolve("images");
        new LocalImageStore(images).store(ImageRef.parse("autoscaler-it-load:latest"), List.of(functionJar()));
        gatewayPort = PrometheusProcess.freePort();
        int metricsPort = PrometheusProcess.freePort();
        ProcessBuilder gatewayBuilder = new ProcessBuilder(javaBinary(), "-jar", GATEWAY_JAR.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("gateway.log").toFile());
        gatewayBuilder.environment().putAll(Map.of(
                "port", Integer.toString(gatewayPort),
                "basic_auth", "false",
                "JFAAS_METRICS_PORT", Integer.toString(metricsPort),
                "JFAAS_AUTOSCALE", "false",
                "JFAAS_STATE_DIR", work.resolve("state").toString(),
                "JFAAS_IMAGE_STORE", images.toString(),
                "HOME", work.toString()));
        gateway = gatewayBuilder.start();
        PrometheusProcess.awaitOk("http://127.0.0.1:" + gatewayPort + "/healthz", "the gateway (log: " + work.resolve("gateway.log") + ")");

        deployToGateway(NAME, "");
        // a replica of this one takes two calls at a time, and refuses more with 429
        deployToGateway(NARROW, ",\"max_inflight\":\"2\"");

        prometheus = PrometheusProcess.start(work.resolve("prometheus"), "127.0.0.1:" + metricsPort);
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        if (prometheus != null) {
            prometheus.close();
        }
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void under_load_the_operator_scales_the_deployment_up_through_the_scale_subresource() throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("JFAAS_LEADER_ELECTION", "false", "JFAAS_AUTOSCALE_INTERVAL", "500ms",
                "JFAAS_PROMETHEUS_URL", prometheus.url()));
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName(NAME);
        spec.setImage("autoscaler-it-load:latest");
        // 5 rps per replica (× 0.9); at most 4 replicas
        spec.setLabels(Map.of("com.openfaas.scale.target", "5", "com.openfaas.scale.max", "4"));
        client.resource(FunctionResource.of(NS, NAME, spec)).create();

        try (FunctionOperator operator = new FunctionOperator(client, config)) {
            operator.start();
            // without load: a decision from Prometheus's answer, and the replicas stay at the minimum
            await().atMost(AWAIT).untilAsserted(() -> {
                AutoscalerDecision decision = decision();
                assertThat(decision).as("status.autoscaler").isNotNull();
                assertThat(decision.getDesiredReplicas()).isEqualTo(1);
                assertThat(decision.getMode()).isEqualTo("stable");
            });
            assertThat(deployment().getSpec().getReplicas()).isEqualTo(1);
            markReady(NAME, 1);

            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong ok = new AtomicLong();
            ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
            List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                loops.add(callers.submit(() -> {
                    while (loading.get()) {
                        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(gatewayUri("/function/" + NAME))
                                .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            try {
                await().atMost(AWAIT).untilAsserted(() ->
                        assertThat(deployment().getSpec().getReplicas()).as("the Deployment's replicas").isGreaterThan(1));
            } finally {
                loading.set(false);
                for (java.util.concurrent.Future<?> loop : loops) {
                    loop.get(30, TimeUnit.SECONDS);
                }
                callers.shutdown();
            }
            int scaled = deployment().getSpec().getReplicas();
            assertThat(scaled).isBetween(2, 4);
            assertThat(ok.get()).as("calls answered 200").isGreaterThan(0);
            await().atMost(AWAIT).untilAsserted(() -> {
                AutoscalerDecision decision = decision();
                assertThat(decision.getDesiredReplicas()).isGreaterThan(1);
                assertThat(decision.getReplicas()).isEqualTo(1);
                assertThat(decision.getReason()).contains("rps");
            });
            assertThat(scaleRequests()).as("requests to the Deployment's scale subresource").isNotEmpty();
            System.out.printf("autoscaler IT: %d calls; Deployment scaled 1 → %d: %s%n", ok.get(), scaled,
                    decision().getReason());
        }
    }

    @Test
    void without_labels_a_function_at_its_max_inflight_scales_out_and_plans_no_more_than_its_ready_replicas()
            throws Exception {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("JFAAS_LEADER_ELECTION", "false",
                "JFAAS_AUTOSCALE_INTERVAL", "500ms", "JFAAS_PROMETHEUS_URL", prometheus.url()));
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName(NARROW);
        spec.setImage("autoscaler-it-load:latest");
        // no scale label: the default, saturation; a replica takes two calls at a time
        spec.setEnvironment(Map.of("max_inflight", "2"));
        client.resource(FunctionResource.of(NS, NARROW, spec)).create();

        try (FunctionOperator operator = new FunctionOperator(client, config)) {
            operator.start();
            await().atMost(AWAIT).untilAsserted(() -> {
                assertThat(decision(NARROW)).as("status.autoscaler").isNotNull();
                assertThat(decision(NARROW).getDesiredReplicas()).isEqualTo(1);
            });
            markReady(NARROW, 1);

            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicLong transportErrors = new AtomicLong();
            ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
            List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
            try {
                // eight callers at a replica that takes two at a time: busier than one replica can carry
                loops.addAll(callers(callers, 8, loading, transportErrors));
                await().atMost(AWAIT).untilAsserted(() -> assertThat(
                        deployment(NARROW).getSpec().getReplicas()).as("the Deployment's replicas").isGreaterThan(1));
                int planned = deployment(NARROW).getSpec().getReplicas();
                assertThat(decision(NARROW).getReason()).contains("of max_inflight 2 a replica");

                // the new replicas never become ready here (no kubelet), as with pods the nodes have no room for:
                // five times the callers, and for as long as they call the plan stays where it is (how much more the
                // load asks for depends on how fast refused calls bounce on this machine, so only the bound is held)
                loops.addAll(callers(callers, 32, loading, transportErrors));
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(60)).until(() ->
                        deployment(NARROW).getSpec().getReplicas() == planned);
                System.out.printf("autoscaler IT: %s scaled 1 → %d and held there while not ready: %s"
                        + " (%d transport errors)%n", NARROW, planned, decision(NARROW).getReason(),
                        transportErrors.get());
            } finally {
                loading.set(false);
                for (java.util.concurrent.Future<?> loop : loops) {
                    loop.get(60, TimeUnit.SECONDS);
                }
                callers.shutdown();
            }
        }
    }

    /** {@code count} callers that call the narrow function one call after another while {@code loading}. */
    private List<java.util.concurrent.Future<?>> callers(ExecutorService executor, int count, AtomicBoolean loading,
                                                         AtomicLong transportErrors) {
        List<java.util.concurrent.Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            loops.add(executor.submit(() -> {
                while (loading.get()) {
                    try {
                        HTTP.send(HttpRequest.newBuilder(gatewayUri("/function/" + NARROW))
                                .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (java.io.IOException e) {
                        transportErrors.incrementAndGet(); // the load matters here, not each call: counted, shown
                    }
                }
                return null;
            }));
        }
        return loops;
    }

    /** Deploys the load function to the gateway under this name, with these extra environment variables (JSON). */
    void deployToGateway(String name, String extraEnvironment) throws Exception {
        HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(gatewayUri("/system/functions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"" + name + "\",\"image\":"
                        + "\"autoscaler-it-load:latest\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\""
                        + LoadHandler.class.getName() + "\"" + extraEnvironment + "}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(deployed.statusCode()).as("deploy: %s", deployed.body()).isEqualTo(202);
        PrometheusProcess.awaitOk(gatewayUri("/function/" + name).toString(), "the function " + name);
    }

    /** What a Deployment controller and kubelets would report: this many ready replicas (the mock has neither). */
    void markReady(String name, int ready) {
        Deployment deployment = deployment(name);
        deployment.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withReplicas(ready).withReadyReplicas(ready).withAvailableReplicas(ready).build());
        client.resource(deployment).updateStatus();
    }

    Deployment deployment() {
        return deployment(NAME);
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    AutoscalerDecision decision() {
        return decision(NAME);
    }

    AutoscalerDecision decision(String name) {
        FunctionResource function = client.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
        return function == null || function.getStatus() == null ? null : function.getStatus().getAutoscaler();
    }

    /** The requests the mock server received for the Deployment's scale subresource. */
    List<String> scaleRequests() throws InterruptedException {
        List<String> found = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (request.getPath().startsWith("/apis/apps/v1/namespaces/" + NS + "/deployments/" + NAME + "/scale")
                    && !"GET".equals(request.getMethod())) {
                found.add(request.getMethod() + " " + request.getPath());
            }
        }
        return found;
    }

    URI gatewayUri(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    /** A function jar holding {@link LoadHandler}, as {@code faas-cli build} makes one. */
    Path functionJar() throws IOException {
        Path jar = work.resolve("function.jar");
        String entry = LoadHandler.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             InputStream in = LoadHandler.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
