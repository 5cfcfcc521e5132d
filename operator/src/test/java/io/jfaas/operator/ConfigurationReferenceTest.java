package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.testing.SettingsReference;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference ({@code docs/configuration.md}) and {@link OperatorConfig} agree: every variable it
 * documents for the operator is read by the record, and every setting name the record declares and reads is
 * documented.
 */
class ConfigurationReferenceTest {

    private static final List<Map<String, String>> ENVIRONMENTS = List.of(Map.of());

    @Test
    void every_setting_documented_for_the_operator_is_read_by_its_record() throws Exception {
        Set<String> documented = SettingsReference.read().settingsOf("operator");
        assertThat(documented).hasSizeGreaterThan(15);

        assertThat(documented).allSatisfy(name -> assertThat(read(name))
                .as("%s is documented for the operator in %s but OperatorConfig does not read it", name,
                        SettingsReference.FILE)
                .isTrue());
    }

    @Test
    void every_setting_the_record_declares_and_reads_is_documented() throws Exception {
        Set<String> declared = new TreeSet<>(SettingsReference.constants(OperatorConfig.class));
        declared.removeIf(name -> !read(name));
        assertThat(declared).hasSizeGreaterThan(15);

        assertThat(declared).as("settings missing from %s", SettingsReference.FILE)
                .isSubsetOf(SettingsReference.read().settingsOf("operator"));
    }

    private static boolean read(String name) {
        return SettingsReference.isRead(OperatorConfig::fromEnv, ENVIRONMENTS, name);
    }
}
