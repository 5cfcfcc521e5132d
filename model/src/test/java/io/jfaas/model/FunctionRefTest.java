package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class FunctionRefTest {

    private static final String DEFAULT = "openfaas-fn";

    @Test
    void a_bare_name_takes_the_default_namespace() {
        FunctionRef ref = FunctionRef.parse("hello", DEFAULT);

        assertThat(ref.name()).isEqualTo("hello");
        assertThat(ref.namespace()).isEqualTo(DEFAULT);
    }

    @Test
    void a_qualified_name_names_its_namespace() {
        FunctionRef ref = FunctionRef.parse("hello.dev", DEFAULT);

        assertThat(ref.name()).isEqualTo("hello");
        assertThat(ref.namespace()).isEqualTo("dev");
    }

    @Test
    void splits_at_the_last_dot() {
        FunctionRef ref = FunctionRef.parse("a.b.c", DEFAULT);

        assertThat(ref.name()).isEqualTo("a.b");
        assertThat(ref.namespace()).isEqualTo("c");
    }

    @Test
    void a_trailing_dot_falls_back_to_the_default_namespace() {
        FunctionRef ref = FunctionRef.parse("hello.", DEFAULT);

        assertThat(ref.name()).isEqualTo("hello");
        assertThat(ref.namespace()).isEqualTo(DEFAULT);
    }

    @Test
    void qualified_joins_name_and_namespace_with_a_dot() {
        assertThat(new FunctionRef("hello", "dev").qualified()).isEqualTo("hello.dev");
        assertThat(FunctionRef.parse("hello", DEFAULT).qualified()).isEqualTo("hello.openfaas-fn");
        assertThat(new FunctionRef("hello", "dev")).hasToString("hello.dev");
    }

    @Test
    void qualified_parses_back_to_the_same_ref() {
        FunctionRef ref = new FunctionRef("hello", "dev");

        assertThat(FunctionRef.parse(ref.qualified(), DEFAULT)).isEqualTo(ref);
    }

    @Test
    void rejects_a_missing_name_or_namespace() {
        assertThatNullPointerException().isThrownBy(() -> new FunctionRef(null, "dev")).withMessage("name");
        assertThatNullPointerException().isThrownBy(() -> new FunctionRef("hello", null)).withMessage("namespace");
    }
}
