package io.jfaas.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfaas.model.Labels;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's autoscaler against the mock API server, its passes run by the test. */
@EnableKubernetesMockClient(crud = true)
class PrometheusAutoscalerIT {

    static final String NS = "openfaas-fn";

    KubernetesClient client;

    @TempDir
    Path work;

    @Test
    void without_an_answer_from_prometheus_the_replicas_stay_and_nothing_is_decided() throws Exception {
        createIdleFunctionAtThreeReplicas();

        passes("http://127.0.0.1:" + PrometheusProcess.freePort(), 3);

        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
        assertThat(decision()).isNull();
    }

    @Test
    void with_an_answer_of_no_load_the_replicas_go_down_by_at_most_half_and_the_status_says_why() throws Exception {
        createIdleFunctionAtThreeReplicas();

        try (PrometheusProcess prometheus = PrometheusProcess.start(work)) {
            passes(prometheus.url(), 1);
        }

        // no load asks for min 1; one decision removes at most half: 3 → 2
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        AutoscalerDecision decision = decision();
        assertThat(decision).isNotNull();
        assertThat(decision.getDesiredReplicas()).isEqualTo(2);
        assertThat(decision.getReplicas()).isEqualTo(3);
        assertThat(decision.getMode()).isEqualTo("stable");
        // no labels: the default load, saturation, from the capacity query
        assertThat(decision.getReason()).startsWith("0.00 replicas busy (now 0 in flight; no max_inflight or CPU"
                + " limit").contains("scale-down limited to 2");
    }

    /** Passes of an autoscaler reading this Prometheus, run by the test once its caches are filled. */
    void passes(String prometheusUrl, int passes) throws Exception {
        OperatorConfig.Autoscaling config = OperatorConfig.fromEnv(Map.of("JFAAS_PROMETHEUS_URL", prometheusUrl,
                "JFAAS_AUTOSCALE_INTERVAL", "1h")).autoscaling();
        try (PrometheusAutoscaler autoscaler = new PrometheusAutoscaler(client, new PrometheusClient(config.prometheus(),
                Duration.ofSeconds(2)), config, Set.of(), Clock.systemUTC())) {
            autoscaler.start();
            await().atMost(Duration.ofSeconds(20)).until(autoscaler::synced);
            for (int pass = 0; pass < passes; pass++) {
                autoscaler.decide();
            }
        }
    }

    Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName("idle").get();
    }

    AutoscalerDecision decision() {
        FunctionResource function = client.resources(FunctionResource.class).inNamespace(NS).withName("idle").get();
        return function.getStatus() == null ? null : function.getStatus().getAutoscaler();
    }

    void createIdleFunctionAtThreeReplicas() {
        FunctionResourceSpec spec = new FunctionResourceSpec();
        spec.setName("idle");
        spec.setImage("img");
        client.resource(FunctionResource.of(NS, "idle", spec)).create();
        // 3 replicas and no load: a decision would scale it down
        client.resource(new DeploymentBuilder().withNewMetadata().withName("idle").withNamespace(NS)
                .addToLabels(Labels.FAAS_FUNCTION, "idle").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build()).create();
    }
}
