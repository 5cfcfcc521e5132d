package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionDeploymentJsonTest {

    private final JsonMapper mapper = Json.newMapper();

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void writes_openfaas_field_names() throws Exception {
        FunctionDeployment deployment = new FunctionDeployment(
                "hello", "ghcr.io/me/hello:1", "dev", "java -jar f.jar",
                Map.of("A", "1"), List.of("node=a"), List.of("db-password"),
                Map.of("com.openfaas.scale.min", "2"), Map.of("team", "x"),
                new FunctionResources("128Mi", "100m"), new FunctionResources("64Mi", "50m"), true);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(deployment));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("service", "image", "namespace", "envProcess",
                "envVars", "constraints", "secrets", "labels", "annotations", "limits", "requests",
                "readOnlyRootFilesystem");
        assertThat(json.get("service").asText()).isEqualTo("hello");
        assertThat(json.get("image").asText()).isEqualTo("ghcr.io/me/hello:1");
        assertThat(json.get("namespace").asText()).isEqualTo("dev");
        assertThat(json.get("envProcess").asText()).isEqualTo("java -jar f.jar");
        assertThat(json.get("envVars").get("A").asText()).isEqualTo("1");
        assertThat(json.get("constraints").get(0).asText()).isEqualTo("node=a");
        assertThat(json.get("secrets").get(0).asText()).isEqualTo("db-password");
        assertThat(json.get("labels").get("com.openfaas.scale.min").asText()).isEqualTo("2");
        assertThat(json.get("annotations").get("team").asText()).isEqualTo("x");
        assertThat(json.get("limits").get("memory").asText()).isEqualTo("128Mi");
        assertThat(json.get("limits").get("cpu").asText()).isEqualTo("100m");
        assertThat(json.get("requests").get("memory").asText()).isEqualTo("64Mi");
        assertThat(json.get("readOnlyRootFilesystem").asBoolean()).isTrue();
    }

    @Test
    void leaves_out_empty_fields() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(FunctionDeployment.of("hello", "hello:1")));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("service", "image");
    }

    @Test
    void leaves_out_empty_collections_given_explicitly() throws Exception {
        FunctionDeployment deployment = new FunctionDeployment("hello", "hello:1", "", null,
                Map.of(), List.of(), List.of(), Map.of(), Map.of(), null, null, false);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(deployment));

        assertThat(json.has("envVars")).isFalse();
        assertThat(json.has("constraints")).isFalse();
        assertThat(json.has("secrets")).isFalse();
        assertThat(json.has("labels")).isFalse();
        assertThat(json.has("annotations")).isFalse();
        assertThat(json.has("namespace")).isFalse();
        assertThat(json.has("requests")).isFalse();
        assertThat(json.has("limits")).isFalse();
        assertThat(json.has("readOnlyRootFilesystem")).isFalse();
    }

    @Test
    void reads_a_full_deployment() throws Exception {
        String body = """
                {"service":"hello","image":"hello:1","namespace":"dev","envProcess":"run",
                 "envVars":{"A":"1"},"constraints":["node=a"],"secrets":["s1","s2"],
                 "labels":{"l":"v"},"annotations":{"a":"b"},
                 "limits":{"memory":"128Mi","cpu":"100m"},"requests":{"memory":"64Mi"},
                 "readOnlyRootFilesystem":true}
                """;

        FunctionDeployment deployment = mapper.readValue(body, FunctionDeployment.class);

        assertThat(deployment.service()).isEqualTo("hello");
        assertThat(deployment.image()).isEqualTo("hello:1");
        assertThat(deployment.namespace()).isEqualTo("dev");
        assertThat(deployment.envProcess()).isEqualTo("run");
        assertThat(deployment.envVars()).containsExactly(Map.entry("A", "1"));
        assertThat(deployment.constraints()).containsExactly("node=a");
        assertThat(deployment.secrets()).containsExactly("s1", "s2");
        assertThat(deployment.labels()).containsExactly(Map.entry("l", "v"));
        assertThat(deployment.annotations()).containsExactly(Map.entry("a", "b"));
        assertThat(deployment.limits()).isEqualTo(new FunctionResources("128Mi", "100m"));
        assertThat(deployment.requests()).isEqualTo(new FunctionResources("64Mi", null));
        assertThat(deployment.readOnlyRootFilesystem()).isTrue();
    }

    @Test
    void tolerates_deprecated_registry_auth_and_network_fields() throws Exception {
        String body = """
                {"service":"hello","image":"hello:1","registryAuth":"dXNlcjpwYXNz","network":"func_functions"}
                """;

        FunctionDeployment deployment = mapper.readValue(body, FunctionDeployment.class);

        assertThat(deployment.service()).isEqualTo("hello");
        assertThat(deployment.image()).isEqualTo("hello:1");
    }

    @Test
    void tolerates_unknown_fields_even_with_a_mapper_that_fails_on_them() throws Exception {
        JsonMapper strict = JsonMapper.builder().build();

        FunctionDeployment deployment = strict.readValue(
                "{\"service\":\"hello\",\"image\":\"hello:1\",\"registryAuth\":\"x\",\"network\":\"n\"}",
                FunctionDeployment.class);

        assertThat(deployment.service()).isEqualTo("hello");
    }

    @Test
    void reads_absent_collections_as_empty_not_null() throws Exception {
        FunctionDeployment deployment = mapper.readValue("{\"service\":\"hello\",\"image\":\"hello:1\"}",
                FunctionDeployment.class);

        assertThat(deployment.envVars()).isEmpty();
        assertThat(deployment.constraints()).isEmpty();
        assertThat(deployment.secrets()).isEmpty();
        assertThat(deployment.labels()).isEmpty();
        assertThat(deployment.annotations()).isEmpty();
        assertThat(deployment.readOnlyRootFilesystem()).isFalse();
        assertThat(deployment.namespace()).isNull();
    }

    @Test
    void round_trips_through_json() throws Exception {
        FunctionDeployment deployment = new FunctionDeployment("hello", "hello:1", "dev", "run",
                Map.of("A", "1"), List.of("c"), List.of("s"), Map.of("l", "v"), Map.of("a", "b"),
                new FunctionResources("1Gi", "1"), null, true);

        FunctionDeployment read = mapper.readValue(mapper.writeValueAsString(deployment), FunctionDeployment.class);

        assertThat(read).isEqualTo(deployment);
    }

    @Test
    void copies_collections_so_later_changes_do_not_leak_in() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("A", "1"));
        FunctionDeployment deployment = new FunctionDeployment("hello", "hello:1", null, null, env,
                null, null, null, null, null, null, false);

        env.put("B", "2");

        assertThat(deployment.envVars()).containsOnlyKeys("A");
    }

    @Test
    void with_namespace_and_with_labels_change_only_that_field() {
        FunctionDeployment original = new FunctionDeployment("hello", "hello:1", null, "run",
                Map.of("A", "1"), null, List.of("s"), Map.of("old", "1"), null, null, null, true);

        FunctionDeployment moved = original.withNamespace("dev");
        FunctionDeployment relabelled = original.withLabels(Map.of("new", "2"));

        assertThat(moved.namespace()).isEqualTo("dev");
        assertThat(moved.withNamespace(null)).isEqualTo(original);
        assertThat(relabelled.labels()).containsExactly(Map.entry("new", "2"));
        assertThat(relabelled.withLabels(Map.of("old", "1"))).isEqualTo(original);
        assertThat(original.namespace()).isNull();
        assertThat(original.labels()).containsExactly(Map.entry("old", "1"));
    }
}
