package io.jfaas.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackLoaderTest {

    private static final String FULL = """
            version: 1.0
            provider:
              name: openfaas
              gateway: http://gw:8080
            configuration:
              templates:
                - name: java
                  source: https://example.com/templates
              copy: [common]
            functions:
              hello:
                lang: java
                handler: ./hello
                image: ghcr.io/me/hello:1.0
                fprocess: cat
                namespace: fns
                environment:
                  GREETING: hi
                  PORT: 8080
                  DEBUG: true
                environment_file: [env.yml]
                secrets: [db-password]
                labels:
                  com.openfaas.scale.min: "2"
                annotations:
                  topic: orders
                limits: {memory: 128Mi, cpu: 100m}
                requests: {memory: 64Mi, cpu: 50m}
                constraints: ["node.platform.os == linux"]
                readonly_root_filesystem: true
                skip_build: false
                build_options: [dev]
                build_args: {A: b}
                build_secrets: {token: ./token.txt}
                platforms: linux/amd64
              other:
                lang: java
                handler: ./other
                image: other:latest
            """;

    @TempDir
    Path dir;

    @Test
    void reads_every_key_of_the_openfaas_schema() {
        StackFile stack = StackLoader.parse("stack.yml", FULL);

        assertThat(stack.provider().gateway()).isEqualTo("http://gw:8080");
        assertThat(stack.configuration().templates()).singleElement()
                .extracting(StackFile.TemplateSource::name).isEqualTo("java");
        assertThat(stack.functions()).containsOnlyKeys("hello", "other");
        StackFile.StackFunction hello = stack.functions().get("hello");
        assertThat(hello.lang()).isEqualTo("java");
        assertThat(hello.handler()).isEqualTo("./hello");
        assertThat(hello.image()).isEqualTo("ghcr.io/me/hello:1.0");
        assertThat(hello.fprocess()).isEqualTo("cat");
        assertThat(hello.namespace()).isEqualTo("fns");
        assertThat(hello.environment()).containsEntry("GREETING", "hi").containsEntry("PORT", "8080")
                .containsEntry("DEBUG", "true");
        assertThat(hello.environmentFile()).containsExactly("env.yml");
        assertThat(hello.secrets()).containsExactly("db-password");
        assertThat(hello.labels()).containsEntry("com.openfaas.scale.min", "2");
        assertThat(hello.annotations()).containsEntry("topic", "orders");
        assertThat(hello.limits()).isEqualTo(new StackFile.Resources("128Mi", "100m"));
        assertThat(hello.requests()).isEqualTo(new StackFile.Resources("64Mi", "50m"));
        assertThat(hello.constraints()).containsExactly("node.platform.os == linux");
        assertThat(hello.readOnlyRootFilesystem()).isTrue();
        assertThat(hello.buildArgs()).containsEntry("A", "b");
        assertThat(hello.platforms()).isEqualTo("linux/amd64");
    }

    @Test
    void keeps_the_functions_in_file_order() {
        assertThat(StackLoader.parse("stack.yml", FULL).functions().keySet()).containsExactly("hello", "other");
    }

    @Test
    void an_unknown_function_key_is_an_error_that_names_it_and_where_it_is() {
        String text = FULL.replace("    fprocess: cat", "    imagee: typo");

        assertThatThrownBy(() -> StackLoader.parse("hello.yml", text))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("hello.yml")
                .hasMessageContaining("unknown key \"imagee\" in functions.hello")
                .hasMessageContaining("known keys: annotations");
    }

    @Test
    void an_unknown_top_level_key_is_an_error() {
        assertThatThrownBy(() -> StackLoader.parse("s.yml", FULL + "extra: 1\n"))
                .hasMessageContaining("unknown key \"extra\"");
    }

    @Test
    void a_provider_other_than_openfaas_is_refused() {
        assertThatThrownBy(() -> StackLoader.parse("s.yml", FULL.replace("name: openfaas", "name: faas")))
                .hasMessage("['openfaas'] is the only valid \"provider.name\" for the OpenFaaS CLI, but you gave: faas");
    }

    @Test
    void a_version_other_than_1_0_is_refused() {
        assertThatThrownBy(() -> StackLoader.parse("s.yml", FULL.replace("version: 1.0", "version: 2.0")))
                .hasMessage("[1.0] are the only valid versions for the stack file - found: 2.0");
    }

    @Test
    void broken_yaml_is_reported_with_its_line() {
        assertThatThrownBy(() -> StackLoader.parse("s.yml", "provider:\n  name: openfaas\n functions: [\n"))
                .hasMessageStartingWith("Error with YAML file s.yml").hasMessageContaining("line");
    }

    @Test
    void a_wrongly_typed_value_names_its_key() {
        String text = FULL.replace("secrets: [db-password]", "secrets: {a: b}");

        assertThatThrownBy(() -> StackLoader.parse("s.yml", text)).hasMessageContaining("functions.hello.secrets");
    }

    @Test
    void a_function_without_settings_is_refused_by_name() {
        String text = "provider:\n  name: openfaas\nfunctions:\n  empty:\n";

        assertThatThrownBy(() -> StackLoader.parse("s.yml", text)).hasMessageContaining("function empty has no settings");
    }

    @Test
    void variables_are_substituted_before_reading() throws Exception {
        Path file = dir.resolve("stack.yml");
        Files.writeString(file, """
                provider:
                  name: openfaas
                  gateway: ${GATEWAY:-http://127.0.0.1:8080}
                functions:
                  hello:
                    lang: java
                    handler: ./hello
                    image: ${REGISTRY}/hello:${TAG:-latest}
                """);

        StackFile stack = StackLoader.load(file, Map.of("REGISTRY", "ghcr.io/me"), true);

        assertThat(stack.provider().gateway()).isEqualTo("http://127.0.0.1:8080");
        assertThat(stack.functions().get("hello").image()).isEqualTo("ghcr.io/me/hello:latest");
    }

    @Test
    void substitution_can_be_turned_off() throws Exception {
        Path file = dir.resolve("stack.yml");
        Files.writeString(file, "provider:\n  name: openfaas\nfunctions:\n  f:\n    image: ${X}\n");

        assertThat(StackLoader.load(file, Map.of("X", "y"), false).functions().get("f").image()).isEqualTo("${X}");
    }

    @Test
    void a_missing_file_says_so_like_faas_cli() {
        assertThatThrownBy(() -> StackLoader.load(dir.resolve("nope.yml"), Map.of(), true))
                .hasMessage("open nope.yml: no such file or directory");
    }

    @Test
    void the_default_stack_file_is_stack_yaml_then_stack_yml() throws Exception {
        assertThat(StackLoader.locate(dir, null)).isEmpty();
        Files.writeString(dir.resolve("stack.yml"), "");
        assertThat(StackLoader.locate(dir, null)).hasValue(dir.resolve("stack.yml"));
        Files.writeString(dir.resolve("stack.yaml"), "");
        assertThat(StackLoader.locate(dir, null)).hasValue(dir.resolve("stack.yaml"));
        assertThat(StackLoader.locate(dir, "other.yml")).hasValue(dir.resolve("other.yml"));
    }

    @Test
    void filter_and_regex_select_functions() {
        StackFile stack = StackLoader.parse("s.yml", FULL);

        assertThat(StackLoader.select(stack, "hel*", null)).containsOnlyKeys("hello");
        assertThat(StackLoader.select(stack, null, "^oth")).containsOnlyKeys("other");
        assertThat(StackLoader.select(stack, null, null)).containsOnlyKeys("hello", "other");
        assertThatThrownBy(() -> StackLoader.select(stack, "x*", null))
                .hasMessage("no functions matching --filter/--regex were found in the YAML file");
        assertThatThrownBy(() -> StackLoader.select(stack, "a", "b")).hasMessage("pass in a regex or a filter, not both");
    }
}
