package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretJsonTest {

    private final JsonMapper mapper = Json.newMapper();

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void writes_raw_value_as_base64() throws Exception {
        byte[] raw = {0, 1, 2, (byte) 0xff, 'a'};

        JsonNode json = mapper.readTree(mapper.writeValueAsString(new Secret("key", null, null, raw)));

        assertThat(json.get("rawValue").isTextual()).isTrue();
        assertThat(Base64.getDecoder().decode(json.get("rawValue").asText())).containsExactly(raw);
    }

    @Test
    void reads_raw_value_from_base64() throws Exception {
        String encoded = Base64.getEncoder().encodeToString("s3cr3t\n".getBytes(StandardCharsets.UTF_8));

        Secret secret = mapper.readValue("{\"name\":\"key\",\"rawValue\":\"" + encoded + "\"}", Secret.class);

        assertThat(secret.rawValue()).isEqualTo("s3cr3t\n".getBytes(StandardCharsets.UTF_8));
        assertThat(secret.value()).isNull();
    }

    @Test
    void leaves_out_empty_fields_but_always_writes_the_name() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(new Secret(null, "", "", new byte[0])));

        assertThat(fieldNames(json)).containsExactly("name");
        assertThat(json.get("name").isNull()).isTrue();
    }

    @Test
    void writes_name_namespace_and_value() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(new Secret("key", "dev", "text", null)));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("name", "namespace", "value");
        assertThat(json.get("name").asText()).isEqualTo("key");
        assertThat(json.get("namespace").asText()).isEqualTo("dev");
        assertThat(json.get("value").asText()).isEqualTo("text");
    }
}
