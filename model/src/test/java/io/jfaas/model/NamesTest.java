package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "a", "0", "hello-world", "a1-b2-c3", "9lives", "a--b"})
    void accepts_dns_1123_labels(String name) {
        assertThat(Names.isDns1123Label(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello", "HELLO", "hello_world", "-hello", "hello-", "-", "hello.world", "hé",
        "hello world", " hello"})
    void rejects_names_that_are_not_dns_1123_labels(String name) {
        assertThat(Names.isDns1123Label(name)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejects_a_null_or_empty_name(String name) {
        assertThat(Names.isDns1123Label(name)).isFalse();
    }

    @Test
    void the_label_check_agrees_with_the_kubernetes_pattern_on_every_short_string() {
        char[] alphabet = {'a', 'z', '0', '9', '-', 'A', '_', '.', ' '};
        java.util.List<String> strings = new java.util.ArrayList<>(java.util.List.of(""));
        for (int length = 1; length <= 4; length++) {
            java.util.List<String> longer = new java.util.ArrayList<>();
            for (String prefix : strings) {
                if (prefix.length() == length - 1) {
                    for (char c : alphabet) {
                        longer.add(prefix + c);
                    }
                }
            }
            strings.addAll(longer);
        }

        for (String name : strings) {
            assertThat(Names.isDns1123Label(name)).as(name)
                    .isEqualTo(!name.isEmpty() && Names.DNS_1123_LABEL.matcher(name).matches());
        }
    }

    @Test
    void allows_63_characters_but_not_64() {
        String max = "a".repeat(63);
        String tooLong = "a".repeat(64);

        assertThat(Names.isDns1123Label(max)).isTrue();
        assertThat(Names.isDns1123Label(tooLong)).isFalse();
    }

    @Test
    void a_valid_function_name_has_no_problem() {
        assertThat(Names.functionNameProblem("hello")).isEmpty();
    }

    @Test
    void an_invalid_function_name_problem_mentions_the_name_and_the_rule() {
        assertThat(Names.functionNameProblem("Bad_Name")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("Bad_Name")
                .contains("DNS-1123")
                .startsWith("service:"));
    }

    @Test
    void a_too_long_function_name_has_a_problem() {
        assertThat(Names.functionNameProblem("a".repeat(64))).hasValueSatisfying(problem -> assertThat(problem)
                .contains("a".repeat(64))
                .contains("DNS-1123"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void a_missing_function_name_is_required(String name) {
        assertThat(Names.functionNameProblem(name)).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("service:")
                .contains("required"));
    }

    @Test
    void a_valid_namespace_has_no_problem() {
        assertThat(Names.namespaceProblem("openfaas-fn")).isEmpty();
        assertThat(Names.namespaceProblem(Names.DEFAULT_NAMESPACE)).isEmpty();
    }

    @Test
    void kube_system_is_not_allowed() {
        assertThat(Names.namespaceProblem("kube-system")).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("namespace:")
                .contains("kube-system")
                .contains("not allowed"));
    }

    @Test
    void an_invalid_namespace_problem_mentions_the_namespace_and_the_rule() {
        assertThat(Names.namespaceProblem("Dev_Space")).hasValueSatisfying(problem -> assertThat(problem)
                .startsWith("namespace:")
                .contains("Dev_Space")
                .contains("DNS-1123"));
        assertThat(Names.namespaceProblem("")).isPresent();
    }
}
