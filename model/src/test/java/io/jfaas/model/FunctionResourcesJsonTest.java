package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionResourcesJsonTest {

    private final JsonMapper mapper = Json.newMapper();

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void writes_only_the_openfaas_fields_memory_and_cpu() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(new FunctionResources("128Mi", "100m")));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("memory", "cpu");
    }

    @Test
    void leaves_out_an_unset_quantity() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(new FunctionResources(null, "100m")));

        assertThat(json.has("memory")).isFalse();
        assertThat(json.get("cpu").asText()).isEqualTo("100m");
    }

    @Test
    void reads_memory_and_cpu() throws Exception {
        FunctionResources read = mapper.readValue("{\"memory\":\"128Mi\",\"cpu\":\"100m\",\"gpu\":\"1\"}",
                FunctionResources.class);

        assertThat(read).isEqualTo(new FunctionResources("128Mi", "100m"));
    }

    @Test
    void is_unset_only_without_memory_and_cpu() {
        assertThat(new FunctionResources(null, null).isUnset()).isTrue();
        assertThat(new FunctionResources(" ", "").isUnset()).isTrue();
        assertThat(new FunctionResources("128Mi", null).isUnset()).isFalse();
        assertThat(new FunctionResources(null, "1").isUnset()).isFalse();
    }
}
