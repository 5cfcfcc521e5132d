package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceStatus;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every permission the chart gives the operator is one the operator uses, and every call it makes is permitted: one
 * journey through every route of the provider API, the reconciler and leader election, behind the chart's RBAC
 * ({@link AuthorizedCluster}), in the chart's two modes. A grant nothing used fails here, naming it.
 */
class ChartRbacIT {

    static final String NS = "openfaas-fn";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
    final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest(name = "clusterRole={0}")
    @ValueSource(booleans = {false, true})
    void the_operator_needs_every_permission_the_chart_grants_and_no_other(boolean clusterRole) throws Exception {
        Map<String, String> values = clusterRole ? Map.of("clusterRole", "true") : Map.of();
        try (AuthorizedCluster cluster = AuthorizedCluster.withChart(values)) {
            KubernetesClient admin = cluster.admin();
            // the autoscaler runs too (its informers); with no Prometheus to answer it decides nothing
            Map<String, String> env = new HashMap<>(Map.of("JFAAS_LEADER_ELECTION", "true", "JFAAS_LEASE_DURATION",
                    "3s", "POD_NAME", "operator-a", "JFAAS_PROMETHEUS_URL", "http://127.0.0.1:9"));
            if (!clusterRole) {
                env.put("JFAAS_WATCH_NAMESPACES", NS);
            }
            OperatorConfig config = OperatorConfig.fromEnv(env);
            // the function namespace, as the chart (namespaces.createFunctions) or an admin makes it
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
            String otherNamespace = "team-a";
            admin.resource(new NamespaceBuilder().withNewMetadata().withName(otherNamespace)
                    .addToAnnotations("openfaas", "1").endMetadata().build()).create();
            try (FunctionOperator operator = new FunctionOperator(cluster.operator(), config);
                    ProviderApi api = ProviderApi.start(cluster.operator(), 0, new BasicAuth("admin", "pw"), NS,
                            config.watchNamespaces(), operator::health)) {
                operator.start();
                await().atMost(WAIT).until(operator::leading);
                String base = "http://127.0.0.1:" + api.port();

                assertThat(call(base, "POST", "/system/secrets", "{\"name\":\"db\",\"value\":\"s3cret\"}")).isEqualTo(202);
                assertThat(call(base, "GET", "/system/secrets", null)).isEqualTo(200);
                assertThat(call(base, "PUT", "/system/secrets", "{\"name\":\"db\",\"value\":\"other\"}")).isEqualTo(202);
                assertThat(call(base, "POST", "/system/functions",
                        "{\"service\":\"hello\",\"image\":\"img:1\",\"secrets\":[\"db\"]}")).isEqualTo(202);
                await().atMost(WAIT).until(() -> admin.apps().deployments().inNamespace(NS).withName("hello").get()
                        != null && admin.services().inNamespace(NS).withName("hello").get() != null);
                assertThat(call(base, "PUT", "/system/functions", "{\"service\":\"hello\",\"image\":\"img:2\"}"))
                        .isEqualTo(202);
                assertThat(call(base, "GET", "/system/functions", null)).isEqualTo(200);
                // a Service edited by hand is put back
                admin.services().inNamespace(NS).withName("hello").edit(svc -> {
                    svc.getMetadata().getLabels().put("faas_function", "edited");
                    return svc;
                });
                await().atMost(WAIT).until(() -> "hello".equals(admin.services().inNamespace(NS).withName("hello").get()
                        .getMetadata().getLabels().get("faas_function")));
                // a Service of the same name that no Function owns is left alone and reported
                admin.resource(new ServiceBuilder().withNewMetadata().withName("clash").withNamespace(NS).endMetadata()
                        .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
                assertThat(call(base, "POST", "/system/functions", "{\"service\":\"clash\",\"image\":\"img:1\"}"))
                        .isEqualTo(202);
                await().atMost(WAIT).until(() -> {
                    FunctionResource clash = admin.resources(FunctionResource.class).inNamespace(NS).withName("clash").get();
                    return clash.getStatus() != null && clash.getStatus().condition(FunctionResourceStatus.READY) != null
                            && "ErrResourceExists".equals(clash.getStatus().condition(FunctionResourceStatus.READY).getReason());
                });
                assertThat(call(base, "GET", "/system/function/hello", null)).isEqualTo(200);
                assertThat(call(base, "POST", "/system/scale-function/hello",
                        "{\"serviceName\":\"hello\",\"replicas\":2}")).isEqualTo(202);
                admin.resource(new PodBuilder().withNewMetadata().withName("hello-1").withNamespace(NS)
                        .addToLabels("faas_function", "hello").endMetadata().withNewStatus().addNewContainerStatus()
                        .withName("hello").withStarted(true).endContainerStatus().endStatus().build()).create();
                cluster.server().expect().get().withPath("/api/v1/namespaces/openfaas-fn/pods/hello-1/log"
                        + "?container=hello&timestamps=true").andReturn(200, "2026-12-06T05:00:00Z hi\n")
                        .always();
                assertThat(call(base, "GET", "/system/logs?name=hello", null)).isEqualTo(200);
                assertThat(call(base, "GET", "/system/namespaces", null)).isEqualTo(200);
                assertThat(call(base, "GET", "/system/namespace/" + NS, null)).isEqualTo(200);
                // namespaces are managed only by an operator that watches them all
                assertThat(call(base, "POST", "/system/namespace/",
                        "{\"name\":\"staging\",\"labels\":{\"team\":\"web\"}}")).isEqualTo(clusterRole ? 201 : 400);
                if (clusterRole) {
                    assertThat(call(base, "PUT", "/system/namespace/staging",
                            "{\"name\":\"staging\",\"labels\":{\"team\":\"api\"}}")).isEqualTo(202);
                    assertThat(call(base, "DELETE", "/system/namespace/staging", null)).isEqualTo(202);
                }
                assertThat(call(base, "POST", "/system/functions",
                        "{\"service\":\"other\",\"image\":\"img:1\",\"namespace\":\"" + otherNamespace + "\"}"))
                        .isEqualTo(clusterRole ? 202 : 400);
                assertThat(call(base, "DELETE", "/system/functions", "{\"functionName\":\"hello\"}")).isEqualTo(202);
                assertThat(call(base, "DELETE", "/system/secrets", "{\"name\":\"db\"}")).isEqualTo(202);
                await().atMost(WAIT).until(() -> lease(admin) != null
                        && lease(admin).getSpec().getRenewTime().isAfter(lease(admin).getSpec().getAcquireTime()));
            }
            assertThat(cluster.denied()).as("calls the chart does not permit").isEmpty();
            assertThat(cluster.unused()).as("grants nothing used")
                    // JOSDK refuses to start unless a rules review shows get, create and update on leases
                    .allMatch(unused -> unused.startsWith("update leases "));
        }
    }

    static io.fabric8.kubernetes.api.model.coordination.v1.Lease lease(KubernetesClient admin) {
        return admin.leases().inNamespace(NS).withName("jfaas-operator").get();
    }

    int call(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
