package io.jfaas.watchdog.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.testing.SettingsReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) and {@link WatchdogConfig} agree: every variable it
 * documents for the watchdog is read by the record, and every setting name {@link WatchdogSettings} declares and the
 * record reads is documented.
 */
class ConfigurationReferenceTest {

    /** The java mode, and the modes that run a process (where their settings, and their old names, are read). */
    private static final List<Map<String, String>> ENVIRONMENTS = List.of(Map.of(),
            Map.of("mode", "http", "fprocess", "true", "upstream_url", "http://127.0.0.1:9"),
            Map.of("mode", "http", "fprocess", "true", "http_upstream_url", "http://127.0.0.1:9"),
            Map.of("mode", "streaming", "fprocess", "cat"));

    @Test
    void every_setting_documented_for_the_watchdog_is_read_by_its_record() throws Exception {
        var documented = SettingsReference.read().settingsOf("watchdog");
        assertThat(documented).hasSizeGreaterThan(20);
        assertThat(SettingsReference.notRead(documented, WatchdogConfig::fromEnv, ENVIRONMENTS))
                .as("documented for the watchdog in %s, not read by WatchdogConfig", SettingsReference.FILE).isEmpty();
    }

    @Test
    void every_setting_the_record_declares_and_reads_is_documented() throws Exception {
        assertThat(SettingsReference.constants(WatchdogSettings.class)).hasSizeGreaterThan(20);
        assertThat(SettingsReference.undocumented(SettingsReference.read().settingsOf("watchdog"),
                WatchdogConfig::fromEnv, ENVIRONMENTS, WatchdogSettings.class))
                .as("missing from %s", SettingsReference.FILE).isEmpty();
    }
}
