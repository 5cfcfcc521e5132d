package io.jfaas.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.stack.StackFile;
import io.jfaas.cli.stack.StackLoader;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentSpecTest {

    @TempDir
    Path dir;

    @Test
    void environment_comes_from_the_stack_then_environment_files_then_flags() throws Exception {
        Files.writeString(dir.resolve("a.yml"), "environment:\n  FROM_FILE: a\n  SHARED: a\n");
        Files.writeString(dir.resolve("b.yml"), "environment:\n  SHARED: b\n");
        StackFile.StackFunction function = function("""
                    environment: {SHARED: stack, ONLY_STACK: s}
                    environment_file: [a.yml, b.yml]
                """);

        FunctionDeployment deployment = DeploymentSpec.of("hello", function, dir, null, flags(Map.of("FLAG", "f"),
                Map.of()));

        assertThat(deployment.envVars()).containsEntry("SHARED", "b").containsEntry("FROM_FILE", "a")
                .containsEntry("ONLY_STACK", "s").containsEntry("FLAG", "f");
    }

    @Test
    void labels_annotations_secrets_and_constraints_merge_stack_and_flags() {
        StackFile.StackFunction function = function("""
                    labels: {team: a, tier: web}
                    annotations: {topic: orders}
                    secrets: [db]
                    constraints: [zone=a]
                """);
        DeploymentSpec.Flags flags = new DeploymentSpec.Flags(null, Map.of(), Map.of("tier", "api"),
                Map.of("owner", "me"), List.of("db", "api-key"), List.of("disk=ssd"), false);

        FunctionDeployment deployment = DeploymentSpec.of("hello", function, dir, null, flags);

        assertThat(deployment.labels()).containsEntry("team", "a").containsEntry("tier", "api");
        assertThat(deployment.annotations()).containsEntry("topic", "orders").containsEntry("owner", "me");
        assertThat(deployment.secrets()).containsExactly("db", "api-key");
        assertThat(deployment.constraints()).containsExactly("zone=a", "disk=ssd");
    }

    @Test
    void fprocess_is_the_stacks_else_the_templates() {
        assertThat(DeploymentSpec.of("h", function("    fprocess: cat\n"), dir, "node index.js",
                DeploymentSpec.Flags.none()).envProcess()).isEqualTo("cat");
        assertThat(DeploymentSpec.of("h", function(""), dir, "node index.js", DeploymentSpec.Flags.none())
                .envProcess()).isEqualTo("node index.js");
        assertThat(DeploymentSpec.of("h", function(""), dir, "", DeploymentSpec.Flags.none()).envProcess()).isNull();
    }

    @Test
    void the_namespace_flag_wins_over_the_stack() {
        StackFile.StackFunction function = function("    namespace: from-stack\n");

        assertThat(DeploymentSpec.of("h", function, dir, null, DeploymentSpec.Flags.none()).namespace())
                .isEqualTo("from-stack");
        assertThat(DeploymentSpec.of("h", function, dir, null, new DeploymentSpec.Flags("from-flag", Map.of(),
                Map.of(), Map.of(), List.of(), List.of(), false)).namespace()).isEqualTo("from-flag");
    }

    @Test
    void limits_and_requests_are_carried_and_left_out_when_empty() {
        FunctionDeployment deployment = DeploymentSpec.of("h", function("""
                    limits: {memory: 128Mi}
                    requests: {}
                """), dir, null, DeploymentSpec.Flags.none());

        assertThat(deployment.limits()).isEqualTo(new FunctionResources("128Mi", null));
        assertThat(deployment.requests()).isNull();
    }

    @Test
    void key_value_flags_must_have_a_key_and_a_value() {
        assertThat(DeploymentSpec.parsePairs(List.of("a=1", "b=x=y"), "label")).containsEntry("a", "1")
                .containsEntry("b", "x=y");
        assertThatThrownBy(() -> DeploymentSpec.parsePairs(List.of("novalue"), "label"))
                .hasMessageContaining("label format is not correct, needs key=value");
        assertThatThrownBy(() -> DeploymentSpec.parsePairs(List.of("=v"), "envvar")).hasMessageContaining("empty envvar name");
        assertThatThrownBy(() -> DeploymentSpec.parsePairs(List.of("k="), "envvar")).hasMessageContaining("empty envvar value");
    }

    private static DeploymentSpec.Flags flags(Map<String, String> env, Map<String, String> labels) {
        return new DeploymentSpec.Flags(null, env, labels, Map.of(), List.of(), List.of(), false);
    }

    private static StackFile.StackFunction function(String extra) {
        String text = "provider:\n  name: openfaas\nfunctions:\n  hello:\n    lang: java\n    image: hello:latest\n"
                + extra;
        return StackLoader.parse("stack.yml", text).functions().get("hello");
    }
}
