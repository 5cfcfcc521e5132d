package io.jfaas.operator.reconcile;

import static io.jfaas.operator.reconcile.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.model.SyncTransport;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.ResourceQuantities;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A spec the API server would refuse is a {@link SpecProblem} naming the field, before anything is written. */
class KubernetesRulesTest {

    static void build(FunctionResource function) throws SpecProblem {
        DesiredDeployment.build(function, new FunctionDefaults("Always", false, SyncTransport.HTTP_ONLY), null,
                Map.of());
    }

    @Test
    void qualified_names_follow_kubernetes() {
        assertThat(KubernetesRules.qualifiedNameProblem("com.openfaas.scale.min")).isEmpty();
        assertThat(KubernetesRules.qualifiedNameProblem("example.com/team_name.v1")).isEmpty();
        assertThat(KubernetesRules.qualifiedNameProblem("a".repeat(63))).isEmpty();
        assertThat(KubernetesRules.qualifiedNameProblem("a".repeat(64))).isPresent();
        assertThat(KubernetesRules.qualifiedNameProblem("team name")).isPresent();
        assertThat(KubernetesRules.qualifiedNameProblem("-team")).isPresent();
        assertThat(KubernetesRules.qualifiedNameProblem("Example.com/x")).hasValue(
                "\"Example.com/x\": the prefix must be a lowercase DNS subdomain of at most 253 characters");
        assertThat(KubernetesRules.qualifiedNameProblem("example.com/")).isPresent();
        assertThat(KubernetesRules.labelValueProblem("")).isEmpty();
        assertThat(KubernetesRules.labelValueProblem("blue_1.0")).isEmpty();
        assertThat(KubernetesRules.labelValueProblem("blue/green")).isPresent();
    }

    @Test
    void a_label_kubernetes_refuses_is_an_invalid_label_naming_it() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLabels(Map.of("team", "blue team"));
        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.reason()).isEqualTo("InvalidLabel");
            assertThat(p.getMessage()).startsWith("labels.team: \"blue team\": a label value must be 63 characters");
        });
    }

    @Test
    void an_annotation_key_kubernetes_refuses_is_an_invalid_annotation() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("my annotation", "x"));
        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.reason()).isEqualTo("InvalidAnnotation");
            assertThat(p.getMessage()).startsWith("annotations.my annotation: \"my annotation\": the name part");
        });
        function.getSpec().setAnnotations(Map.of("big", "x".repeat(256 * 1024)));
        assertThatThrownBy(() -> build(function)).hasMessageContaining("more than Kubernetes' 262144");
    }

    @Test
    void an_environment_variable_name_kubernetes_refuses_is_invalid_environment() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setEnvironment(Map.of("1st=x", "y"));
        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.reason()).isEqualTo("InvalidEnvironment");
            assertThat(p.getMessage()).startsWith("environment.1st=x: \"1st=x\" is not a variable name");
        });
    }

    @Test
    void a_constraint_whose_key_or_value_is_not_a_label_is_invalid() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setConstraints(List.of("node type=fast"));
        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.reason()).isEqualTo("InvalidConstraint");
            assertThat(p.getMessage()).startsWith("constraints: \"node type=fast\": \"node type\"");
        });
    }

    @Test
    void a_request_above_its_limit_is_refused_and_equal_or_below_is_fine() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLimits(new ResourceQuantities("500m", "128Mi"));
        function.getSpec().setRequests(new ResourceQuantities("1", "64Mi"));
        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, p -> {
            assertThat(p.reason()).isEqualTo("InvalidQuantity");
            assertThat(p.getMessage()).isEqualTo("requests.cpu: 1 must be less than or equal to limits.cpu (500m)");
        });
        function.getSpec().setRequests(new ResourceQuantities("0.5", "128Mi"));
        build(function);
    }
}
