package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionStatusJsonTest {

    private static final Instant CREATED = Instant.parse("2024-05-06T07:08:09.123Z");

    private final JsonMapper mapper = Json.newMapper();

    private static FunctionStatus minimal(String name, String image, Instant createdAt) {
        return new FunctionStatus(name, image, null, null, null, null, null, null, null, null, null,
                false, 0, 0, 0, createdAt);
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void leaves_out_empty_and_zero_fields() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(minimal("hello", "hello:1", CREATED)));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("name", "image", "createdAt", "labels",
                "annotations");
    }

    @Test
    void always_writes_labels_and_annotations_as_objects_because_go_clients_dereference_them() throws Exception {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "", "", Map.of(), List.of(), List.of(),
                Map.of(), Map.of(), null, null, false, 0.0, 0, 0, CREATED);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(status));
        JsonNode fromNulls = mapper.readTree(mapper.writeValueAsString(minimal("hello", "hello:1", CREATED)));

        assertThat(json.get("labels").isObject()).isTrue();
        assertThat(json.get("labels").isEmpty()).isTrue();
        assertThat(json.get("annotations").isObject()).isTrue();
        assertThat(json.get("annotations").isEmpty()).isTrue();
        assertThat(fromNulls.get("labels").isObject()).isTrue();
        assertThat(fromNulls.get("annotations").isObject()).isTrue();
    }

    @Test
    void carries_the_autoscalers_decision_as_jfaas_own_field_and_reads_it_back() throws Exception {
        AutoscalerStatus decision = new AutoscalerStatus(3, 1, "panic", 120.5, "burst: 120.5 rps over 3s needs 3",
                CREATED);
        FunctionStatus status = minimal("hello", "hello:1", CREATED).withAutoscaler(decision);

        String text = mapper.writeValueAsString(status);
        JsonNode json = mapper.readTree(text).get("autoscaler");

        assertThat(fieldNames(json)).containsExactly("desiredReplicas", "replicas", "mode", "load", "reason",
                "decidedAt");
        assertThat(json.get("mode").asText()).isEqualTo("panic");
        assertThat(mapper.readValue(text, FunctionStatus.class).autoscaler()).isEqualTo(decision);
        assertThat(mapper.readValue(text, FunctionStatus.class).withInvocationCount(2).autoscaler())
                .isEqualTo(decision);
    }

    @Test
    void leaves_out_explicitly_empty_collections() throws Exception {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "", "", Map.of(), List.of(), List.of(),
                Map.of(), Map.of(), null, null, false, 0.0, 0, 0, CREATED);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(status));

        assertThat(json.has("envVars")).isFalse();
        assertThat(json.has("constraints")).isFalse();
        assertThat(json.has("requests")).isFalse();
        assertThat(json.has("readOnlyRootFilesystem")).isFalse();
        assertThat(json.has("replicas")).isFalse();
        assertThat(json.has("availableReplicas")).isFalse();
        assertThat(json.has("invocationCount")).isFalse();
        assertThat(json.has("namespace")).isFalse();
        assertThat(json.has("envProcess")).isFalse();
    }

    @Test
    void always_writes_name_image_and_created_at_even_when_null() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(minimal(null, null, null)));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("name", "image", "createdAt", "labels",
                "annotations");
        assertThat(json.get("name").isNull()).isTrue();
        assertThat(json.get("image").isNull()).isTrue();
        assertThat(json.get("createdAt").isNull()).isTrue();
    }

    @Test
    void always_writes_name_and_image_even_when_empty() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(minimal("", "", CREATED)));

        assertThat(json.get("name").asText()).isEmpty();
        assertThat(json.get("image").asText()).isEmpty();
    }

    @Test
    void writes_every_set_field_under_its_openfaas_name() throws Exception {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "openfaas-fn", "run",
                Map.of("A", "1"), List.of("node=a"), List.of("s"), Map.of("l", "v"), Map.of("a", "b"),
                new FunctionResources("128Mi", null), new FunctionResources(null, "50m"), true,
                7, 3, 2, CREATED);

        JsonNode json = mapper.readTree(mapper.writeValueAsString(status));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("name", "image", "namespace", "envProcess",
                "envVars", "constraints", "secrets", "labels", "annotations", "limits", "requests",
                "readOnlyRootFilesystem", "invocationCount", "replicas", "availableReplicas", "createdAt");
        assertThat(json.get("invocationCount").asDouble()).isEqualTo(7.0);
        assertThat(json.get("replicas").asLong()).isEqualTo(3);
        assertThat(json.get("availableReplicas").asLong()).isEqualTo(2);
        assertThat(json.get("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(json.get("limits").get("memory").asText()).isEqualTo("128Mi");
        assertThat(json.get("requests").get("cpu").asText()).isEqualTo("50m");
    }

    @Test
    void writes_created_at_as_an_rfc_3339_string() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(minimal("hello", "hello:1", CREATED)));

        JsonNode createdAt = json.get("createdAt");
        assertThat(createdAt.isTextual()).isTrue();
        assertThat(createdAt.asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");
        assertThat(OffsetDateTime.parse(createdAt.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant())
                .isEqualTo(CREATED);
    }

    @Test
    void reads_created_at_back() throws Exception {
        FunctionStatus read = mapper.readValue(mapper.writeValueAsString(minimal("hello", "hello:1", CREATED)),
                FunctionStatus.class);

        assertThat(read.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void reads_created_at_with_a_utc_offset_as_go_writes_it() throws Exception {
        FunctionStatus read = mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":\"2024-05-06T09:08:09.123+02:00\"}",
                FunctionStatus.class);

        assertThat(read.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void reads_created_at_given_as_epoch_seconds() throws Exception {
        FunctionStatus read = mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":1714979289.123}", FunctionStatus.class);
        FunctionStatus whole = mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":1714979289}", FunctionStatus.class);

        assertThat(read.createdAt()).isEqualTo(CREATED);
        assertThat(whole.createdAt()).isEqualTo(Instant.parse("2024-05-06T07:08:09Z"));
    }

    @Test
    void refuses_epoch_seconds_out_of_range_at_once_however_large_the_exponent() {
        for (String seconds : List.of("1e1000000000", "-1e1000000000", "99999999999999999999", "1e17")) {
            String json = "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":" + seconds + "}";
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> mapper.readValue(json,
                    FunctionStatus.class)).as(seconds).isInstanceOf(JsonMappingException.class)
                    .hasMessageContaining("out of range"));
        }
        String tiny = "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":1e-1000000000}";
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(mapper.readValue(tiny,
                FunctionStatus.class).createdAt()).as("less than a nanosecond").isEqualTo(Instant.EPOCH));
    }

    @Test
    void writes_created_at_as_rfc_3339_in_utc() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(minimal("hello", "hello:1",
                Instant.parse("2024-05-06T07:08:09.120Z"))));

        assertThat(json.get("createdAt").asText()).isEqualTo("2024-05-06T07:08:09.120Z");
    }

    @Test
    void refuses_a_created_at_that_is_not_an_rfc_3339_time_and_reads_an_empty_one_as_none() throws Exception {
        assertThatThrownBy(() -> mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":\"yesterday\"}", FunctionStatus.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("yesterday")
                .hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":[2024]}", FunctionStatus.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("Instant");

        FunctionStatus read = mapper.readValue("{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":\"\"}",
                FunctionStatus.class);
        assertThat(read.createdAt()).isNull();
    }

    @Test
    void round_trips_a_full_status() throws Exception {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "openfaas-fn", "run",
                Map.of("A", "1"), List.of("node=a"), List.of("s"), Map.of("l", "v"), Map.of("a", "b"),
                new FunctionResources("128Mi", "1"), null, true, 12.5, 3, 2,
                Instant.parse("2024-05-06T07:08:09.123456789Z"));

        FunctionStatus read = mapper.readValue(mapper.writeValueAsString(status), FunctionStatus.class);

        assertThat(read).isEqualTo(status);
    }

    @Test
    void tolerates_unknown_fields() throws Exception {
        FunctionStatus read = mapper.readValue(
                "{\"name\":\"hello\",\"image\":\"hello:1\",\"createdAt\":null,\"usage\":{\"cpu\":1}}",
                FunctionStatus.class);

        assertThat(read.name()).isEqualTo("hello");
        assertThat(read.createdAt()).isNull();
    }

    @Test
    void with_invocation_count_changes_only_the_count() {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "openfaas-fn", null, Map.of("A", "1"),
                null, null, null, null, null, null, false, 0, 1, 1, CREATED);

        FunctionStatus counted = status.withInvocationCount(42);

        assertThat(counted.invocationCount()).isEqualTo(42.0);
        assertThat(status.invocationCount()).isZero();
        assertThat(counted.withInvocationCount(0)).isEqualTo(status);
    }

    @Test
    void replica_health_is_written_only_when_known_and_survives_the_other_withs() throws Exception {
        FunctionStatus status = new FunctionStatus("hello", "hello:1", "openfaas-fn", null, null,
                null, null, null, null, null, null, false, 0, 1, 0, CREATED);
        FunctionStatus sick = status.withHealth(new ReplicaHealth("crash-looping", 3, "exited with code 1",
                CREATED)).withInvocationCount(2);

        assertThat(mapper.writeValueAsString(status)).doesNotContain("health");
        assertThat(mapper.writeValueAsString(sick)).contains("\"health\":{\"state\":\"crash-looping\","
                + "\"restarts\":3,\"lastError\":\"exited with code 1\",\"lastErrorAt\":");
        assertThat(mapper.readValue(mapper.writeValueAsString(sick), FunctionStatus.class).health())
                .isEqualTo(sick.health());
    }
}
