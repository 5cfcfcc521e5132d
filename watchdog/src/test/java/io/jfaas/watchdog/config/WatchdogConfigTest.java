package io.jfaas.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One small test per variable: its default, a good value, and a bad one whose error names it. */
class WatchdogConfigTest {

    private static final WatchdogConfig DEFAULTS = WatchdogConfig.fromEnv(Map.of());

    @Test
    void port() {
        assertThat(DEFAULTS.port()).isEqualTo(8080);
        assertThat(with("port", "9000").port()).isEqualTo(9000);
        assertRejected("port", "http");
        assertRejected("port", "70000");
    }

    @Test
    void bind_address() {
        assertThat(DEFAULTS.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(with("JFAAS_BIND_ADDRESS", "127.0.0.1").bindAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void metrics_port() {
        assertThat(DEFAULTS.metricsPort()).isEqualTo(8081);
        assertThat(with("JFAAS_METRICS_PORT", "0").metricsPort()).isZero();
        assertRejected("JFAAS_METRICS_PORT", "-1");
    }

    @Test
    void mode_is_java_without_fprocess_and_streaming_with_it() {
        assertThat(DEFAULTS.mode()).isEqualTo(Mode.JAVA);
        assertThat(with("fprocess", "cat").mode()).isEqualTo(Mode.STREAMING);
        assertThat(WatchdogConfig.fromEnv(Map.of("mode", "serializing", "fprocess", "cat")).mode())
                .isEqualTo(Mode.SERIALIZING);
        assertThat(WatchdogConfig.fromEnv(Map.of("mode", "HTTP", "fprocess", "node app.js",
                "upstream_url", "http://127.0.0.1:3000")).mode()).isEqualTo(Mode.HTTP);
        assertThatIllegalArgumentException().isThrownBy(() -> with("mode", "inproc"))
                .withMessageStartingWith("mode: \"inproc\" is not a mode: use one of java, http, streaming, serializing");
    }

    @Test
    void fprocess_is_split_on_spaces_and_has_an_alias() {
        assertThat(with("fprocess", "node  index.js --flag").fprocess()).containsExactly("node", "index.js", "--flag");
        assertThat(with("function_process", "cat").fprocess()).containsExactly("cat");
        assertThat(DEFAULTS.fprocess()).isEmpty();
    }

    @Test
    void fork_and_http_modes_need_fprocess() {
        assertThatIllegalArgumentException().isThrownBy(() -> with("mode", "streaming"))
                .withMessageStartingWith("fprocess: is required in streaming mode");
    }

    @Test
    void upstream_url_is_required_in_http_mode_and_has_an_alias() {
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("mode", "http",
                "fprocess", "app"))).withMessageStartingWith("upstream_url: is required in http mode");
        assertThat(WatchdogConfig.fromEnv(Map.of("mode", "http", "fprocess", "app", "http_upstream_url",
                "http://127.0.0.1:5000")).upstreamUrl()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertRejected("upstream_url", "ftp://x");
    }

    @Test
    void read_timeout() {
        assertThat(DEFAULTS.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("read_timeout", "5").readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertRejected("read_timeout", "0");
    }

    @Test
    void write_timeout() {
        assertThat(DEFAULTS.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("write_timeout", "1m5s").writeTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertRejected("write_timeout", "soon");
    }

    @Test
    void exec_timeout_zero_means_no_limit() {
        assertThat(DEFAULTS.execTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("exec_timeout", "500ms").execTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(with("exec_timeout", "0").hasExecTimeout()).isFalse();
        assertRejected("exec_timeout", "-1s");
    }

    @Test
    void healthcheck_interval_defaults_to_five_seconds_whatever_the_write_timeout() {
        assertThat(DEFAULTS.healthcheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(with("write_timeout", "2m").healthcheckInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(with("healthcheck_interval", "10s").healthcheckInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(with("healthcheck_interval", "0").healthcheckInterval()).isZero();
        assertRejected("healthcheck_interval", "x");
    }

    @Test
    void max_inflight() {
        assertThat(DEFAULTS.maxInflight()).isZero();
        assertThat(with("max_inflight", "10").maxInflight()).isEqualTo(10);
        assertRejected("max_inflight", "-2");
        assertRejected("max_inflight", "many");
    }

    @Test
    void prefix_logs() {
        assertThat(DEFAULTS.prefixLogs()).isTrue();
        assertThat(with("prefix_logs", "false").prefixLogs()).isFalse();
        assertRejected("prefix_logs", "sometimes");
    }

    @Test
    void suppress_lock() {
        assertThat(DEFAULTS.suppressLock()).isFalse();
        assertThat(with("suppress_lock", "true").suppressLock()).isTrue();
        assertRejected("suppress_lock", "perhaps");
    }

    @Test
    void the_lock_file_is_in_tmpdir() {
        assertThat(DEFAULTS.lockFile()).isEqualTo(Path.of("/tmp/.lock"));
        assertThat(with("TMPDIR", "/run/fn").lockFile()).isEqualTo(Path.of("/run/fn/.lock"));
    }

    @Test
    void content_type() {
        assertThat(DEFAULTS.contentType()).isNull();
        assertThat(with("content_type", "application/json").contentType()).isEqualTo("application/json");
    }

    @Test
    void ready_path() {
        assertThat(DEFAULTS.readyPath()).isEmpty();
        assertThat(with("ready_path", "/ready").readyPath()).isEqualTo("/ready");
        assertRejected("ready_path", "ready");
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("fprocess", "cat",
                "ready_path", "/ready"))).withMessageStartingWith("ready_path: is not supported in streaming mode");
    }

    @Test
    void log_callid() {
        assertThat(DEFAULTS.logCallId()).isFalse();
        assertThat(with("log_callid", "true").logCallId()).isTrue();
    }

    @Test
    void max_request_body_takes_bytes_or_units() {
        assertThat(DEFAULTS.maxRequestBody()).isEqualTo(64L << 20);
        assertThat(with("JFAAS_MAX_REQUEST_BODY", "1024").maxRequestBody()).isEqualTo(1024);
        assertThat(with("JFAAS_MAX_REQUEST_BODY", "2Ki").maxRequestBody()).isEqualTo(2048);
        assertThat(with("JFAAS_MAX_REQUEST_BODY", "1M").maxRequestBody()).isEqualTo(1_000_000);
        assertRejected("JFAAS_MAX_REQUEST_BODY", "lots");
        assertRejected("JFAAS_MAX_REQUEST_BODY", "0");
    }

    @Test
    void handler_class() {
        assertThat(DEFAULTS.handlerClass()).isEqualTo("function.Handler");
        assertThat(with("JFAAS_HANDLER_CLASS", "com.acme.Orders").handlerClass()).isEqualTo("com.acme.Orders");
        assertRejected("JFAAS_HANDLER_CLASS", "com.acme.Orders()");
    }

    @Test
    void function_name_and_namespace() {
        assertThat(DEFAULTS.functionName()).isEqualTo("function");
        assertThat(DEFAULTS.namespace()).isEqualTo("openfaas-fn");
        WatchdogConfig config = WatchdogConfig.fromEnv(Map.of("OPENFAAS_NAME", "orders", "OPENFAAS_NAMESPACE", "shop"));
        assertThat(List.of(config.functionName(), config.namespace())).containsExactly("orders", "shop");
    }

    @Test
    void secrets_dir() {
        assertThat(DEFAULTS.secretsDir()).isEqualTo(Path.of("/var/openfaas/secrets"));
        assertThat(with("JFAAS_SECRETS_DIR", "/run/secrets").secretsDir()).isEqualTo(Path.of("/run/secrets"));
    }

    @Test
    void the_nats_transport_needs_both_url_and_subject_and_checks_each() {
        WatchdogConfig nats = WatchdogConfig.fromEnv(Map.of("JFAAS_NATS_URL", "nats://127.0.0.1:4222",
                "JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.hello"));

        assertThat(nats.servesNats()).isTrue();
        assertThat(nats.natsSubject()).isEqualTo("jfaas.invoke.openfaas-fn.hello");
        assertThat(DEFAULTS.servesNats()).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("JFAAS_NATS_URL",
                "nats://127.0.0.1:4222"))).withMessageStartingWith("JFAAS_NATS_SUBJECT: is required with JFAAS_NATS_URL");
        assertRejected("JFAAS_NATS_URL", "http://127.0.0.1:4222");
        assertRejected("JFAAS_NATS_SUBJECT", "jfaas.invoke.*");
    }

    @Test
    void blank_values_take_the_default() {
        assertThat(with("port", "  ").port()).isEqualTo(8080);
    }

    private static WatchdogConfig with(String key, String value) {
        return WatchdogConfig.fromEnv(Map.of(key, value));
    }

    private static void assertRejected(String key, String value) {
        Map<String, String> env = new HashMap<>(Map.of(key, value));
        if (key.equals("upstream_url")) {
            env.putAll(Map.of("mode", "http", "fprocess", "app"));
        }
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(env))
                .withMessageStartingWith(key + ":");
    }
}
