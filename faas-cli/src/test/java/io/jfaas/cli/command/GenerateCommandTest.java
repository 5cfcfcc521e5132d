package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.cli.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas-cli generate}. The expected output for the stack with every field is the golden file
 * {@code src/test/resources/generate/functions.yml}; the operator's {@code GeneratedFunctionsTest} reads the same file
 * and checks that the operator accepts it (the modules may not depend on each other, so the file is what they share).
 */
class GenerateCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @BeforeEach
    void copyTheStack() throws Exception {
        Files.copy(Path.of("src/test/resources/generate/stack.yml"), work.resolve("stack.yml"));
        Files.copy(Path.of("src/test/resources/generate/env.yml"), work.resolve("env.yml"));
    }

    @Test
    void prints_one_function_resource_per_function_with_every_field_of_the_stack() throws Exception {
        Cli.Result result = new Cli(home, work).run("generate", "-f", "stack.yml");

        assertThat(result.err()).isEmpty();
        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo(Files.readString(Path.of("src/test/resources/generate/functions.yml")));
    }

    @Test
    void the_namespace_flag_overrides_the_stacks_and_filter_selects_functions() {
        Cli.Result result = new Cli(home, work).run("generate", "--api", "openfaas.com/v1", "-n", "team-b",
                "--filter", "every-*");

        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("name: every-field", "namespace: team-b")
                .doesNotContain("minimal", "team-a");
    }

    @Test
    void other_apis_are_refused_with_a_message_naming_the_flag() {
        Cli.Result result = new Cli(home, work).run("generate", "--api", "serving.knative.dev/v1");

        assertThat(result.exit()).isNotZero();
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("--api", "serving.knative.dev/v1", "openfaas.com/v1");
    }

    @Test
    void an_invalid_namespace_is_refused() {
        Cli.Result result = new Cli(home, work).run("generate", "-n", "Not_Valid");

        assertThat(result.exit()).isNotZero();
        assertThat(result.err()).contains("--namespace");
    }
}
