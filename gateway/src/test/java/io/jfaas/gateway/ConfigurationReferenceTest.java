package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.async.AsyncConfig;
import io.jfaas.testing.SettingsReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) and {@link GatewayConfig} agree: every variable it
 * documents for the gateway (or the queue worker process) is read by the record, and every setting name the record
 * declares and reads is documented.
 */
class ConfigurationReferenceTest {

    /** Local mode; in front of a remote provider (the cluster settings); NATS named the OpenFaaS way. */
    private static final List<Map<String, String>> ENVIRONMENTS = List.of(Map.of(),
            Map.of("functions_provider_url", "http://provider:8081/", "JFAAS_AUTOSCALE", "false"),
            Map.of("faas_nats_address", "nats.example"));

    @Test
    void every_setting_documented_for_the_gateway_is_read_by_its_record() throws Exception {
        assertThat(documented()).hasSizeGreaterThan(40);
        assertThat(SettingsReference.notRead(documented(), GatewayConfig::fromEnv, ENVIRONMENTS))
                .as("documented for the gateway in %s, not read by GatewayConfig", SettingsReference.FILE).isEmpty();
    }

    @Test
    void every_setting_the_record_declares_and_reads_is_documented() throws Exception {
        assertThat(SettingsReference.constants(GatewayConfig.class, AsyncConfig.class)).hasSizeGreaterThan(40);
        assertThat(SettingsReference.undocumented(documented(), GatewayConfig::fromEnv, ENVIRONMENTS,
                GatewayConfig.class, AsyncConfig.class)).as("missing from %s", SettingsReference.FILE).isEmpty();
    }

    private static Set<String> documented() throws Exception {
        SettingsReference reference = SettingsReference.read();
        Set<String> names = new TreeSet<>(reference.settingsOf("gateway"));
        names.addAll(reference.settingsOf("queue worker process"));
        return names;
    }
}
