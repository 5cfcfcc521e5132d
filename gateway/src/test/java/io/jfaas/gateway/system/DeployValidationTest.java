package io.jfaas.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.testing.TestGateway;
import io.jfaas.model.FunctionRef;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every field of a deploy is checked before 202: each bad one is a 400 naming it, and nothing is deployed. */
class DeployValidationTest {

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

    @Test
    void a_secret_reference_that_is_a_path_is_refused() throws Exception {
        assertRefused("{\"service\":\"f1\",\"image\":\"x:1\",\"secrets\":[\"../basic-auth-password\"]}", "f1",
                "secrets[0]: \"../basic-auth-password\" is not a secret name");
        assertRefused("{\"service\":\"f2\",\"image\":\"x:1\",\"secrets\":[\"/etc/shadow\"]}", "f2",
                "secrets[0]");
    }

    @Test
    void environment_variables_a_process_cannot_be_started_with_are_refused() throws Exception {
        assertRefused("{\"service\":\"e1\",\"image\":\"x:1\",\"envVars\":{\"A=B\":\"1\"}}", "e1",
                "envVars: \"A=B\" is not a variable name");
        assertRefused("{\"service\":\"e2\",\"image\":\"x:1\",\"envVars\":{\"A\":\"x\\u0000y\"}}", "e2",
                "envVars.A: the value contains a NUL character");
        assertRefused("{\"service\":\"e3\",\"image\":\"x:1\",\"envVars\":{\"\":\"1\"}}", "e3",
                "envVars: \"\" is not a variable name");
        assertRefused("{\"service\":\"e4\",\"image\":\"x:1\",\"envVars\":{\"BIG\":\"" + "v".repeat(70_000) + "\"}}",
                "e4", "envVars.BIG: longer than 65536 characters");
    }

    @Test
    void a_null_anywhere_inside_is_refused_naming_where() throws Exception {
        assertRefused("{\"service\":\"n1\",\"image\":\"x:1\",\"envVars\":{\"A\":null}}", "n1",
                "envVars.A: must not be null");
        assertRefused("{\"service\":\"n2\",\"image\":\"x:1\",\"secrets\":[null]}", "n2",
                "secrets[0]: must not be null");
        assertRefused("{\"service\":\"n3\",\"image\":\"x:1\",\"limits\":{\"memory\":null}}", "n3",
                "limits.memory: must not be null");
        assertRefused("{\"service\":\"n4\",\"image\":null}", "n4", "image: is required");
    }

    @Test
    void quantities_and_types_are_what_the_reference_says() throws Exception {
        assertRefused("{\"service\":\"q1\",\"image\":\"x:1\",\"limits\":{\"memory\":\"lots\"}}", "q1", "limits.memory:");
        assertRefused("{\"service\":\"q2\",\"image\":\"x:1\",\"limits\":{\"memory\":\"-1Mi\"}}", "q2",
                "must not be negative");
        assertRefused("{\"service\":\"q3\",\"image\":\"x:1\",\"envVars\":[\"A=1\"]}", "q3", "envVars");
        assertRefused("{\"service\":\"q4\",\"image\":\"x:1\",\"labels\":{\"com.openfaas.scale.min\":\"-2\"}}", "q4",
                "com.openfaas.scale.min");
    }

    @Test
    void a_scale_without_a_whole_replica_count_from_zero_is_refused() throws Exception {
        gateway.deploy("scaled");
        for (String body : new String[] {"{\"serviceName\":\"scaled\",\"replicas\":null}",
                "{\"serviceName\":\"scaled\"}", "{\"serviceName\":\"scaled\",\"replicas\":-1}",
                "{\"serviceName\":\"scaled\",\"replicas\":1.5}"}) {
            HttpResponse<String> response = gateway.send("POST", "/system/scale-function/scaled", body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.body()).as(body).contains("replicas:");
        }
        assertThat(gateway.provider().scaledTo(new FunctionRef("scaled", "openfaas-fn"))).isEmpty();
    }

    @Test
    void a_valid_deployment_is_accepted() throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/system/functions", "{\"service\":\"fine\","
                + "\"image\":\"x:1\",\"envVars\":{\"GREETING\":\"hi there\"},\"secrets\":[\"api-key.v2\"],"
                + "\"limits\":{\"memory\":\"128Mi\"}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static void assertRefused(String body, String name, String problem) throws Exception {
        HttpResponse<String> response = gateway.send("POST", "/system/functions", body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(response.body()).as(body).contains(problem);
        assertThat(gateway.provider().deployed(new FunctionRef(name, "openfaas-fn"))).isEmpty();
    }
}
