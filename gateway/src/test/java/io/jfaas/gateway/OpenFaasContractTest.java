package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.testing.TestGateway;
import io.jfaas.model.LogMessage;
import io.jfaas.testing.Checkout;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The requests faas-cli and the OpenFaaS Go SDK send, byte for byte as they send them, and the
 * answers compared as JSON trees: every field present with its value, and nothing else.
 */
class OpenFaasContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path state;

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(state, Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** faas-cli deploy's body: PUT first, POST when the PUT is 404. */
    private static final String CLI_DEPLOY = """
            {"service":"contract","image":"ghcr.io/acme/contract:0.1","namespace":"openfaas-fn",
             "envProcess":"java -jar app.jar","envVars":{"write_debug":"true"},
             "constraints":["node.platform.os == linux"],"secrets":["api-key"],
             "labels":{"com.openfaas.scale.min":"1","team":"blue"},"annotations":{"topic":"orders"},
             "limits":{"memory":"128Mi","cpu":"0.5"},"requests":{"memory":"64Mi"},
             "readOnlyRootFilesystem":true,"registryAuth":"","network":""}""";

    @Test
    void faas_cli_deploy_put_then_post_then_describe_round_trips_every_field() throws Exception {
        HttpResponse<String> put = gateway.send("PUT", "/system/functions", CLI_DEPLOY);
        HttpResponse<String> post = gateway.send("POST", "/system/functions", CLI_DEPLOY);
        HttpResponse<String> described = gateway.send("GET", "/system/function/contract?namespace=openfaas-fn", null);

        assertThat(put.statusCode()).isEqualTo(404);
        assertThat(post.statusCode()).isEqualTo(202);
        assertThat(post.body()).isEmpty();
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(described.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(described.body())).isEqualTo(JSON.readTree("""
                {"name":"contract","image":"ghcr.io/acme/contract:0.1","namespace":"openfaas-fn",
                 "envProcess":"java -jar app.jar","envVars":{"write_debug":"true"},
                 "constraints":["node.platform.os == linux"],"secrets":["api-key"],
                 "labels":{"com.openfaas.scale.min":"1","team":"blue","faas_function":"contract"},
                 "annotations":{"topic":"orders"},
                 "limits":{"memory":"128Mi","cpu":"500m"},"requests":{"memory":"64Mi"},
                 "readOnlyRootFilesystem":true,"replicas":1,"availableReplicas":1,
                 "createdAt":"2026-01-02T03:04:05Z"}"""));
    }

    @Test
    void a_limit_that_is_not_a_quantity_is_400_naming_the_field() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/system/functions",
                "{\"service\":\"greedy\",\"image\":\"g:1\",\"limits\":{\"memory\":\"lots\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("validation failed: limits.memory: invalid quantity \"lots\"");
    }

    @Test
    void a_minimal_function_lists_with_only_name_image_namespace_labels_annotations_replicas_and_created_at() throws Exception {
        gateway.send("POST", "/system/functions", "{\"service\":\"bare\",\"image\":\"bare:1\"}");

        HttpResponse<String> list = gateway.send("GET", "/system/functions?namespace=openfaas-fn", null);

        JsonNode bare = null;
        for (JsonNode function : JSON.readTree(list.body())) {
            if (function.get("name").asText().equals("bare")) {
                bare = function;
            }
        }
        assertThat(bare).isEqualTo(JSON.readTree("""
                {"name":"bare","image":"bare:1","namespace":"openfaas-fn","labels":{"faas_function":"bare"},
                 "annotations":{},"replicas":1,"availableReplicas":1,"createdAt":"2026-01-02T03:04:05Z"}"""));
    }

    @Test
    void go_sdk_scale_and_delete_bodies_are_accepted() throws Exception {
        gateway.send("POST", "/system/functions", "{\"service\":\"sdk\",\"image\":\"sdk:1\"}");

        HttpResponse<String> scaled = gateway.send("POST", "/system/scale-function/sdk",
                "{\"serviceName\":\"sdk\",\"namespace\":\"openfaas-fn\",\"replicas\":0}");
        HttpResponse<String> deleted = gateway.send("DELETE", "/system/functions",
                "{\"functionName\":\"sdk\",\"namespace\":\"openfaas-fn\"}");
        HttpResponse<String> again = gateway.send("DELETE", "/system/functions",
                "{\"functionName\":\"sdk\",\"namespace\":\"openfaas-fn\"}");

        assertThat(scaled.statusCode()).isEqualTo(202);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(again.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(again.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(again.body()).endsWith("\n");
    }

    @Test
    void faas_cli_secret_bodies_create_replace_list_and_remove() throws Exception {
        HttpResponse<String> created = gateway.send("POST", "/system/secrets",
                "{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\",\"value\":\"hunter2\"}");
        HttpResponse<String> conflict = gateway.send("POST", "/system/secrets",
                "{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\",\"value\":\"hunter3\"}");
        HttpResponse<String> replaced = gateway.send("PUT", "/system/secrets",
                "{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\",\"rawValue\":\"aHVudGVyMw==\"}");
        HttpResponse<String> listed = gateway.send("GET", "/system/secrets?namespace=openfaas-fn", null);
        HttpResponse<String> removed = gateway.send("DELETE", "/system/secrets",
                "{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\"}");

        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(replaced.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(listed.body()))
                .isEqualTo(JSON.readTree("[{\"name\":\"db-password\",\"namespace\":\"openfaas-fn\"}]"));
        assertThat(removed.statusCode()).isEqualTo(202);
    }

    @Test
    void info_has_the_fields_faas_cli_version_reads() throws Exception {
        JsonNode info = JSON.readTree(gateway.send("GET", "/system/info", null).body());

        assertThat(info.at("/provider/provider").asText()).isEqualTo("fake");
        assertThat(info.at("/provider/orchestration").asText()).isEqualTo("memory");
        assertThat(info.at("/provider/version/release").asText()).isEqualTo("1.2.3");
        assertThat(info.at("/provider/version/sha").asText()).isEqualTo("abc");
        assertThat(info.at("/version/release").isTextual()).isTrue();
        assertThat(info.at("/version/sha").asText()).as("the commit this checkout builds")
                .isEqualTo(Checkout.commit());
        assertThat(info.at("/version/commit_message").isTextual()).isTrue();
        assertThat(info.get("arch").asText()).isNotBlank();
    }

    @Test
    void logs_lines_have_the_fields_of_openfaas_log_messages() throws Exception {
        gateway.send("POST", "/system/functions", "{\"service\":\"logged\",\"image\":\"logged:1\"}");
        gateway.provider().printLog(new LogMessage("logged", "openfaas-fn", "logged-abc", Instant.parse(
                "2026-01-02T03:04:05.123Z"), "started\n"));

        HttpResponse<String> logs = gateway.send("GET",
                "/system/logs?name=logged&namespace=openfaas-fn&follow=false&tail=100", null);

        assertThat(JSON.readTree(logs.body())).isEqualTo(JSON.readTree("""
                {"name":"logged","namespace":"openfaas-fn","instance":"logged-abc",
                 "timestamp":"2026-01-02T03:04:05.123Z","text":"started\\n"}"""));
    }

    @Test
    void system_routes_with_a_wrong_method_are_405_and_unknown_paths_404_in_plain_text() throws Exception {
        HttpResponse<String> wrongMethod = gateway.send("PATCH", "/system/functions", "{}");
        HttpResponse<String> unknown = gateway.send("GET", "/system/nothing-here", null);

        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("404 page not found\n");
    }

    @Test
    void an_invocation_answer_carries_the_call_id_start_time_and_served_by_headers() throws Exception {
        gateway.send("POST", "/system/functions", "{\"service\":\"headers\",\"image\":\"h:1\"}");

        HttpResponse<String> answer = gateway.send("POST", "/function/headers.openfaas-fn", "x");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("X-Call-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(answer.headers().firstValue("X-Start-Time")).hasValueSatisfying(t -> assertThat(t).matches("\\d{19}"));
        assertThat(answer.headers().firstValue("X-Served-By")).hasValueSatisfying(by -> assertThat(by)
                .startsWith("jfaas/"));
    }
}
