package io.jfaas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({
        "100m, 100m",
        "0.5, 500m",
        "0.1, 100m",
        "1, 1",
        "1000m, 1",
        "1500m, 1500m",
        "1000, 1k",
        "2, 2",
        "128Mi, 128Mi",
        "1024Mi, 1Gi",
        "2048Ki, 2Mi",
        "1.5Gi, 1536Mi",
        "0.5Ki, 512",
        "128974848, 128974848",
        "129M, 129M",
        "1000M, 1G",
        "1e3, 1k",
        "0, 0",
        "0Mi, 0",
        "0.0000000001, 1n",
    })
    void writes_quantities_as_kubernetes_does(String given, String canonical) {
        assertThat(Quantities.canonical(given)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "12Mb", "1.2.3", "-1", "Mi", "1 Gi"})
    void refuses_what_is_not_a_quantity_naming_it(String given) {
        assertThatIllegalArgumentException().isThrownBy(() -> Quantities.canonical(given))
                .withMessageContaining("\"" + given + "\"");
        assertThat(Quantities.isValid(given)).isFalse();
    }
}
