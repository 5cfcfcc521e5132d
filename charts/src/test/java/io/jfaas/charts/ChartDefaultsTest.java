package io.jfaas.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.connector.ConnectorConfig;
import io.jfaas.model.SyncTransport;
import io.jfaas.operator.OperatorConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's defaults are the services' defaults: each container's rendered environment is read by the service's
 * own configuration record ({@code GatewayConfig.fromEnv}, {@code OperatorConfig.fromEnv}), and every setting that
 * values.yaml carries must come out equal to the record's default (read with an empty environment). A value.yaml
 * default that drifts from the code fails here, and so does an environment the service would refuse.
 */
class ChartDefaultsTest {

    private static final RenderedChart DEFAULTS = RenderedChart.render(Map.of());

    @Test
    void theGatewaysChartDefaultsAreGatewayConfigsDefaults() {
        GatewayConfig rendered = GatewayConfig.fromEnv(env("gateway"));
        GatewayConfig defaults = GatewayConfig.fromEnv(Map.of());
        assertThat(rendered.functionNamespace()).isEqualTo(defaults.functionNamespace());      // functionNamespace
        assertThat(rendered.basicAuth()).isEqualTo(defaults.basicAuth());                      // basic_auth
        assertThat(rendered.readTimeout()).isEqualTo(defaults.readTimeout());                  // gateway.readTimeout
        assertThat(rendered.writeTimeout()).isEqualTo(defaults.writeTimeout());                // gateway.writeTimeout
        assertThat(rendered.upstreamTimeout()).isEqualTo(defaults.upstreamTimeout());          // gateway.upstreamTimeout
        assertThat(rendered.scaling().fromZero()).isEqualTo(defaults.scaling().fromZero());    // gateway.scaleFromZero
        assertThat(rendered.syncTransport()).isEqualTo(defaults.syncTransport());              // gateway.syncTransport
        // fixed by the chart, not values: the ports of the Services and probes
        assertThat(rendered.port()).isEqualTo(defaults.port());
        assertThat(rendered.metricsPort()).isEqualTo(defaults.metricsPort());
        assertThat(rendered.async().natsUrl()).hasValue("nats://gateway:" + natsPassword("gateway")
                + "@nats.openfaas.svc.cluster.local:4222");
        assertThat(rendered.async().queueWorker()).isFalse();
    }

    @Test
    void theQueueWorkersChartDefaultsAreAsyncConfigsDefaults() {
        GatewayConfig rendered = GatewayConfig.fromEnv(env("queue-worker"));
        GatewayConfig defaults = GatewayConfig.fromEnv(Map.of());
        assertThat(rendered.async().maxInflight()).isEqualTo(defaults.async().maxInflight());  // queueWorker.maxInflight
        assertThat(rendered.async().ackWait()).isEqualTo(defaults.async().ackWait());          // queueWorker.ackWait
        assertThat(rendered.upstreamTimeout()).isEqualTo(defaults.upstreamTimeout());          // gateway.upstreamTimeout
        assertThat(rendered.functionNamespace()).isEqualTo(defaults.functionNamespace());
        assertThat(rendered.basicAuth()).isEqualTo(defaults.basicAuth());
        assertThat(rendered.async().gatewayUrl()).isEqualTo("http://gateway.openfaas.svc.cluster.local:8080");
    }

    @Test
    void theConnectorsChartDefaultsAreConnectorConfigsDefaults() {
        ConnectorConfig rendered = ConnectorConfig.fromEnv(env("connector"));
        ConnectorConfig defaults = ConnectorConfig.fromEnv(Map.of());
        assertThat(rendered.rebuildInterval()).isEqualTo(defaults.rebuildInterval());          // connector.rebuildInterval
        assertThat(rendered.invocation()).isEqualTo(defaults.invocation());                    // connector.asyncInvocation
        assertThat(rendered.maxInflight()).isEqualTo(defaults.maxInflight());                  // connector.maxInflight
        assertThat(rendered.upstreamTimeout()).isEqualTo(defaults.upstreamTimeout());          // gateway.upstreamTimeout
        assertThat(rendered.basicAuth()).isEqualTo(defaults.basicAuth());                      // basic_auth
        assertThat(rendered.healthPort()).isEqualTo(defaults.healthPort());
        assertThat(rendered.gatewayUrl()).hasToString("http://gateway.openfaas.svc.cluster.local:8080");
        assertThat(rendered.natsUrl()).hasValue("nats://gateway:" + natsPassword("gateway")
                + "@nats.openfaas.svc.cluster.local:4222");
    }

    @Test
    void theOperatorsChartDefaultsAreOperatorConfigsDefaults() {
        OperatorConfig rendered = OperatorConfig.fromEnv(env("jfaas-operator"));
        OperatorConfig defaults = OperatorConfig.fromEnv(Map.of());
        assertThat(rendered.functionNamespace()).isEqualTo(defaults.functionNamespace());      // functionNamespace
        assertThat(rendered.basicAuth()).isEqualTo(defaults.basicAuth());                      // basic_auth
        assertThat(rendered.imagePullPolicy()).isEqualTo(defaults.imagePullPolicy());          // functions.imagePullPolicy
        assertThat(rendered.leaderElection()).isEqualTo(defaults.leaderElection());            // operator.leaderElection
        assertThat(rendered.leaseDuration()).isEqualTo(defaults.leaseDuration());              // operator.leaseDuration
        assertThat(rendered.syncTransport().defaultKind())                                    // gateway.syncTransport
                .isEqualTo(defaults.syncTransport().defaultKind());
        assertThat(rendered.autoscaling().enabled()).isEqualTo(defaults.autoscaling().enabled()); // prometheus.create
        assertThat(rendered.autoscaling().queries()).isEqualTo(defaults.autoscaling().queries());
        assertThat(rendered.syncTransport().natsUrl()).as("the functions' user, for the functions' pods")
                .hasValue("nats://function:" + natsPassword("function") + "@nats.openfaas.svc.cluster.local:4222");
        assertThat(rendered.port()).isEqualTo(defaults.port());
        assertThat(rendered.secretMountPath()).isEqualTo(defaults.secretMountPath());
        assertThat(rendered.watchNamespaces()).containsExactly(defaults.functionNamespace());
    }

    @Test
    void theServicesAcceptTheEnvironmentTheQuickStartsValuesRender() {
        RenderedChart quickStart = RenderedChart.render(ChartTest.QUICK_START);
        assertThat(GatewayConfig.fromEnv(env(quickStart, "gateway")).basicAuth()).isTrue();
        assertThat(GatewayConfig.fromEnv(env(quickStart, "queue-worker")).functionNamespace()).isEqualTo("openfaas-fn");
        assertThat(OperatorConfig.fromEnv(env(quickStart, "jfaas-operator")).functionNamespace()).isEqualTo("openfaas-fn");
        RenderedChart other = RenderedChart.render(Map.of("functionNamespace", "team-a", "gateway.upstreamTimeout", "2m",
                "queueWorker.maxInflight", "4", "functions.imagePullPolicy", "IfNotPresent"));
        assertThat(GatewayConfig.fromEnv(env(other, "gateway")).upstreamTimeout()).hasMinutes(2);
        assertThat(GatewayConfig.fromEnv(env(other, "queue-worker")).async().maxInflight()).isEqualTo(4);
        RenderedChart nats = RenderedChart.render(Map.of("gateway.syncTransport", "nats"));
        assertThat(GatewayConfig.fromEnv(env(nats, "gateway")).syncTransport()).isEqualTo(SyncTransport.Kind.NATS);
        assertThat(OperatorConfig.fromEnv(env(nats, "jfaas-operator")).syncTransport().defaultKind())
                .isEqualTo(SyncTransport.Kind.NATS);
        assertThat(OperatorConfig.fromEnv(env(RenderedChart.render(Map.of("prometheus.create", "false")),
                "jfaas-operator")).autoscaling().enabled()).isFalse();
        OperatorConfig operator = OperatorConfig.fromEnv(env(other, "jfaas-operator"));
        assertThat(operator.functionNamespace()).isEqualTo("team-a");
        assertThat(operator.imagePullPolicy()).isEqualTo("IfNotPresent");
    }

    private static String natsPassword(String user) {
        return DEFAULTS.get(Secret.class, "nats-auth").getStringData()
                .get(user + "-password");
    }

    private static Map<String, String> env(String deployment) {
        return env(DEFAULTS, deployment);
    }

    /** A container's environment as the kubelet fills it in ({@link RenderedChart#environment}). */
    private static Map<String, String> env(RenderedChart chart, String deployment) {
        return chart.environment(deployment);
    }
}
