package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small request bodies: DELETE /system/functions and POST /system/scale-function/{name}. */
class RequestBodiesJsonTest {

    private final JsonMapper mapper = Json.newMapper();

    private JsonNode write(Object value) throws Exception {
        return mapper.readTree(mapper.writeValueAsString(value));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void delete_request_uses_function_name_and_namespace() throws Exception {
        JsonNode json = write(new DeleteFunctionRequest("hello", "dev"));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("functionName", "namespace");
        assertThat(json.get("functionName").asText()).isEqualTo("hello");
        assertThat(json.get("namespace").asText()).isEqualTo("dev");
    }

    @Test
    void delete_request_leaves_out_a_missing_or_empty_namespace() throws Exception {
        assertThat(fieldNames(write(new DeleteFunctionRequest("hello", null)))).containsExactly("functionName");
        assertThat(fieldNames(write(new DeleteFunctionRequest("hello", "")))).containsExactly("functionName");
    }

    @Test
    void delete_request_is_read_with_unknown_fields() throws Exception {
        DeleteFunctionRequest read = mapper.readValue("{\"functionName\":\"hello\",\"extra\":1}",
                DeleteFunctionRequest.class);

        assertThat(read).isEqualTo(new DeleteFunctionRequest("hello", null));
    }

    @Test
    void scale_request_uses_service_name_replicas_and_namespace() throws Exception {
        JsonNode json = write(new ScaleServiceRequest("hello", 3, "dev"));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("serviceName", "replicas", "namespace");
        assertThat(json.get("serviceName").asText()).isEqualTo("hello");
        assertThat(json.get("replicas").asLong()).isEqualTo(3);
        assertThat(json.get("namespace").asText()).isEqualTo("dev");
    }

    @Test
    void scale_request_writes_zero_replicas_because_scaling_to_zero_is_allowed() throws Exception {
        JsonNode json = write(new ScaleServiceRequest("hello", 0, null));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("serviceName", "replicas");
        assertThat(json.get("replicas").isNumber()).isTrue();
        assertThat(json.get("replicas").asLong()).isZero();
    }

    @Test
    void scale_request_is_read_back() throws Exception {
        ScaleServiceRequest read = mapper.readValue(
                "{\"serviceName\":\"hello\",\"replicas\":5,\"namespace\":\"dev\",\"unknown\":true}",
                ScaleServiceRequest.class);

        assertThat(read).isEqualTo(new ScaleServiceRequest("hello", 5, "dev"));
    }
}
