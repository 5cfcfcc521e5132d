package io.jfaas.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.jfaas.model.Labels;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.Function;
import io.jfaas.operator.crd.FunctionSpec;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The operator's autoscaler against the mock API server, its passes run by the test. */
@EnableKubernetesMockClient(crud = true)
class AutoscalerIT {

    static final String NS = "openfaas-fn";

    KubernetesClient client;

    @Test
    void without_an_answer_from_prometheus_the_replicas_stay_and_nothing_is_decided() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OperatorConfig.Autoscaling config = OperatorConfig.fromEnv(Map.of(
                "JFAAS_PROMETHEUS_URL", "http://127.0.0.1:" + closed,
                "JFAAS_AUTOSCALE_INTERVAL", "1h")).autoscaling();
        FunctionSpec spec = new FunctionSpec();
        spec.setName("idle");
        spec.setImage("img");
        client.resource(Function.of(NS, "idle", spec)).create();
        // 3 replicas and no load: a decision would scale it down
        client.resource(new DeploymentBuilder().withNewMetadata().withName("idle").withNamespace(NS)
                .addToLabels(Labels.FAAS_FUNCTION, "idle").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build()).create();

        try (Autoscaler autoscaler = new Autoscaler(client, new PrometheusClient(config.prometheus(),
                Duration.ofSeconds(2)), config, Set.of(), Clock.systemUTC())) {
            autoscaler.start();
            await().atMost(Duration.ofSeconds(20)).until(autoscaler::synced);
            for (int pass = 0; pass < 3; pass++) {
                autoscaler.decide();
            }
        }

        Deployment deployment = client.apps().deployments().inNamespace(NS).withName("idle").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Function function = client.resources(Function.class).inNamespace(NS).withName("idle").get();
        assertThat(function.getStatus() == null ? null : function.getStatus().getAutoscaler()).isNull();
    }
}
