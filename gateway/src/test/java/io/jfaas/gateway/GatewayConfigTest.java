package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One small test per setting: its default, a good value, a bad one naming the variable. */
class GatewayConfigTest {

    private static final Map<String, String> HOME = Map.of("HOME", "/home/ada");
    private static final GatewayConfig DEFAULTS = GatewayConfig.fromEnv(HOME);

    @Test
    void idle_timeout_defaults_to_read_timeout() {
        assertThat(DEFAULTS.connections().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(with("read_timeout", "5s").connections().idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(with("JFAAS_IDLE_TIMEOUT", "90s").connections().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_IDLE_TIMEOUT", "soon"))
                .withMessageStartingWith("JFAAS_IDLE_TIMEOUT:");
    }

    @Test
    void connections_per_client_default_to_1024() {
        assertThat(DEFAULTS.connections().maxPerClient()).isEqualTo(1024);
        assertThat(with("JFAAS_MAX_CONNECTIONS_PER_CLIENT", "8").connections().maxPerClient()).isEqualTo(8);
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_MAX_CONNECTIONS_PER_CLIENT", "0"))
                .withMessageStartingWith("JFAAS_MAX_CONNECTIONS_PER_CLIENT:");
    }

    @Test
    void cleartext_http2_is_off_unless_asked_for() {
        assertThat(DEFAULTS.connections().h2c()).isFalse();
        assertThat(with("JFAAS_H2C", "true").connections().h2c()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_H2C", "maybe"))
                .withMessageStartingWith("JFAAS_H2C:");
    }

    @Test
    void replicas_are_checked_for_liveness_every_10s_with_5s_and_3_misses() {
        assertThat(DEFAULTS.liveness().interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(DEFAULTS.liveness().timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DEFAULTS.liveness().failures()).isEqualTo(3);
        assertThat(with("JFAAS_LIVENESS_INTERVAL", "2s").liveness().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(with("JFAAS_LIVENESS_TIMEOUT", "500ms").liveness().timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(with("JFAAS_LIVENESS_FAILURES", "5").liveness().failures()).isEqualTo(5);
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_LIVENESS_INTERVAL", "x"))
                .withMessageStartingWith("JFAAS_LIVENESS_INTERVAL:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_LIVENESS_TIMEOUT", "0"))
                .withMessageStartingWith("JFAAS_LIVENESS_TIMEOUT:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_LIVENESS_FAILURES", "none"))
                .withMessageStartingWith("JFAAS_LIVENESS_FAILURES:");
    }

    @Test
    void port_defaults_to_8080() {
        assertThat(DEFAULTS.port()).isEqualTo(8080);
        assertThat(with("port", "9999").port()).isEqualTo(9999);
        assertThatIllegalArgumentException().isThrownBy(() -> with("port", "eighty")).withMessageStartingWith("port:");
    }

    @Test
    void local_mode_listens_on_loopback_by_default() {
        assertThat(DEFAULTS.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(with("JFAAS_BIND_ADDRESS", "0.0.0.0").bindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void function_namespace_defaults_to_openfaas_fn_and_must_be_valid() {
        assertThat(DEFAULTS.functionNamespace()).isEqualTo("openfaas-fn");
        assertThat(with("function_namespace", "fns").functionNamespace()).isEqualTo("fns");
        assertThatIllegalArgumentException().isThrownBy(() -> with("function_namespace", "Bad_NS"))
                .withMessageStartingWith("function_namespace:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("function_namespace", "kube-system"))
                .withMessageStartingWith("function_namespace:");
    }

    @Test
    void metrics_listen_on_8082_by_default() {
        assertThat(DEFAULTS.metricsPort()).isEqualTo(8082);
        assertThat(with("JFAAS_METRICS_PORT", "0").metricsPort()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_METRICS_PORT", "-1"))
                .withMessageStartingWith("JFAAS_METRICS_PORT:");
    }

    @Test
    void read_and_write_timeouts_default_to_60s_and_take_go_durations() {
        assertThat(DEFAULTS.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(DEFAULTS.writeTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(with("read_timeout", "1m5s").readTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertThat(with("write_timeout", "65").writeTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertThatIllegalArgumentException().isThrownBy(() -> with("read_timeout", "soon"))
                .withMessageStartingWith("read_timeout:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("write_timeout", "0"))
                .withMessageStartingWith("write_timeout:");
    }

    @Test
    void request_bodies_are_unlimited_unless_a_maximum_is_set() {
        assertThat(DEFAULTS.maxRequestBody()).isEqualTo(GatewayConfig.UNLIMITED);
        assertThat(with("JFAAS_MAX_REQUEST_BODY", "10Mi").maxRequestBody()).isEqualTo(10L * 1024 * 1024);
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_MAX_REQUEST_BODY", "lots"))
                .withMessageStartingWith("JFAAS_MAX_REQUEST_BODY:");
    }

    @Test
    void basic_auth_is_on_by_default() {
        assertThat(DEFAULTS.basicAuth()).isTrue();
        assertThat(with("basic_auth", "false").basicAuth()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> with("basic_auth", "maybe"))
                .withMessageStartingWith("basic_auth:");
    }

    @Test
    void state_and_images_live_under_home_by_default() {
        assertThat(DEFAULTS.stateDir()).isEqualTo(Path.of("/home/ada/.jfaas/state"));
        assertThat(DEFAULTS.imageStore()).isEqualTo(Path.of("/home/ada/.jfaas/images"));
        assertThat(with("JFAAS_STATE_DIR", "/srv/jfaas").stateDir()).isEqualTo(Path.of("/srv/jfaas"));
        assertThat(with("JFAAS_IMAGE_STORE", "/srv/images").imageStore()).isEqualTo(Path.of("/srv/images"));
    }

    @Test
    void credentials_are_read_from_the_state_dir_unless_secret_mount_path_is_set() {
        assertThat(DEFAULTS.secretMountPath()).isEqualTo(DEFAULTS.stateDir());
        assertThat(with("secret_mount_path", "/var/secrets").secretMountPath()).isEqualTo(Path.of("/var/secrets"));
    }

    @Test
    void the_watchdog_classpath_defaults_to_the_folder_next_to_the_gateway() {
        assertThat(DEFAULTS.watchdogClasspath()).endsWith("watchdog/*");
        assertThat(with("JFAAS_WATCHDOG_CLASSPATH", "/opt/w/*").watchdogClasspath()).isEqualTo("/opt/w/*");
    }

    @Test
    void upstream_timeout_defaults_to_60s_and_takes_go_durations() {
        assertThat(DEFAULTS.upstreamTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(with("upstream_timeout", "1m30s").upstreamTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThatIllegalArgumentException().isThrownBy(() -> with("upstream_timeout", "later"))
                .withMessageStartingWith("upstream_timeout:");
    }

    @Test
    void ready_timeout_defaults_to_30s() {
        assertThat(DEFAULTS.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("JFAAS_READY_TIMEOUT", "5s").readyTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void sync_calls_go_over_http_unless_the_nats_transport_is_chosen_and_other_values_are_refused_by_name() {
        assertThat(DEFAULTS.syncTransport()).isEqualTo(io.jfaas.model.SyncTransport.Kind.HTTP);
        assertThat(with("JFAAS_SYNC_TRANSPORT", "NATS").syncTransport())
                .isEqualTo(io.jfaas.model.SyncTransport.Kind.NATS);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> with("JFAAS_SYNC_TRANSPORT", "grpc"))
                .withMessage("JFAAS_SYNC_TRANSPORT: \"grpc\" is not a transport: use http or nats");
    }

    @Test
    void the_start_up_cache_is_on_by_default() {
        assertThat(DEFAULTS.startupCache()).isTrue();
        assertThat(with("JFAAS_STARTUP_CACHE", "false").startupCache()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_STARTUP_CACHE", "maybe"))
                .withMessageStartingWith("JFAAS_STARTUP_CACHE:");
    }

    @Test
    void the_warm_pool_keeps_one_jvm_by_default_and_at_most_eight() {
        assertThat(DEFAULTS.warmPool()).isEqualTo(1);
        assertThat(with("JFAAS_LOCAL_WARM_POOL", "0").warmPool()).isZero();
        assertThat(with("JFAAS_LOCAL_WARM_POOL", "8").warmPool()).isEqualTo(8);
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_LOCAL_WARM_POOL", "9"))
                .withMessage("JFAAS_LOCAL_WARM_POOL: \"9\" is not a number of JVMs from 0 (no pool) to 8");
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_LOCAL_WARM_POOL", "-1"))
                .withMessageStartingWith("JFAAS_LOCAL_WARM_POOL:");
        assertThat(with("functions_provider_url", "http://op:8081/").warmPool()).isZero();
    }

    @Test
    void local_mode_unless_functions_provider_url_is_set() {
        assertThat(DEFAULTS.remote()).isEmpty();
        GatewayConfig remote = with("functions_provider_url", "http://jfaas-operator.openfaas:8081/");
        assertThat(remote.remote().orElseThrow().url()).hasToString("http://jfaas-operator.openfaas:8081/");
        assertThatIllegalArgumentException().isThrownBy(() -> with("functions_provider_url", "jfaas-operator:8081"))
                .withMessageStartingWith("functions_provider_url:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("functions_provider_url", "http://a b/"))
                .withMessageStartingWith("functions_provider_url:");
    }

    @Test
    void slow_start_defaults_to_30s_and_takes_0_for_none() {
        assertThat(DEFAULTS.scaling().slowStart()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("JFAAS_SLOW_START", "1m").scaling().slowStart()).isEqualTo(Duration.ofMinutes(1));
        assertThat(with("JFAAS_SLOW_START", "0").scaling().slowStart()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_SLOW_START", "gently"))
                .withMessageStartingWith("JFAAS_SLOW_START:");
        assertThatIllegalArgumentException().isThrownBy(() -> with("JFAAS_SLOW_START", "-5s"))
                .withMessageStartingWith("JFAAS_SLOW_START:");
    }

    @Test
    void the_autoscaler_runs_in_local_mode_only() {
        assertThat(DEFAULTS.scaling().autoscale()).isTrue();
        assertThat(with("functions_provider_url", "http://op:8081").scaling().autoscale()).isFalse();
        assertThat(GatewayConfig.fromEnv(Map.of("HOME", "/home/ada", "functions_provider_url", "http://op:8081",
                "JFAAS_AUTOSCALE", "false")).scaling().autoscale()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> GatewayConfig.fromEnv(Map.of("HOME", "/home/ada",
                        "functions_provider_url", "http://op:8081", "JFAAS_AUTOSCALE", "true")))
                .withMessageStartingWith("JFAAS_AUTOSCALE:").withMessageContaining("functions_provider_url");
    }

    private static GatewayConfig with(String key, String value) {
        return GatewayConfig.fromEnv(Map.of("HOME", "/home/ada", key, value));
    }
}
