package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.model.SyncTransport;
import io.jfaas.scaling.ScaleType;
import io.jfaas.scaling.ScalingWindows;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

    @Test
    void defaults_are_openfaas_ones_with_server_side_apply_and_leader_election_on() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("HOSTNAME", "op-7d9c"));

        assertThat(config.port()).isEqualTo(8081);
        assertThat(config.functionNamespace()).isEqualTo("openfaas-fn");
        assertThat(config.basicAuth()).isTrue();
        assertThat(config.secretMountPath()).isEqualTo(Path.of("/var/secrets"));
        assertThat(config.imagePullPolicy()).isEqualTo("Always");
        assertThat(config.leaderElection()).isTrue();
        assertThat(config.leaseName()).isEqualTo("jfaas-operator");
        assertThat(config.leaseNamespace()).isEqualTo("openfaas-fn");
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.identity()).isEqualTo("op-7d9c");
        assertThat(config.watchNamespaces()).isEmpty();
    }

    @Test
    void port_is_read_and_checked() {
        assertThat(OperatorConfig.fromEnv(Map.of("port", "18081")).port()).isEqualTo(18081);
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("port", "http")))
                .hasMessageStartingWith("port: ");
    }

    @Test
    void function_namespace_must_be_a_namespace_other_than_kube_system() {
        assertThat(OperatorConfig.fromEnv(Map.of("function_namespace", "fns")).functionNamespace()).isEqualTo("fns");
        assertThat(OperatorConfig.fromEnv(Map.of("function_namespace", "fns")).leaseNamespace()).isEqualTo("fns");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("function_namespace", "kube-system")))
                .hasMessageStartingWith("function_namespace: ");
    }

    @Test
    void basic_auth_and_secret_mount_path_are_read() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("basic_auth", "false", "secret_mount_path", "/etc/x"));
        assertThat(config.basicAuth()).isFalse();
        assertThat(config.secretMountPath()).isEqualTo(Path.of("/etc/x"));
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("basic_auth", "maybe")))
                .hasMessageStartingWith("basic_auth: ");
    }

    @Test
    void image_pull_policy_must_be_a_kubernetes_policy() {
        assertThat(OperatorConfig.fromEnv(Map.of("image_pull_policy", "IfNotPresent")).imagePullPolicy())
                .isEqualTo("IfNotPresent");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("image_pull_policy", "Sometimes")))
                .hasMessage("image_pull_policy: \"Sometimes\" is not Always, IfNotPresent or Never");
    }

    @Test
    void leader_election_can_be_switched_off() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("JFAAS_LEADER_ELECTION", "false"));
        assertThat(config.leaderElection()).isFalse();
    }

    @Test
    void lease_settings_and_identity_are_read() {
        OperatorConfig config = OperatorConfig.fromEnv(Map.of("JFAAS_LEASE_NAME", "l", "JFAAS_LEASE_NAMESPACE", "openfaas",
                "JFAAS_LEASE_DURATION", "30s", "POD_NAME", "pod-1", "HOSTNAME", "host"));
        assertThat(config.leaseName()).isEqualTo("l");
        assertThat(config.leaseNamespace()).isEqualTo("openfaas");
        assertThat(config.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.identity()).isEqualTo("pod-1");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_LEASE_DURATION", "0s")))
                .hasMessageStartingWith("JFAAS_LEASE_DURATION: ");
    }

    @Test
    void watch_namespaces_is_a_comma_separated_list_of_valid_namespaces() {
        assertThat(OperatorConfig.fromEnv(Map.of("JFAAS_WATCH_NAMESPACES", "openfaas-fn, team-a")).watchNamespaces())
                .isEqualTo(Set.of("openfaas-fn", "team-a"));
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_WATCH_NAMESPACES", "Team_A")))
                .hasMessageStartingWith("JFAAS_WATCH_NAMESPACES: ");
    }

    @Test
    void autoscaling_is_on_by_default_against_the_charts_prometheus_with_the_gateways_metrics() {
        OperatorConfig.Autoscaling scaling = OperatorConfig.fromEnv(Map.of()).autoscaling();

        assertThat(scaling.enabled()).isTrue();
        assertThat(scaling.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(scaling.prometheus()).hasToString("http://prometheus.openfaas:9090");
        assertThat(scaling.query(ScaleType.RPS))
                .isEqualTo("sum by (function_name) (rate(gateway_function_invocation_started[10s]))");
        assertThat(scaling.query(ScaleType.CAPACITY))
                .isEqualTo("sum by (function_name) (gateway_function_invocation_inflight)");
        assertThat(scaling.query(ScaleType.CPU)).contains("container_cpu_usage_seconds_total");
        // saturation reads the capacity and cpu queries: no query, and no setting, of its own
        assertThat(scaling.queries()).doesNotContainKey(ScaleType.SATURATION);
        assertThat(scaling.windows()).isEqualTo(ScalingWindows.DEFAULT);
    }

    @Test
    void autoscaling_settings_are_read_and_checked_naming_the_key() {
        OperatorConfig.Autoscaling scaling = OperatorConfig.fromEnv(Map.of("JFAAS_AUTOSCALE", "false",
                "JFAAS_AUTOSCALE_INTERVAL", "250ms", "JFAAS_PROMETHEUS_URL", "http://127.0.0.1:19090/",
                "JFAAS_SCALE_QUERY_RPS", "sum by (function_name) (rate(x[5s]))")).autoscaling();
        assertThat(scaling.enabled()).isFalse();
        assertThat(scaling.interval()).isEqualTo(Duration.ofMillis(250));
        assertThat(scaling.prometheus()).hasToString("http://127.0.0.1:19090");
        assertThat(scaling.query(ScaleType.RPS)).isEqualTo("sum by (function_name) (rate(x[5s]))");

        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_PROMETHEUS_URL", "prometheus:9090")))
                .hasMessageStartingWith("JFAAS_PROMETHEUS_URL: ");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_AUTOSCALE_INTERVAL", "0s")))
                .hasMessageStartingWith("JFAAS_AUTOSCALE_INTERVAL");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_SCALE_PANIC_WINDOW", "1m")))
                .hasMessageContaining("JFAAS_SCALE_PANIC_WINDOW");
    }

    @Test
    void sync_transport_is_http_without_nats_by_default() {
        assertThat(OperatorConfig.fromEnv(Map.of()).syncTransport())
                .isEqualTo(new SyncTransport(SyncTransport.Kind.HTTP, Optional.empty()));
    }

    @Test
    void sync_transport_and_nats_url_are_read_with_the_gateways_names() {
        assertThat(OperatorConfig.fromEnv(Map.of("JFAAS_SYNC_TRANSPORT", "nats",
                "JFAAS_NATS_URL", "nats://nats.openfaas:4222")).syncTransport())
                .isEqualTo(new SyncTransport(SyncTransport.Kind.NATS, Optional.of("nats://nats.openfaas:4222")));
        assertThat(OperatorConfig.fromEnv(Map.of("JFAAS_NATS_URL", "nats://nats.openfaas:4222")).syncTransport())
                .isEqualTo(new SyncTransport(SyncTransport.Kind.HTTP, Optional.of("nats://nats.openfaas:4222")));
    }

    @Test
    void an_invalid_sync_transport_or_nats_url_stops_start_up_naming_the_key() {
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_SYNC_TRANSPORT", "grpc")))
                .hasMessage("JFAAS_SYNC_TRANSPORT: \"grpc\" is not a transport: use http or nats");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_NATS_URL", "http://nats:4222")))
                .hasMessageStartingWith("JFAAS_NATS_URL: \"http://nats:4222\" is not a NATS URL");
        assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of("JFAAS_SYNC_TRANSPORT", "nats")))
                .hasMessage("JFAAS_SYNC_TRANSPORT: nats needs a NATS server: set JFAAS_NATS_URL");
    }
}
