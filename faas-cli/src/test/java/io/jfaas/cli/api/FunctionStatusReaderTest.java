package io.jfaas.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Json;
import io.jfaas.model.ReplicaHealth;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's reader of function statuses reads what the model's data binding reads. */
class FunctionStatusReaderTest {

    private static final ObjectMapper BINDING = Json.newMapper();

    private static final FunctionStatus FULL = new FunctionStatus("hello", "hello:1", "openfaas-fn", "java Main",
            Map.of("A", "1", "B", "two"), List.of("node=a"), List.of("s1", "s2"), Map.of("team", "x"),
            Map.of("topic", "orders", "com.openfaas.scale.min", "1"), new FunctionResources("128Mi", "500m"),
            new FunctionResources("64Mi", "100m"), true, 42.5, 3, 2, Instant.parse("2026-01-02T03:04:05.123456789Z"),
            new AutoscalerStatus(4, 3, "rps", 12.5, "load above target", Instant.parse("2026-01-02T03:05:00Z")),
            new ReplicaHealth("crashing", 2, "exit 1", Instant.parse("2026-01-02T03:06:00.5Z")));

    @Test
    void every_field_of_a_full_status_reads_as_the_data_binding_reads_it() throws Exception {
        // a field added to the model and missed here leaves its default in FULL and fails this check
        for (RecordComponent component : FunctionStatus.class.getRecordComponents()) {
            Object value = component.getAccessor().invoke(FULL);
            assertThat(value).as(component.getName()).isNotNull().isNotIn(0, 0L, 0.0, false, Map.of(), List.of());
        }
        byte[] json = BINDING.writeValueAsBytes(List.of(FULL, FULL.withInvocationCount(7)));

        assertThat(FunctionStatusReader.list(json))
                .isEqualTo(BINDING.readValue(json, new TypeReference<List<FunctionStatus>>() { }))
                .containsExactly(FULL, FULL.withInvocationCount(7));
        byte[] one = BINDING.writeValueAsBytes(FULL);
        assertThat(FunctionStatusReader.one(one)).isEqualTo(BINDING.readValue(one, FunctionStatus.class))
                .isEqualTo(FULL);
    }

    @Test
    void coercions_nulls_unknown_fields_and_times_read_as_the_data_binding_reads_them() throws Exception {
        String json = """
                [{"name":"a","image":7,"namespace":null,"replicas":"2","availableReplicas":1.0,
                  "invocationCount":"12","readOnlyRootFilesystem":"true","labels":{"n":5,"b":true},
                  "annotations":null,"secrets":["x",1],"limits":{"memory":"1Gi","extra":[1,{"a":2}]},
                  "createdAt":"2026-01-02T05:04:05+02:00","unknown":{"deep":[1,2,{"x":null}]},
                  "autoscaler":{"desiredReplicas":"3","decidedAt":1767323045.5},
                  "health":{"state":"ok","lastErrorAt":""}},
                 {"name":"b","image":"b:1","createdAt":null,"envVars":{}}]
                """;
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        List<FunctionStatus> read = FunctionStatusReader.list(bytes);

        assertThat(read).isEqualTo(BINDING.readValue(bytes, new TypeReference<List<FunctionStatus>>() { }));
        assertThat(read.get(0).image()).isEqualTo("7");
        assertThat(read.get(0).replicas()).isEqualTo(2);
        assertThat(read.get(0).createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(read.get(0).autoscaler().decidedAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.5Z"));
        assertThat(read.get(1).labels()).isEmpty();
    }

    @Test
    void an_empty_list_and_null_read_as_nothing() throws Exception {
        assertThat(FunctionStatusReader.list("[]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(FunctionStatusReader.list("null".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(FunctionStatusReader.one("null".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void what_is_not_a_function_list_is_an_error_that_says_what_was_found() {
        assertThatThrownBy(() -> FunctionStatusReader.list(new byte[0])).isInstanceOf(IOException.class)
                .hasMessageContaining("expected an array, found the end of the answer");
        assertThatThrownBy(() -> FunctionStatusReader.list("{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("expected an array");
        assertThatThrownBy(() -> FunctionStatusReader.list("[{\"replicas\":\"many\"}]".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessageContaining("expected a number at replicas");
        assertThatThrownBy(() -> FunctionStatusReader.list("[{\"name\":\"a\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class);
    }
}
