package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfaas.model.Json;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /system/namespace/NAME} in a cluster: Kubernetes Namespaces created, read, changed and deleted through the
 * provider API with the chart's clusterRole RBAC enforced, answering what local mode answers.
 */
class NamespaceRouteIT {

    static final String NS = "openfaas-fn";
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));

    AuthorizedCluster cluster;
    KubernetesClient admin;
    ProviderApi api;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = Json.newMapper();

    @BeforeEach
    void start() throws Exception {
        cluster = AuthorizedCluster.withChart(Map.of("clusterRole", "true"));
        admin = cluster.admin();
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
        api = ProviderApi.start(cluster.operator(), 0, new BasicAuth("admin", "pw"), NS, Set.of(),
                () -> Optional.empty());
    }

    @AfterEach
    void stop() {
        api.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    @Test
    void a_namespace_is_created_opted_in_read_changed_and_deleted() throws Exception {
        HttpResponse<String> created = call("POST", "/system/namespace/",
                "{\"name\":\"staging\",\"labels\":{\"team\":\"web\"},\"annotations\":{\"owner\":\"ops\"}}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Namespace namespace = admin.namespaces().withName("staging").get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("team", "web");
        assertThat(namespace.getMetadata().getAnnotations()).containsEntry("owner", "ops")
                .as("opted in to take functions").containsEntry("openfaas", "1");
        assertThat(mapper.readTree(call("GET", "/system/namespace/staging", null).body()))
                .isEqualTo(mapper.readTree("{\"name\":\"staging\",\"labels\":{\"team\":\"web\"},"
                        + "\"annotations\":{\"owner\":\"ops\",\"openfaas\":\"1\"}}"));
        assertThat(call("GET", "/system/namespaces", null).body()).contains("\"staging\"");
        assertThat(call("POST", "/system/namespace/", "{\"name\":\"staging\"}").statusCode()).isEqualTo(409);

        HttpResponse<String> updated = call("PUT", "/system/namespace/staging",
                "{\"name\":\"staging\",\"labels\":{\"team\":\"api\"}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(202);
        Namespace changed = admin.namespaces().withName("staging").get();
        assertThat(changed.getMetadata().getLabels()).containsEntry("team", "api")
                .containsEntry("kubernetes.io/metadata.name", "staging");
        assertThat(changed.getMetadata().getAnnotations()).doesNotContainKey("owner").containsEntry("openfaas", "1");

        assertThat(call("DELETE", "/system/namespace/staging", null).statusCode()).isEqualTo(202);
        assertThat(admin.namespaces().withName("staging").get()).isNull();
        assertThat(call("GET", "/system/namespace/staging", null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/system/namespace/staging", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_namespace_that_holds_a_function_or_is_not_a_function_namespace_is_not_deleted() throws Exception {
        assertThat(call("POST", "/system/namespace/", "{\"name\":\"busy\"}").statusCode()).isEqualTo(201);
        FunctionResource function = new FunctionResource();
        function.getMetadata().setName("f");
        function.getMetadata().setNamespace("busy");
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName("f");
        spec.setImage("img:1");
        function.setSpec(spec);
        admin.resources(FunctionResource.class).inNamespace("busy").resource(function).create();
        admin.resource(new NamespaceBuilder().withNewMetadata().withName("other-team").endMetadata().build())
                .create();

        HttpResponse<String> busy = call("DELETE", "/system/namespace/busy", null);
        HttpResponse<String> notOurs = call("DELETE", "/system/namespace/other-team", null);
        HttpResponse<String> defaultNamespace = call("DELETE", "/system/namespace/" + NS, null);

        assertThat(busy.statusCode()).isEqualTo(409);
        assertThat(busy.body()).contains("still holds function f");
        assertThat(admin.namespaces().withName("busy").get()).isNotNull();
        assertThat(notOurs.statusCode()).as("a namespace not annotated openfaas=1 is not the API's").isEqualTo(404);
        assertThat(admin.namespaces().withName("other-team").get()).isNotNull();
        assertThat(defaultNamespace.statusCode()).isEqualTo(400);
        assertThat(call("GET", "/system/namespace/" + NS, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/system/namespace/kube-system", null).body()).contains("kube-system is not allowed");
        assertThat(call("POST", "/system/namespace/", "{\"name\":\"x\",\"labels\":{\"k\":\"not a value\"}}").body())
                .contains("labels.k");
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
