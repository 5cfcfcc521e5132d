package io.jfaas.watchdog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One small test per setting: its default, a good value, and a bad one naming the variable. */
class WatchdogConfigTest {

    private static final WatchdogConfig DEFAULTS = WatchdogConfig.fromEnv(Map.of());

    @Test
    void port_defaults_to_8080_and_is_read() {
        assertThat(DEFAULTS.port()).isEqualTo(8080);
        assertThat(WatchdogConfig.fromEnv(Map.of("port", "9000")).port()).isEqualTo(9000);
    }

    @Test
    void a_bad_port_names_the_variable() {
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("port", "http")))
                .withMessageStartingWith("port: \"http\" is not a port");
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("port", "70000")))
                .withMessageStartingWith("port:");
    }

    @Test
    void bind_address_defaults_to_all_interfaces() {
        assertThat(DEFAULTS.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(WatchdogConfig.fromEnv(Map.of("JFAAS_BIND_ADDRESS", "127.0.0.1")).bindAddress())
                .isEqualTo("127.0.0.1");
    }

    @Test
    void handler_class_defaults_to_the_templates_class() {
        assertThat(DEFAULTS.handlerClass()).isEqualTo("function.Handler");
        assertThat(WatchdogConfig.fromEnv(Map.of("JFAAS_HANDLER_CLASS", "com.acme.Orders")).handlerClass())
                .isEqualTo("com.acme.Orders");
    }

    @Test
    void a_handler_class_that_is_not_a_class_name_names_the_variable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("JFAAS_HANDLER_CLASS", "com.acme.Orders()")))
                .withMessageStartingWith("JFAAS_HANDLER_CLASS:");
    }

    @Test
    void function_name_and_namespace_come_from_openfaas_variables() {
        WatchdogConfig config = WatchdogConfig.fromEnv(Map.of("OPENFAAS_NAME", "orders", "OPENFAAS_NAMESPACE", "shop"));

        assertThat(config.functionName()).isEqualTo("orders");
        assertThat(config.namespace()).isEqualTo("shop");
        assertThat(DEFAULTS.namespace()).isEqualTo("openfaas-fn");
    }

    @Test
    void write_timeout_takes_seconds_or_go_durations() {
        assertThat(DEFAULTS.writeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(WatchdogConfig.fromEnv(Map.of("write_timeout", "65")).writeTimeout()).isEqualTo(Duration.ofSeconds(65));
        assertThat(WatchdogConfig.fromEnv(Map.of("write_timeout", "1m5s")).writeTimeout())
                .isEqualTo(Duration.ofSeconds(65));
        assertThat(WatchdogConfig.fromEnv(Map.of("write_timeout", "1500ms")).writeTimeout())
                .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void a_bad_or_zero_write_timeout_names_the_variable() {
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("write_timeout", "soon")))
                .withMessageStartingWith("write_timeout:");
        assertThatIllegalArgumentException().isThrownBy(() -> WatchdogConfig.fromEnv(Map.of("write_timeout", "0s")))
                .withMessageStartingWith("write_timeout:");
    }

    @Test
    void blank_values_take_the_default() {
        assertThat(WatchdogConfig.fromEnv(Map.of("port", " ", "write_timeout", "")).port()).isEqualTo(8080);
    }
}
