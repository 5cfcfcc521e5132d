package io.jfaas.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.jfaas.model.Names;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The OpenFaaS provider contract as HTTP requests and the exact answers every jfaas provider gives: the gateway in
 * local mode, the operator's provider API (Kubernetes) and the gateway in front of it. Each implementation's test
 * extends this class and says where it listens; the same request must get the same status code and body from all.
 * Bodies of refusals are what {@link DeploymentRules} and {@link RequestBodies} say, plus the newline of a plain-text
 * error.
 */
public abstract class ProviderContract {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = Json.newMapper();
    /** Every implementation's default namespace. */
    protected static final String NAMESPACE = "openfaas-fn";

    /** The provider's base URL, e.g. {@code http://127.0.0.1:PORT}. */
    protected abstract URI base();

    /** The basic-auth user every implementation under test is given. */
    protected static final String USER = "admin";
    /** ... and its password. */
    protected static final String PASSWORD = "s3cret";

    /** An image the provider can deploy (the local provider runs only images in its store). */
    protected abstract String image();

    /**
     * Waits until a function just created is reported, as a caller that polls would: the operator's provider API reads
     * from its informers' cache, which has it once the watch event arrived.
     */
    private void awaitDeployed(String name) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> send("GET", "/system/function/" + name, null).statusCode() == 200);
    }

    protected HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (auth) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, true);
    }

    private static void assertAnswer(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as("status of %s %s (body %s)", response.request().method(),
                response.request().uri().getPath(), response.body()).isEqualTo(status);
        assertThat(response.body()).as("body of %s %s", response.request().method(),
                response.request().uri().getPath()).isEqualTo(body);
    }

    private static String refusal(FunctionDeployment deployment) {
        return "validation failed: " + DeploymentRules.problem(deployment).orElseThrow() + "\n";
    }

    private static String unreadable(String body) {
        try {
            RequestBodies.read(body.getBytes(StandardCharsets.UTF_8), JSON, FunctionDeployment.class,
                    RequestBodies.DEPLOYMENT_EXAMPLE, tree -> Optional.empty());
        } catch (ProviderException e) {
            return e.getMessage() + "\n";
        }
        throw new AssertionError("readable: " + body);
    }

    @Test
    void system_routes_need_credentials() throws Exception {
        assertThat(send("GET", "/system/functions", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void a_name_that_is_not_a_dns_label_is_400_naming_it() throws Exception {
        assertAnswer(send("POST", "/system/functions", "{\"service\":\"Not_A_Name\",\"image\":\"x:1\"}"), 400,
                "validation failed: " + Names.functionNameProblem("Not_A_Name").orElseThrow() + "\n");
    }

    @Test
    void a_scale_label_that_cannot_be_read_is_400_naming_it() throws Exception {
        FunctionDeployment bad = FunctionDeployment.of("scaly", "x:1")
                .withLabels(Map.of("com.openfaas.scale.min", "many"));
        assertAnswer(send("POST", "/system/functions", JSON.writeValueAsString(bad)), 400, refusal(bad));
        FunctionDeployment inverted = FunctionDeployment.of("scaly", "x:1")
                .withLabels(Map.of("com.openfaas.scale.min", "5", "com.openfaas.scale.max", "2"));
        assertAnswer(send("POST", "/system/functions", JSON.writeValueAsString(inverted)), 400, refusal(inverted));
    }

    @Test
    void a_deployment_without_an_image_is_400() throws Exception {
        assertAnswer(send("POST", "/system/functions", "{\"service\":\"nameless\"}"), 400,
                "validation failed: image: is required\n");
    }

    @Test
    void a_quantity_that_is_not_one_is_400_naming_the_field() throws Exception {
        assertAnswer(send("POST", "/system/functions",
                "{\"service\":\"greedy\",\"image\":\"x:1\",\"limits\":{\"memory\":\"lots\"}}"), 400,
                invalidQuantity("limits.memory", "lots"));
    }

    private static String invalidQuantity(String field, String quantity) {
        FunctionDeployment bad = FunctionDeployment.of("greedy", "x:1");
        try {
            DeploymentRules.validated(new FunctionDeployment(bad.service(), bad.image(), null, null, Map.of(),
                    java.util.List.of(), java.util.List.of(), Map.of(), Map.of(),
                    new io.jfaas.model.FunctionResources(quantity, null), null, false));
        } catch (ProviderException e) {
            assertThat(e.getMessage()).contains(field);
            return e.getMessage() + "\n";
        }
        throw new AssertionError("valid: " + quantity);
    }

    @Test
    void a_body_that_is_not_json_or_is_missing_is_400_saying_so() throws Exception {
        assertAnswer(send("POST", "/system/functions", "{\"service\": "), 400, unreadable("{\"service\": "));
        assertAnswer(send("POST", "/system/functions", "{\"service\": 5, \"image\": []}"), 400,
                unreadable("{\"service\": 5, \"image\": []}"));
        assertAnswer(send("POST", "/system/functions", ""), 400, unreadable(""));
    }

    @Test
    void namespace_management_refuses_the_same_requests_the_same_way() throws Exception {
        assertAnswer(send("GET", "/system/namespace/nowhere", null), 404, "namespace nowhere not found\n");
        assertAnswer(send("DELETE", "/system/namespace/nowhere", null), 404, "namespace nowhere not found\n");
        assertAnswer(send("PUT", "/system/namespace/nowhere", "{\"labels\":{}}"), 404,
                "namespace nowhere not found\n");
        assertAnswer(send("GET", "/system/namespace/kube-system", null), 400,
                "validation failed: namespace: kube-system is not allowed\n");
        assertAnswer(send("DELETE", "/system/namespace/" + NAMESPACE, null), 400,
                "namespace " + NAMESPACE + " is the default namespace and cannot be deleted\n");
        assertAnswer(send("GET", "/system/namespace/", null), 400,
                "namespace name required: GET /system/namespace/NAME\n");
        assertAnswer(send("PUT", "/system/namespace/one", "{\"name\":\"two\"}"), 400,
                "the body names namespace two but the path one\n");
    }

    @Test
    void an_unknown_function_is_404_for_every_operation() throws Exception {
        String notFound = ProviderException.functionNotFound(new FunctionRef("ghost", NAMESPACE)).getMessage() + "\n";
        assertAnswer(send("GET", "/system/function/ghost", null), 404, "");
        assertAnswer(send("PUT", "/system/functions", "{\"service\":\"ghost\",\"image\":\"" + image() + "\"}"),
                404, notFound);
        assertAnswer(send("DELETE", "/system/functions", "{\"functionName\":\"ghost\"}"), 404, notFound);
        assertAnswer(send("POST", "/system/scale-function/ghost", "{\"serviceName\":\"ghost\",\"replicas\":1}"),
                404, notFound);
    }

    @Test
    void a_function_is_created_once_listed_read_and_removed() throws Exception {
        String deployment = "{\"service\":\"contract\",\"image\":\"" + image() + "\"}";
        assertAnswer(send("POST", "/system/functions", deployment), 202, "");
        assertAnswer(send("POST", "/system/functions", deployment), 409,
                ProviderException.functionExists(new FunctionRef("contract", NAMESPACE)).getMessage() + "\n");
        awaitDeployed("contract");

        HttpResponse<String> status = send("GET", "/system/function/contract", null);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(status.body()).get("name").asText()).isEqualTo("contract");
        assertThat(JSON.readTree(status.body()).get("image").asText()).isEqualTo(image());
        assertThat(send("GET", "/system/functions", null).body()).contains("\"name\":\"contract\"");

        assertAnswer(send("DELETE", "/system/functions", "{\"functionName\":\"contract\"}"), 202, "");
    }

    @Test
    void a_secret_is_created_once_and_an_unknown_one_cannot_be_removed() throws Exception {
        assertAnswer(send("POST", "/system/secrets", "{\"name\":\"contract-key\",\"value\":\"v1\"}"), 202, "");
        assertAnswer(send("POST", "/system/secrets", "{\"name\":\"contract-key\",\"value\":\"v2\"}"), 409,
                ProviderException.secretExists("contract-key", NAMESPACE).getMessage() + "\n");
        assertThat(send("GET", "/system/secrets", null).body()).contains("\"name\":\"contract-key\"")
                .doesNotContain("v1");
        assertAnswer(send("DELETE", "/system/secrets", "{\"name\":\"contract-key\"}"), 202, "");
        assertAnswer(send("DELETE", "/system/secrets", "{\"name\":\"contract-key\"}"), 404,
                ProviderException.secretNotFound("contract-key", NAMESPACE).getMessage() + "\n");
    }
}
