package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /system/info: GatewayInfo, ProviderInfo and VersionInfo. */
class GatewayInfoJsonTest {

    private final JsonMapper mapper = Json.newMapper();

    private static List<String> fieldNames(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).toList();
    }

    @Test
    void writes_the_openfaas_shape() throws Exception {
        GatewayInfo info = new GatewayInfo(
                new ProviderInfo("jfaas", "local", new VersionInfo(null, "abc123", "0.1.0")),
                new VersionInfo("fix things", "def456", "0.2.0"),
                "amd64");

        JsonNode json = mapper.readTree(mapper.writeValueAsString(info));

        assertThat(fieldNames(json)).containsExactlyInAnyOrder("provider", "version", "arch");
        assertThat(json.get("arch").asText()).isEqualTo("amd64");
        JsonNode provider = json.get("provider");
        assertThat(fieldNames(provider)).containsExactlyInAnyOrder("provider", "orchestration", "version");
        assertThat(provider.get("provider").asText()).isEqualTo("jfaas");
        assertThat(provider.get("orchestration").asText()).isEqualTo("local");
        assertThat(provider.get("version").get("sha").asText()).isEqualTo("abc123");
        assertThat(provider.get("version").get("release").asText()).isEqualTo("0.1.0");
        JsonNode version = json.get("version");
        assertThat(fieldNames(version)).containsExactlyInAnyOrder("commit_message", "sha", "release");
        assertThat(version.get("commit_message").asText()).isEqualTo("fix things");
    }

    @Test
    void version_names_the_commit_message_with_an_underscore() throws Exception {
        JsonNode json = mapper.readTree(mapper.writeValueAsString(new VersionInfo("msg", "s", "r")));

        assertThat(json.has("commit_message")).isTrue();
        assertThat(json.has("commitMessage")).isFalse();
    }

    @Test
    void version_leaves_out_an_empty_commit_message_but_keeps_sha_and_release() throws Exception {
        assertThat(fieldNames(mapper.readTree(mapper.writeValueAsString(new VersionInfo(null, "s", "r")))))
                .containsExactlyInAnyOrder("sha", "release");
        assertThat(fieldNames(mapper.readTree(mapper.writeValueAsString(new VersionInfo("", null, null)))))
                .containsExactlyInAnyOrder("sha", "release");
    }

    @Test
    void reads_commit_message_from_its_openfaas_name() throws Exception {
        VersionInfo version = mapper.readValue("{\"commit_message\":\"msg\",\"sha\":\"s\",\"release\":\"r\"}",
                VersionInfo.class);

        assertThat(version).isEqualTo(new VersionInfo("msg", "s", "r"));
    }

    @Test
    void reads_an_openfaas_info_body_with_unknown_fields() throws Exception {
        String body = """
                {"provider":{"provider":"faas-netes","orchestration":"kubernetes",
                             "version":{"sha":"s1","release":"r1","extra":1}},
                 "version":{"commit_message":"m","sha":"s2","release":"r2"},
                 "arch":"arm64","other":"x"}
                """;

        GatewayInfo info = mapper.readValue(body, GatewayInfo.class);

        assertThat(info).isEqualTo(new GatewayInfo(
                new ProviderInfo("faas-netes", "kubernetes", new VersionInfo(null, "s1", "r1")),
                new VersionInfo("m", "s2", "r2"),
                "arm64"));
    }
}
