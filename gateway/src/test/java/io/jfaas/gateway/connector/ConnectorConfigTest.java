package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.testing.SettingsReference;
import io.jfaas.triggers.Triggers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorConfigTest {

    @Test
    void defaults_run_in_a_local_gateway_with_sync_invocations_and_bounds() {
        ConnectorConfig config = ConnectorConfig.fromEnv(Map.of());
        assertThat(config.enabled()).isTrue();
        assertThat(config.gatewayUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(config.natsUrl()).isEmpty();
        assertThat(config.invocation()).isEqualTo(Triggers.Invocation.SYNC);
        assertThat(config.rebuildInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxInflight()).isEqualTo(64);
        assertThat(config.pendingMessages()).isEqualTo(1000);
        assertThat(config.pendingBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void settings_are_read_with_the_connector_sdks_names() {
        ConnectorConfig config = ConnectorConfig.fromEnv(Map.of("gateway_url", "http://gateway.openfaas:8080",
                "asynchronous_invocation", "true", "rebuild_interval", "30s", "JFAAS_CONNECTOR", "false",
                "JFAAS_NATS_URL", "nats://nats.openfaas:4222"));
        assertThat(config.enabled()).isFalse();
        assertThat(config.gatewayUrl().getHost()).isEqualTo("gateway.openfaas");
        assertThat(config.invocation()).isEqualTo(Triggers.Invocation.ASYNC);
        assertThat(config.rebuildInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.natsUrl()).contains("nats://nats.openfaas:4222");
        ConnectorConfig inGateway = config.inGateway(URI.create("http://127.0.0.1:9999"));
        assertThat(inGateway.gatewayUrl().getPort()).isEqualTo(9999);
        assertThat(inGateway.natsUrl()).as("the gateway's own connection is used instead").isEmpty();
    }

    @Test
    void a_bad_value_is_refused_naming_its_setting() {
        assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("gateway_url", "gateway:8080")))
                .hasMessageContaining("gateway_url");
        assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("JFAAS_CONNECTOR_MAX_INFLIGHT", "0")))
                .hasMessageContaining("JFAAS_CONNECTOR_MAX_INFLIGHT");
        assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("JFAAS_NATS_URL", "localhost")))
                .hasMessageContaining("JFAAS_NATS_URL");
        assertThatThrownBy(() -> ConnectorConfig.fromEnv(Map.of("rebuild_interval", "soon")))
                .hasMessageContaining("rebuild_interval");
    }

    @Test
    void every_setting_is_documented_and_every_documented_one_is_read() throws Exception {
        var documented = SettingsReference.read().settingsOf("connector");
        assertThat(documented).hasSizeGreaterThan(10);
        assertThat(SettingsReference.notRead(documented, ConnectorConfig::fromEnv, List.of(Map.of())))
                .as("documented for the connector in %s, not read", SettingsReference.FILE).isEmpty();
        assertThat(SettingsReference.undocumented(documented, ConnectorConfig::fromEnv, List.of(Map.of()),
                ConnectorConfig.class)).as("missing from %s", SettingsReference.FILE).isEmpty();
    }
}
