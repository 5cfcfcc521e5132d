package io.jfaas.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvsubstTest {

    @Test
    void replaces_set_variables() {
        assertThat(Envsubst.apply("image: ${REG}/f:${TAG}", Map.of("REG", "ghcr.io/me", "TAG", "1")))
                .isEqualTo("image: ghcr.io/me/f:1");
    }

    @Test
    void uses_the_default_when_unset_or_empty() {
        assertThat(Envsubst.apply("${A:-x} ${B:-y}", Map.of("B", ""))).isEqualTo("x y");
        assertThat(Envsubst.apply("${A:-x}", Map.of("A", "set"))).isEqualTo("set");
    }

    @Test
    void an_unset_variable_without_default_becomes_empty() {
        assertThat(Envsubst.apply("[${MISSING}]", Map.of())).isEqualTo("[]");
    }

    @Test
    void leaves_dollar_signs_that_are_not_variables_alone() {
        assertThat(Envsubst.apply("cost: $5 and ${not valid}", Map.of())).isEqualTo("cost: $5 and ${not valid}");
    }

    @Test
    void values_with_regex_specials_are_inserted_literally() {
        assertThat(Envsubst.apply("${P}", Map.of("P", "a$1\\b"))).isEqualTo("a$1\\b");
    }
}
