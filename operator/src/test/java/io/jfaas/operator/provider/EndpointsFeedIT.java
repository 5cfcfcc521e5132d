package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import io.jfaas.provider.FunctionEndpoints;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider API's endpoints feed and its reads from the informers' cache, against the mock API server with the
 * chart's RBAC: Functions, Deployments and EndpointSlices are written by the test (as the reconciler and Kubernetes
 * would), and what a gateway reading the feed would know is checked, as is the number of API-server requests the
 * invocation path's reads cost.
 */
class EndpointsFeedIT {

    static final String NS = "openfaas-fn";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
    static final FunctionRef HELLO = new FunctionRef("hello", NS);

    AuthorizedCluster cluster;
    KubernetesClient admin;
    ProviderApi api;
    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper mapper = Json.newMapper();
    /** What a reader of the feed knows, per function, as a gateway's table would. */
    final Map<FunctionRef, FunctionEndpoints> known = new ConcurrentHashMap<>();
    Stream<String> feed;

    @BeforeEach
    void start() throws Exception {
        cluster = AuthorizedCluster.withChartDefaults();
        admin = cluster.admin();
        api = ProviderApi.start(cluster.operator(), 0, new BasicAuth("admin", "s3cret"), NS, Set.of(NS),
                Optional::empty);
        HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/system/endpoints")).header("Authorization", AUTH)
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        feed = response.body();
        Thread.ofVirtual().start(() -> feed.forEach(line -> {
            try {
                EndpointsUpdate update = mapper.readValue(line, EndpointsUpdate.class);
                if (update.snapshot()) {
                    known.clear();
                }
                update.functions().forEach(f -> known.put(new FunctionRef(f.name(), f.namespace()), f));
                update.removed().forEach(known::remove);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    @AfterEach
    void stop() {
        feed.close();
        api.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    void createFunction() {
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName("hello");
        spec.setImage("img:1");
        admin.resource(FunctionResource.of(NS, "hello", spec)).create();
    }

    void createDeployment(int replicas) {
        admin.resource(new DeploymentBuilder().withNewMetadata().withName("hello").withNamespace(NS)
                .addToLabels("faas_function", "hello").endMetadata().withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("faas_function", "hello").endSelector().endSpec().build()).create();
    }

    EndpointSlice slice(String name, Map<String, Boolean> readiness) {
        EndpointSliceBuilder slice = new EndpointSliceBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToLabels(FunctionCache.SERVICE_NAME, "hello").endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort();
        readiness.forEach((ip, ready) -> slice.addToEndpoints(new EndpointBuilder().withAddresses(ip)
                .withNewConditions().withReady(ready).endConditions().build()));
        return slice.build();
    }

    @Test
    void a_function_without_a_deployment_is_starting_and_its_ready_pods_come_and_go_in_the_feed() {
        createFunction();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(known).containsKey(HELLO);
            assertThat(known.get(HELLO).replicas()).as("no Deployment yet: starting, not zero").isNull();
        });

        createDeployment(3);
        admin.resource(slice("hello-a", Map.of("10.0.0.1", true, "10.0.0.2", true, "10.0.0.3", false))).create();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(known.get(HELLO).replicas()).isEqualTo(3);
            assertThat(known.get(HELLO).ready()).containsExactly(new Endpoint("10.0.0.1", 8080),
                    new Endpoint("10.0.0.2", 8080));
        });

        // a third pod becomes ready, one leaves
        admin.resource(slice("hello-a", Map.of("10.0.0.2", true, "10.0.0.3", true))).update();
        await().atMost(WAIT).untilAsserted(() -> assertThat(known.get(HELLO).ready())
                .containsExactly(new Endpoint("10.0.0.2", 8080), new Endpoint("10.0.0.3", 8080)));

        admin.resource(admin.resources(FunctionResource.class).inNamespace(NS).withName("hello").get()).delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(known).doesNotContainKey(HELLO));
    }

    @Test
    void status_and_list_reads_cost_no_api_server_request() throws Exception {
        createFunction();
        createDeployment(2);
        admin.resource(slice("hello-a", Map.of("10.0.0.1", true, "10.0.0.2", true))).create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(known.get(HELLO).ready()).hasSize(2));
        KubernetesMockServer server = cluster.server();
        int before = server.getRequestCount();

        int reads = 500;
        for (int i = 0; i < reads; i++) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/system/function/hello"))
                    .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"replicas\":2");
        }
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + api.port() + "/system/functions"))
                .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("\"name\":\"hello\"");

        int apiServerRequests = server.getRequestCount() - before;
        System.out.println("API-server requests for " + (reads + 1) + " status and list reads: " + apiServerRequests);
        assertThat(apiServerRequests).as("API-server requests per read on the invocation path").isZero();
    }
}
