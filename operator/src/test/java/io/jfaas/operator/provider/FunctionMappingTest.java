package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionMappingTest {

    static final FunctionDeployment FULL = new FunctionDeployment("hello", "img:1", "team-a", "java -jar fn.jar",
            Map.of("mode", "http"), List.of("disk=ssd"), List.of("b-key", "a-key"), Map.of("team", "blue"),
            Map.of("topic", "orders"), new FunctionResources("128Mi", "0.5"), new FunctionResources(null, "100m"),
            true);

    @Test
    void a_deployment_request_becomes_a_function_with_openfaas_crd_names() {
        FunctionResource function = FunctionMapping.toFunction(FULL);
        FunctionResourceSpec spec = function.getSpec();

        assertThat(function.getMetadata().getName()).isEqualTo("hello");
        assertThat(function.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(spec.getName()).isEqualTo("hello");
        assertThat(spec.getImage()).isEqualTo("img:1");
        assertThat(spec.getHandler()).isEqualTo("java -jar fn.jar");
        assertThat(spec.getEnvironment()).isEqualTo(Map.of("mode", "http"));
        assertThat(spec.getConstraints()).containsExactly("disk=ssd");
        assertThat(spec.getSecrets()).containsExactly("b-key", "a-key");
        assertThat(spec.getLabels()).isEqualTo(Map.of("team", "blue"));
        assertThat(spec.getAnnotations()).isEqualTo(Map.of("topic", "orders"));
        assertThat(spec.getLimits()).isEqualTo(new io.jfaas.operator.crd.ResourceQuantities("0.5", "128Mi"));
        assertThat(spec.getRequests()).isEqualTo(new io.jfaas.operator.crd.ResourceQuantities("100m", null));
        assertThat(spec.isReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void unset_resources_and_handler_stay_unset() {
        FunctionResourceSpec spec = FunctionMapping.toSpec(FunctionDeployment.of("hello", "img"));

        assertThat(spec.getHandler()).isNull();
        assertThat(spec.getLimits()).isNull();
        assertThat(spec.getRequests()).isNull();
    }

    @Test
    void status_joins_the_function_and_its_deployment() {
        FunctionResource function = FunctionMapping.toFunction(FULL);
        function.getMetadata().setCreationTimestamp("2026-12-02T10:00:00Z");
        Deployment deployment = new DeploymentBuilder().withNewSpec().withReplicas(3).endSpec()
                .withNewStatus().withAvailableReplicas(2).endStatus().build();

        FunctionStatus status = FunctionMapping.toStatus(function, deployment);

        assertThat(status.name()).isEqualTo("hello");
        assertThat(status.image()).isEqualTo("img:1");
        assertThat(status.namespace()).isEqualTo("team-a");
        assertThat(status.envProcess()).isEqualTo("java -jar fn.jar");
        assertThat(status.secrets()).containsExactly("a-key", "b-key");
        assertThat(status.labels()).isEqualTo(Map.of("team", "blue", "faas_function", "hello"));
        assertThat(status.annotations()).isEqualTo(Map.of("topic", "orders"));
        assertThat(status.limits()).isEqualTo(new FunctionResources("128Mi", "500m"));
        assertThat(status.requests()).as("the unset half is \"0\"").isEqualTo(new FunctionResources("0", "100m"));
        assertThat(status.readOnlyRootFilesystem()).isTrue();
        assertThat(status.replicas()).isEqualTo(3);
        assertThat(status.availableReplicas()).isEqualTo(2);
        assertThat(status.createdAt()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    }

    @Test
    void without_a_deployment_the_status_has_no_replicas() {
        FunctionStatus status = FunctionMapping.toStatus(FunctionMapping.toFunction(FULL), null);

        assertThat(status.replicas()).isZero();
        assertThat(status.availableReplicas()).isZero();
    }

    @Test
    void the_autoscalers_last_decision_is_the_statuss_autoscaler_field() {
        FunctionResource function = FunctionMapping.toFunction(FULL);
        assertThat(FunctionMapping.toStatus(function, null).autoscaler()).as("no decision yet").isNull();

        io.jfaas.operator.crd.FunctionResourceStatus crdStatus = new io.jfaas.operator.crd.FunctionResourceStatus();
        crdStatus.setAutoscaler(new AutoscalerDecision(3, 1, "panic", 24.5, "burst: 24.5 rps over 1s needs 6",
                "2026-12-02T10:00:01Z"));
        function.setStatus(crdStatus);

        assertThat(FunctionMapping.toStatus(function, null).autoscaler()).isEqualTo(new AutoscalerStatus(3, 1,
                "panic", 24.5, "burst: 24.5 rps over 1s needs 6", Instant.parse("2026-12-02T10:00:01Z")));
    }
}
