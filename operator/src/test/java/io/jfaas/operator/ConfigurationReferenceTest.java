package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.testing.SettingsReference;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) and {@link OperatorConfig} agree: every variable it
 * documents for the operator is read by the record, and every setting name the record declares and reads is
 * documented.
 */
class ConfigurationReferenceTest {

    @Test
    void every_setting_documented_for_the_operator_is_read_by_its_record() throws Exception {
        var documented = SettingsReference.read().settingsOf("operator");
        assertThat(documented).hasSizeGreaterThan(15);
        assertThat(SettingsReference.notRead(documented, OperatorConfig::fromEnv, List.of(Map.of())))
                .as("documented for the operator in %s, not read by OperatorConfig", SettingsReference.FILE).isEmpty();
    }

    @Test
    void every_setting_the_record_declares_and_reads_is_documented() throws Exception {
        assertThat(SettingsReference.constants(OperatorConfig.class)).hasSizeGreaterThan(15);
        assertThat(SettingsReference.undocumented(SettingsReference.read().settingsOf("operator"),
                OperatorConfig::fromEnv, List.of(Map.of()), OperatorConfig.class))
                .as("missing from %s", SettingsReference.FILE).isEmpty();
    }
}
