package io.jfaas.cli.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliContext;
import io.jfaas.cli.CliFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionRuntimeBaseTest {

    @TempDir
    Path dir;

    @Test
    void the_flag_wins_over_the_setting_and_is_relative_to_the_working_directory() throws Exception {
        Files.writeString(dir.resolve("flag.tar"), "");
        Files.writeString(dir.resolve("env.tar"), "");
        CliContext context = context(Map.of(FunctionRuntimeBase.ENV, "env.tar"));

        assertThat(FunctionRuntimeBase.locate(context, "flag.tar")).isEqualTo(dir.resolve("flag.tar"));
        assertThat(FunctionRuntimeBase.locate(context, null)).isEqualTo(dir.resolve("env.tar"));
    }

    @Test
    void a_missing_base_is_an_error_naming_where_it_was_looked_for_and_how_to_build_it() {
        CliContext context = context(Map.of(FunctionRuntimeBase.ENV, "gone.tar"));

        assertThatThrownBy(() -> FunctionRuntimeBase.locate(context, null))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining(dir.resolve("gone.tar") + " (from JFAAS_FUNCTION_RUNTIME) does not exist")
                .hasMessageContaining("./mvnw install -DskipTests")
                .hasMessageContaining("--runtime-image FILE");
    }

    @Test
    void without_flag_or_setting_the_error_says_how_to_name_the_base_and_where_a_checkout_builds_it() {
        CliContext context = context(Map.of());

        assertThatThrownBy(() -> FunctionRuntimeBase.locate(context, null))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("no function runtime base image")
                .hasMessageContaining("--runtime-image FILE or JFAAS_FUNCTION_RUNTIME")
                .hasMessageContaining("images/target/jib/function-runtime.tar")
                .hasMessageContaining("bin/faas-cli");
    }

    private CliContext context(Map<String, String> env) {
        return new CliContext(env, dir, dir, new ByteArrayInputStream(new byte[0]), false, new ByteArrayOutputStream());
    }
}
