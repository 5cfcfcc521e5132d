package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.reconcile.OldFinalizers;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.crd.FunctionResourceStatus;
import io.jfaas.operator.crd.ResourceQuantities;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reconciler against fabric8's CRUD mock server with the chart's RBAC enforced ({@link AuthorizedCluster}): the
 * operator is the chart's service account, and a request the chart does not allow fails the test.
 */
class FunctionOperatorIT {

    static final String NS = "openfaas-fn";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The operator's settings as the chart sets them, leader election and the autoscaler off. */
    static final Map<String, String> CHART_ENV = Map.of("JFAAS_LEADER_ELECTION", "false", "JFAAS_AUTOSCALE", "false", "JFAAS_WATCH_NAMESPACES", NS);

    AuthorizedCluster cluster;
    /** The test's own client (cluster-admin). */
    KubernetesClient client;
    FunctionOperator operator;

    static OperatorConfig testConfig() {
        return OperatorConfig.fromEnv(CHART_ENV);
    }

    @BeforeEach
    void start() {
        cluster = AuthorizedCluster.withChartDefaults();
        client = cluster.admin();
        operator = new FunctionOperator(cluster.operator(), testConfig());
        operator.start();
    }

    @AfterEach
    void stop() {
        operator.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    static FunctionResource function(String name, String image) {
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName(name);
        spec.setImage(image);
        return FunctionResource.of(NS, name, spec);
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    FunctionResource fetch(String name) {
        return client.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
    }

    /** The condition; an assertion failure (which Awaitility retries) while there is none yet. */
    Condition condition(String name, String type) {
        FunctionResource function = fetch(name);
        Condition condition = function == null || function.getStatus() == null ? null
                : function.getStatus().condition(type);
        assertThat(condition).as("%s condition of %s", type, name).isNotNull();
        return condition;
    }

    @Test
    void a_function_being_deleted_with_the_finalizer_of_earlier_versions_goes_once_an_operator_starts() {
        operator.close();
        FunctionResource old = function("stuck", "img:1");
        old.getMetadata().setFinalizers(List.of(OldFinalizers.NAME));
        client.resource(old).create();
        client.resources(FunctionResource.class).inNamespace(NS).withName("stuck").delete();
        assertThat(fetch("stuck")).as("the finalizer holds the deletion").isNotNull()
                .satisfies(f -> assertThat(f.getMetadata().getDeletionTimestamp()).isNotNull());

        operator = new FunctionOperator(cluster.operator(), testConfig());
        operator.start();

        await().atMost(WAIT).until(() -> fetch("stuck") == null);
    }

    @Test
    void a_function_gets_a_deployment_and_a_service_owned_by_it_and_a_ready_status() {
        FunctionResource created = client.resource(function("hello", "ghcr.io/me/hello:1")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Deployment deployment = deployment("hello");
            assertThat(deployment).isNotNull();
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                    .isEqualTo("ghcr.io/me/hello:1");
            assertThat(deployment.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
            Service service = client.services().inNamespace(NS).withName("hello").get();
            assertThat(service).isNotNull();
            assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(created.getMetadata().getUid()));
            assertThat(condition("hello", FunctionResourceStatus.READY).getStatus()).isEqualTo("True");
            assertThat(fetch("hello").getStatus().getObservedGeneration())
                    .isEqualTo(fetch("hello").getMetadata().getGeneration());
        });
    }

    @Test
    void status_follows_the_deployments_available_replicas() {
        client.resource(function("hello", "img")).create();
        await().atMost(WAIT).until(() -> deployment("hello") != null);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(condition("hello", FunctionResourceStatus.HEALTHY).getStatus()).isEqualTo("False"));

        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() -> {
            Deployment deployment = deployment("hello");
            deployment.setStatus(new DeploymentStatusBuilder().withReplicas(1).withAvailableReplicas(1).build());
            return client.resource(deployment).updateStatus() != null;
        });

        await().atMost(WAIT).untilAsserted(() -> {
            FunctionResourceStatus status = fetch("hello").getStatus();
            assertThat(status.getAvailableReplicas()).isEqualTo(1);
            assertThat(status.getUnavailableReplicas()).isZero();
            assertThat(status.condition(FunctionResourceStatus.HEALTHY).getStatus()).isEqualTo("True");
        });
    }

    @Test
    void a_hand_edited_deployment_is_put_back() {
        client.resource(function("hello", "img:1")).create();
        await().atMost(WAIT).until(() -> deployment("hello") != null);

        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() ->
                client.apps().deployments().inNamespace(NS).withName("hello").edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("evil:latest");
                    d.getMetadata().getLabels().remove("faas_function");
                    return d;
                }) != null);

        await().atMost(WAIT).untilAsserted(() -> {
            Deployment deployment = deployment("hello");
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                    .isEqualTo("img:1");
            assertThat(deployment.getMetadata().getLabels()).containsEntry("faas_function", "hello");
        });
    }

    @Test
    void an_updated_spec_rolls_out_and_keeps_a_scaled_replica_count() {
        client.resource(function("hello", "img:1")).create();
        await().atMost(WAIT).until(() -> deployment("hello") != null);
        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() ->
                client.apps().deployments().inNamespace(NS).withName("hello").edit(d -> {
                    d.getSpec().setReplicas(4);
                    return d;
                }) != null);

        // the operator writes the status meanwhile: an edit that meets a newer version is tried again
        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() ->
                client.resources(FunctionResource.class).inNamespace(NS).withName("hello").edit(f -> {
                    f.getSpec().setImage("img:2");
                    f.getSpec().setEnvironment(Map.of("mode", "http"));
                    return f;
                }) != null);

        await().atMost(WAIT).untilAsserted(() -> {
            Deployment deployment = deployment("hello");
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                    .isEqualTo("img:2");
            assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv())
                    .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("mode=http"));
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(4);
        });
    }

    @Test
    void an_invalid_transport_annotation_is_a_condition_naming_it_and_no_deployment() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.jfaas.transport", "carrier-pigeon"));
        client.resource(function).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = condition("hello", FunctionResourceStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidAnnotation");
            assertThat(ready.getMessage()).isEqualTo("annotations.com.jfaas.transport: \"carrier-pigeon\" is not a"
                    + " transport: use http or nats");
        });
        assertThat(deployment("hello")).isNull();
    }

    @Test
    void a_missing_secret_is_a_condition_until_the_secret_exists() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setSecrets(List.of("db-password"));
        client.resource(function).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = condition("hello", FunctionResourceStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("SecretNotFound");
            assertThat(ready.getMessage()).isEqualTo("secret \"db-password\" not found in namespace openfaas-fn");
        });
        assertThat(deployment("hello")).isNull();

        client.resource(new SecretBuilder().withNewMetadata().withName("db-password").withNamespace(NS).endMetadata()
                .withStringData(Map.of("db-password", "s3cret")).build()).create();

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition("hello", FunctionResourceStatus.READY).getStatus()).isEqualTo("True");
            assertThat(deployment("hello").getSpec().getTemplate().getSpec().getVolumes()).singleElement()
                    .satisfies(v -> assertThat(v.getProjected().getSources().getFirst().getSecret().getName())
                            .isEqualTo("db-password"));
        });
    }

    @Test
    void an_invalid_quantity_is_a_condition_naming_the_field() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLimits(new ResourceQuantities("lots", null));
        client.resource(function).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = condition("hello", FunctionResourceStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidQuantity");
            assertThat(ready.getMessage()).startsWith("limits.cpu: invalid quantity \"lots\"");
        });
    }

    @Test
    void a_function_has_no_finalizer_so_deleting_it_needs_no_operator_and_its_children_are_the_collectors() {
        client.resource(function("hello", "img")).create();
        await().atMost(WAIT).until(() -> deployment("hello") != null
                && client.services().inNamespace(NS).withName("hello").get() != null);
        assertThat(fetch("hello").getMetadata().getFinalizers()).isEmpty();
        String uid = fetch("hello").getMetadata().getUid();

        operator.close();
        client.resources(FunctionResource.class).inNamespace(NS).withName("hello").delete();

        await().atMost(WAIT).untilAsserted(() -> assertThat(fetch("hello")).isNull());
        // Kubernetes' garbage collector deletes them (the mock server has none): they name their owner
        for (var child : List.of(deployment("hello"), client.services().inNamespace(NS).withName("hello").get())) {
            assertThat(child.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
                assertThat(o.getUid()).isEqualTo(uid);
                assertThat(o.getController()).isTrue();
            });
        }
    }

    @Test
    void a_spec_name_other_than_the_metadata_name_is_a_condition_and_the_running_children_stay() {
        client.resource(function("hello", "img")).create();
        await().atMost(WAIT).until(() -> deployment("hello") != null);

        await().atMost(WAIT).ignoreExceptionsInstanceOf(KubernetesClientException.class).until(() ->
                client.resources(FunctionResource.class).inNamespace(NS).withName("hello").edit(f -> {
                    f.getSpec().setName("renamed");
                    return f;
                }) != null);

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = condition("hello", FunctionResourceStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("InvalidName");
            assertThat(ready.getMessage()).isEqualTo("spec.name: \"renamed\" must equal metadata.name \"hello\"");
        });
        assertThat(deployment("renamed")).isNull();
        assertThat(deployment("hello")).isNotNull();
    }

    @Test
    void a_deployment_of_the_same_name_that_the_function_does_not_own_is_left_alone_and_reported() {
        client.resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withName("hello")
                .withNamespace(NS).endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create();

        client.resource(function("hello", "img")).create();

        await().atMost(WAIT).untilAsserted(() -> {
            Condition ready = condition("hello", FunctionResourceStatus.READY);
            assertThat(ready.getStatus()).isEqualTo("False");
            assertThat(ready.getReason()).isEqualTo("ErrResourceExists");
            assertThat(ready.getMessage()).isEqualTo("Deployment \"hello\" already exists and is not managed by this Function");
        });
        assertThat(deployment("hello").getSpec().getTemplate()).isNull();
    }
}
