package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jfaas.model.Json;
import io.jfaas.operator.FunctionOperator;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.testing.Checkout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider API with the reconciler behind it, against fabric8's CRUD mock server with the chart's RBAC enforced
 * ({@link AuthorizedCluster}): both use the operator's service account, as in the chart's pod.
 */
class ProviderApiIT {

    static final String NS = "openfaas-fn";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

    AuthorizedCluster cluster;
    /** The test's own client (cluster-admin). */
    KubernetesClient client;
    KubernetesMockServer server;
    FunctionOperator operator;
    ProviderApi api;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = Json.newMapper();

    @BeforeEach
    void start() throws IOException {
        cluster = AuthorizedCluster.withChartDefaults();
        client = cluster.admin();
        server = cluster.server();
        operator = new FunctionOperator(cluster.operator(),
                OperatorConfig.fromEnv(Map.of("JFAAS_LEADER_ELECTION", "false",
                "JFAAS_AUTOSCALE", "false", "JFAAS_WATCH_NAMESPACES", NS)));
        operator.start();
        api = ProviderApi.start(cluster.operator(), 0, new BasicAuth("admin", "s3cret"), NS,
                Set.of(NS), operator::health);
    }

    @AfterEach
    void stop() {
        api.close();
        operator.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    HttpResponse<String> call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A pod of {@code hello} whose container has started. */
    static io.fabric8.kubernetes.api.model.Pod startedPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels("faas_function", "hello").endMetadata().withNewStatus().addNewContainerStatus()
                .withName("hello").withStarted(true).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().endStatus().build();
    }

    JsonNode json(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body());
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    void deployHello() throws IOException, InterruptedException {
        assertThat(call("POST", "/system/functions", """
                {"service": "hello", "image": "ghcr.io/me/hello:1", "envProcess": "java -jar fn.jar",
                 "envVars": {"mode": "http"}, "labels": {"team": "blue"}, "annotations": {"topic": "orders"},
                 "limits": {"memory": "128Mi", "cpu": "0.5"}, "registryAuth": "ignored"}""").statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).until(() -> deployment("hello") != null);
    }

    @Test
    void a_deploy_through_the_api_becomes_a_function_a_deployment_and_a_service() throws Exception {
        deployHello();

        FunctionResource function = client.resources(FunctionResource.class).inNamespace(NS).withName("hello").get();
        assertThat(function.getSpec().getHandler()).isEqualTo("java -jar fn.jar");
        assertThat(function.getSpec().getEnvironment()).isEqualTo(Map.of("mode", "http"));
        assertThat(deployment("hello").getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("ghcr.io/me/hello:1");
        await().atMost(WAIT).until(() -> client.services().inNamespace(NS).withName("hello").get() != null);

        HttpResponse<String> list = call("GET", "/system/functions", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode hello = json(list).get(0);
        assertThat(hello.get("name").asText()).isEqualTo("hello");
        assertThat(hello.get("image").asText()).isEqualTo("ghcr.io/me/hello:1");
        assertThat(hello.get("namespace").asText()).isEqualTo(NS);
        assertThat(hello.get("envProcess").asText()).isEqualTo("java -jar fn.jar");
        assertThat(hello.get("labels").get("team").asText()).isEqualTo("blue");
        assertThat(hello.get("labels").get("faas_function").asText()).isEqualTo("hello");
        assertThat(hello.get("annotations").get("topic").asText()).isEqualTo("orders");
        assertThat(hello.get("limits").get("cpu").asText()).isEqualTo("500m");
        assertThat(hello.get("limits").get("memory").asText()).isEqualTo("128Mi");
        assertThat(hello.get("replicas").asLong()).isEqualTo(1);
        assertThat(hello.has("createdAt")).isTrue();

        HttpResponse<String> one = call("GET", "/system/function/hello", null);
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("name").asText()).isEqualTo("hello");
        assertThat(call("GET", "/system/function/nope", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_function_deployed_with_empty_annotations_lists_labels_and_annotations_as_objects() throws Exception {
        assertThat(call("POST", "/system/functions", "{\"service\":\"bare\",\"image\":\"bare:1\","
                + "\"annotations\":{}}").statusCode()).isEqualTo(202);

        HttpResponse<String> one = call("GET", "/system/function/bare", null);

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("annotations").isObject()).isTrue();
        assertThat(json(one).get("labels").isObject()).isTrue();
    }

    @Test
    void a_second_deploy_of_the_same_function_is_a_conflict() throws Exception {
        deployHello();

        HttpResponse<String> again = call("POST", "/system/functions", "{\"service\":\"hello\",\"image\":\"x\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).isEqualTo("function hello already exists in namespace openfaas-fn\n");
    }

    @Test
    void available_replicas_come_from_the_deployment_status() throws Exception {
        deployHello();
        assertThat(json(call("GET", "/system/function/hello", null)).has("availableReplicas")).isFalse();

        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Deployment d = deployment("hello");
            d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withAvailableReplicas(1).build());
            return client.resource(d).updateStatus() != null;
        });

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(json(call("GET", "/system/function/hello", null)).path("availableReplicas").asLong())
                        .isEqualTo(1));
    }

    @Test
    void an_update_changes_the_deployment_and_an_update_of_a_missing_function_is_404() throws Exception {
        deployHello();

        assertThat(call("PUT", "/system/functions", "{\"service\":\"hello\",\"image\":\"ghcr.io/me/hello:2\"}")
                .statusCode()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deployment("hello").getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage()).isEqualTo("ghcr.io/me/hello:2"));

        HttpResponse<String> missing = call("PUT", "/system/functions", "{\"service\":\"nope\",\"image\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("function nope not found in namespace openfaas-fn\n");
    }

    @Test
    void scaling_to_zero_stays_at_zero_and_scaling_back_works() throws Exception {
        deployHello();

        assertThat(call("POST", "/system/scale-function/hello", "{\"serviceName\":\"hello\",\"replicas\":0}")
                .statusCode()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deployment("hello").getSpec().getReplicas()).isZero());
        assertThat(json(call("GET", "/system/function/hello", null)).has("replicas")).as("0 is left out").isFalse();
        // a later reconcile (here: a spec change) does not wake it up
        assertThat(call("PUT", "/system/functions", "{\"service\":\"hello\",\"image\":\"img:2\"}").statusCode())
                .isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deployment("hello").getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getImage()).isEqualTo("img:2"));
        assertThat(deployment("hello").getSpec().getReplicas()).isZero();

        assertThat(call("POST", "/system/scale-function/hello", "{\"serviceName\":\"hello\",\"replicas\":2}")
                .statusCode()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(json(call("GET", "/system/function/hello", null)).path("replicas").asLong()).isEqualTo(2));

        assertThat(call("POST", "/system/scale-function/nope", "{\"serviceName\":\"nope\",\"replicas\":1}")
                .statusCode()).isEqualTo(404);
        assertThat(call("POST", "/system/scale-function/hello", "{not json").statusCode()).isEqualTo(400);
    }

    @Test
    void a_delete_removes_the_function_and_leaves_its_children_to_the_garbage_collector() throws Exception {
        deployHello();
        await().atMost(WAIT).until(() -> client.services().inNamespace(NS).withName("hello").get() != null);
        String uid = client.resources(FunctionResource.class).inNamespace(NS).withName("hello").get().getMetadata().getUid();

        assertThat(call("DELETE", "/system/functions", "{\"functionName\":\"hello\"}").statusCode()).isEqualTo(202);

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(client.resources(FunctionResource.class).inNamespace(NS).withName("hello").get()).isNull());
        // the mock server has no garbage collector; Kubernetes' deletes what names the Function as its owner
        assertThat(deployment("hello").getMetadata().getOwnerReferences())
                .anySatisfy(o -> assertThat(o.getUid()).isEqualTo(uid));
        assertThat(json(call("GET", "/system/functions", null))).isEmpty();
        assertThat(call("DELETE", "/system/functions", "{\"functionName\":\"hello\"}").statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/system/functions", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void secrets_are_created_listed_replaced_and_removed_as_labelled_kubernetes_secrets() throws Exception {
        assertThat(call("POST", "/system/secrets", "{\"name\":\"db-password\",\"value\":\"one\"}").statusCode())
                .isEqualTo(202);
        Secret secret = client.secrets().inNamespace(NS).withName("db-password").get();
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "jfaas");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("db-password")), StandardCharsets.UTF_8))
                .isEqualTo("one");
        assertThat(call("POST", "/system/secrets", "{\"name\":\"db-password\",\"value\":\"x\"}").statusCode())
                .isEqualTo(409);

        HttpResponse<String> list = call("GET", "/system/secrets", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).toString()).isEqualTo("[{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\"}]");

        assertThat(call("PUT", "/system/secrets", "{\"name\":\"db-password\",\"rawValue\":\""
                + Base64.getEncoder().encodeToString("two".getBytes(StandardCharsets.UTF_8)) + "\"}").statusCode())
                .isEqualTo(202);
        secret = client.secrets().inNamespace(NS).withName("db-password").get();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("db-password")), StandardCharsets.UTF_8))
                .isEqualTo("two");
        assertThat(call("PUT", "/system/secrets", "{\"name\":\"nope\",\"value\":\"x\"}").statusCode()).isEqualTo(404);

        assertThat(call("DELETE", "/system/secrets", "{\"name\":\"db-password\"}").statusCode()).isEqualTo(202);
        assertThat(client.secrets().inNamespace(NS).withName("db-password").get()).isNull();
        assertThat(call("DELETE", "/system/secrets", "{\"name\":\"db-password\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_function_naming_a_missing_secret_is_refused_with_a_clear_error_and_deploys_once_it_exists()
            throws Exception {
        String body = "{\"service\":\"hello\",\"image\":\"img\",\"secrets\":[\"api-key\"]}";
        HttpResponse<String> refused = call("POST", "/system/functions", body);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .isEqualTo("unable to fetch secrets: secret \"api-key\" not found in namespace openfaas-fn\n");
        assertThat(client.resources(FunctionResource.class).inNamespace(NS).withName("hello").get()).isNull();

        assertThat(call("POST", "/system/secrets", "{\"name\":\"api-key\",\"value\":\"k\"}").statusCode())
                .isEqualTo(202);
        assertThat(call("POST", "/system/functions", body).statusCode()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> {
            // an assertion failure (which Awaitility retries) while the reconciler has not created it yet
            assertThat(deployment("hello")).as("the Deployment hello").isNotNull();
            assertThat(deployment("hello").getSpec().getTemplate().getSpec().getContainers().getFirst()
                    .getVolumeMounts()).singleElement()
                    .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/var/openfaas/secrets"));
        });
        assertThat(json(call("GET", "/system/function/hello", null)).get("secrets").toString())
                .isEqualTo("[\"api-key\"]");
    }

    @Test
    void bad_requests_get_400_naming_the_problem() throws Exception {
        HttpResponse<String> badJson = call("POST", "/system/functions", "{\"service\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).startsWith("failed to unmarshal request: ");
        assertThat(badJson.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

        HttpResponse<String> badName = call("POST", "/system/functions", "{\"service\":\"Hello_\",\"image\":\"x\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).startsWith("validation failed: service: (Hello_) is invalid");

        HttpResponse<String> noImage = call("POST", "/system/functions", "{\"service\":\"hello\"}");
        assertThat(noImage.body()).isEqualTo("validation failed: image: is required\n");

        HttpResponse<String> badQuantity = call("POST", "/system/functions",
                "{\"service\":\"hello\",\"image\":\"x\",\"requests\":{\"memory\":\"lots\"}}");
        assertThat(badQuantity.statusCode()).isEqualTo(400);
        assertThat(badQuantity.body()).startsWith("validation failed: requests.memory: invalid quantity \"lots\"");

        // what the API server would refuse is refused before the 202, with Kubernetes' rules
        HttpResponse<String> badLabel = call("POST", "/system/functions",
                "{\"service\":\"hello\",\"image\":\"x\",\"labels\":{\"team\":\"blue team\"}}");
        assertThat(badLabel.statusCode()).isEqualTo(400);
        assertThat(badLabel.body()).startsWith("validation failed: labels.team: \"blue team\": a label value");
        HttpResponse<String> overLimit = call("POST", "/system/functions", "{\"service\":\"hello\",\"image\":\"x\","
                + "\"limits\":{\"memory\":\"64Mi\"},\"requests\":{\"memory\":\"128Mi\"}}");
        assertThat(overLimit.statusCode()).isEqualTo(400);
        assertThat(overLimit.body()).isEqualTo("validation failed: requests.memory: 128Mi must be less than or equal to"
                + " limits.memory (64Mi)\n");
        HttpResponse<String> badEnv = call("POST", "/system/functions",
                "{\"service\":\"hello\",\"image\":\"x\",\"envVars\":{\"my var\":\"1\"}}");
        assertThat(badEnv.statusCode()).isEqualTo(400);
        assertThat(badEnv.body()).startsWith("validation failed: environment.my var: ");
        assertThat(client.resources(FunctionResource.class).inNamespace(NS).withName("hello").get()).isNull();

        assertThat(call("GET", "/system/functions?namespace=kube-system", null).statusCode()).isEqualTo(400);
        assertThat(call("PATCH", "/system/functions", "{}").statusCode()).isEqualTo(405);
        assertThat(call("GET", "/system/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void logs_of_the_functions_pods_stream_as_ndjson() throws Exception {
        client.resource(startedPod("hello-7d9c-abcde")).create();
        // still being created: the API server would refuse its logs, so they are not asked for
        client.resource(new PodBuilder().withNewMetadata().withName("hello-7d9c-fghij").withNamespace(NS)
                .addToLabels("faas_function", "hello").endMetadata().withNewStatus().addNewContainerStatus()
                .withName("hello").withStarted(false).withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState().endContainerStatus().endStatus().build()).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/openfaas-fn/pods/hello-7d9c-abcde/log?container=hello"
                        + "&timestamps=true")
                .andReturn(200, "2026-12-02T10:00:00.123456789Z started\n2026-12-02T10:00:01Z called with \"x\"\n")
                .always();

        HttpResponse<String> logs = call("GET", "/system/logs?name=hello", null);

        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<String> lines = logs.body().lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = mapper.readTree(lines.get(0));
        assertThat(first.get("name").asText()).isEqualTo("hello");
        assertThat(first.get("namespace").asText()).isEqualTo(NS);
        assertThat(first.get("instance").asText()).isEqualTo("hello-7d9c-abcde");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-12-02T10:00:00.123456789Z");
        assertThat(first.get("text").asText()).isEqualTo("started\n");
        assertThat(mapper.readTree(lines.get(1)).get("text").asText()).isEqualTo("called with \"x\"\n");

        assertThat(call("GET", "/system/logs?name=nope", null).statusCode()).isEqualTo(500);
        assertThat(call("GET", "/system/logs?name=hello&tail=many", null).statusCode()).isEqualTo(422);
    }

    @Test
    void without_cluster_role_only_the_watched_namespace_takes_functions_even_when_another_is_opted_in()
            throws Exception {
        client.resource(new NamespaceBuilder().withNewMetadata().withName("team-a")
                .addToAnnotations("openfaas", "1").endMetadata().build()).create();

        assertThat(json(call("GET", "/system/namespaces", null)).toString()).isEqualTo("[\"openfaas-fn\"]");
        HttpResponse<String> refused = call("POST", "/system/functions",
                "{\"service\":\"a\",\"image\":\"x\",\"namespace\":\"team-a\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).startsWith("namespace team-a is not a function namespace: the operator reconciles"
                + " only [openfaas-fn]");
    }

    @Test
    void system_routes_need_basic_auth_but_healthz_does_not() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/system/functions")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Restricted\"");
        assertThat(anonymous.body()).isEqualTo("invalid credentials\n");

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        JsonNode info = json(call("GET", "/system/info", null));
        assertThat(info.get("provider").asText()).isEqualTo("jfaas-operator");
        assertThat(info.get("orchestration").asText()).isEqualTo("kubernetes");
        assertThat(info.get("version").get("release").asText()).isNotBlank();
        assertThat(info.get("version").get("sha").asText()).as("the commit this checkout builds")
                .isEqualTo(Checkout.commit());
    }

    @Test
    void followed_logs_stream_until_the_pods_log_ends() throws Exception {
        client.resource(startedPod("hello-1")).create();
        server.expect().get()
                .withPath("/api/v1/namespaces/openfaas-fn/pods/hello-1/log?container=hello"
                        + "&timestamps=true&follow=true")
                .andReturn(200, "2026-12-02T10:00:00Z one\n2026-12-02T10:00:02Z two\n").always();

        HttpResponse<String> logs = call("GET", "/system/logs?name=hello&follow=true", null);

        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.body().lines().map(line -> {
            try {
                return mapper.readTree(line).get("text").asText();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList()).containsExactly("one\n", "two\n");
    }
}
