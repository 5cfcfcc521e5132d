package io.jfaas.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionContextTest {

    @Test
    void gives_back_name_and_namespace() {
        FunctionContext context = FunctionContext.of("hello", "openfaas-fn", Map.of());

        assertThat(context.functionName()).isEqualTo("hello");
        assertThat(context.namespace()).isEqualTo("openfaas-fn");
    }

    @Test
    void looks_up_environment_variables() {
        FunctionContext context = FunctionContext.of("hello", "dev", Map.of("DB_URL", "jdbc:x", "EMPTY", ""));

        assertThat(context.env("DB_URL")).contains("jdbc:x");
        assertThat(context.env("EMPTY")).contains("");
        assertThat(context.env("MISSING")).isEmpty();
        assertThat(context.env("db_url")).isEmpty();
    }

    @Test
    void copies_the_environment() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        FunctionContext context = FunctionContext.of("hello", "dev", env);

        env.put("A", "2");
        env.put("B", "3");

        assertThat(context.env("A")).contains("1");
        assertThat(context.env("B")).isEmpty();
    }

    @Test
    void requires_name_and_namespace() {
        assertThatNullPointerException().isThrownBy(() -> FunctionContext.of(null, "dev", Map.of()))
                .withMessage("functionName");
        assertThatNullPointerException().isThrownBy(() -> FunctionContext.of("hello", null, Map.of()))
                .withMessage("namespace");
    }
}
