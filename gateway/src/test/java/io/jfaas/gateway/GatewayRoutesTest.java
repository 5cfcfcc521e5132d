package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.EchoFunction;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.LogMessage;
import io.jfaas.model.Secret;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route of the walking skeleton, its status codes, headers and bodies, against a fake provider. */
class GatewayRoutesTest {

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path state;

    private static EchoFunction echo;
    private static FakeProvider provider;
    private static Vertx vertx;
    private static GatewayMetrics metrics;
    private static HttpServer server;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws IOException {
        echo = EchoFunction.start();
        provider = new FakeProvider(echo.port());
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(), "HOME",
                state.toString()));
        metrics = new GatewayMetrics();
        var router = TestRouters.router(vertx, config, provider, Optional.of(new Credentials("admin", "s3cret")),
                metrics);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().join();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        echo.close();
    }

    @Test
    void healthz_answers_200_without_credentials() throws Exception {
        assertThat(send("GET", "/healthz", null, false).statusCode()).isEqualTo(200);
    }

    @Test
    void system_routes_without_credentials_get_401_with_the_basic_challenge() throws Exception {
        HttpResponse<String> response = send("GET", "/system/functions", null, false);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Restricted\"");
        assertThat(response.body()).isEqualTo("invalid credentials\n");
    }

    @Test
    void a_wrong_password_gets_401() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
                .build();

        assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void info_reports_the_provider_and_the_gateway_version() throws Exception {
        HttpResponse<String> response = send("GET", "/system/info", null, true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body())
                .contains("\"provider\":{\"provider\":\"fake\",\"orchestration\":\"memory\"")
                .contains("\"commit_message\"")
                .containsPattern("\"arch\":\"[a-z0-9_]+\"");
    }

    @Test
    void a_deployed_function_is_listed_and_described() throws Exception {
        HttpResponse<String> deployed = send("POST", "/system/functions",
                "{\"service\":\"listed\",\"image\":\"listed:1\",\"labels\":{\"team\":\"a\"}}", true);
        HttpResponse<String> list = send("GET", "/system/functions", null, true);
        HttpResponse<String> status = send("GET", "/system/function/listed", null, true);

        assertThat(deployed.statusCode()).isEqualTo(202);
        assertThat(deployed.body()).isEmpty();
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"listed\"").contains("\"image\":\"listed:1\"");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"team\":\"a\"").contains("\"faas_function\":\"listed\"").doesNotContain("envVars");
    }

    @Test
    void deploy_of_a_name_that_is_not_dns_1123_is_400_naming_the_rule() throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions",
                "{\"service\":\"Hello_World\",\"image\":\"x:1\"}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Hello_World").contains("DNS-1123");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(provider.deployed(new FunctionRef("Hello_World", "openfaas-fn"))).isEmpty();
    }

    @Test
    void deploy_of_malformed_json_is_400_saying_where() throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions", "{\"service\": \"a\",", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("failed to unmarshal request: ").contains("line 1");
    }

    @Test
    void deploy_of_a_wrongly_typed_field_is_400_naming_the_field() throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions",
                "{\"service\":\"typed\",\"image\":\"x:1\",\"labels\":[\"a\"]}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("labels");
    }

    @Test
    void deploy_tolerates_the_deprecated_registryAuth_and_network_fields() throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions",
                "{\"service\":\"old-client\",\"image\":\"x:1\",\"registryAuth\":\"abc\",\"network\":\"func\"}", true);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(provider.deployed(new FunctionRef("old-client", "openfaas-fn"))).isPresent();
    }

    @Test
    void deploy_without_an_image_is_400() throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions", "{\"service\":\"no-image\"}", true);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("validation failed: image: is required\n");
    }

    @Test
    void deploy_without_a_body_is_400() throws Exception {
        assertThat(send("POST", "/system/functions", "", true).statusCode()).isEqualTo(400);
    }

    @Test
    void deploy_of_an_existing_function_is_409() throws Exception {
        send("POST", "/system/functions", "{\"service\":\"twice\",\"image\":\"x:1\"}", true);

        HttpResponse<String> again = send("POST", "/system/functions", "{\"service\":\"twice\",\"image\":\"x:2\"}", true);

        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void update_of_a_missing_function_is_404() throws Exception {
        HttpResponse<String> response = send("PUT", "/system/functions", "{\"service\":\"ghost\",\"image\":\"x:1\"}",
                true);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    @Test
    void update_of_an_existing_function_is_202_and_replaces_it() throws Exception {
        send("POST", "/system/functions", "{\"service\":\"updated\",\"image\":\"x:1\"}", true);

        HttpResponse<String> response = send("PUT", "/system/functions", "{\"service\":\"updated\",\"image\":\"x:2\"}",
                true);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(provider.deployed(new FunctionRef("updated", "openfaas-fn")).orElseThrow().image()).isEqualTo("x:2");
    }

    @Test
    void delete_is_202_then_404_once_gone() throws Exception {
        send("POST", "/system/functions", "{\"service\":\"doomed\",\"image\":\"x:1\"}", true);

        HttpResponse<String> first = send("DELETE", "/system/functions", "{\"functionName\":\"doomed\"}", true);
        HttpResponse<String> second = send("DELETE", "/system/functions", "{\"functionName\":\"doomed\"}", true);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(404);
    }

    @Test
    void delete_without_a_function_name_is_400() throws Exception {
        assertThat(send("DELETE", "/system/functions", "{}", true).statusCode()).isEqualTo(400);
        assertThat(send("DELETE", "/system/functions", "", true).statusCode()).isEqualTo(400);
    }

    @Test
    void the_namespace_in_the_query_wins_over_the_body() throws Exception {
        send("POST", "/system/functions?namespace=team-a",
                "{\"service\":\"spaced\",\"image\":\"x:1\",\"namespace\":\"team-b\"}", true);

        assertThat(provider.deployed(new FunctionRef("spaced", "team-a"))).isPresent();
        assertThat(provider.deployed(new FunctionRef("spaced", "team-b"))).isEmpty();
    }

    @Test
    void kube_system_is_refused_with_401_as_openfaas_does() throws Exception {
        HttpResponse<String> response = send("GET", "/system/functions?namespace=kube-system", null, true);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("kube-system");
    }

    @Test
    void status_of_an_unknown_function_is_404_with_an_empty_body() throws Exception {
        HttpResponse<String> response = send("GET", "/system/function/nobody", null, true);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void an_unknown_path_is_404_and_a_wrong_method_is_405() throws Exception {
        assertThat(send("GET", "/nowhere", null, true).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/system/functions", "{}", true).statusCode()).isEqualTo(405);
    }

    @Test
    void a_system_body_over_the_limit_is_413() throws Exception {
        String huge = "{\"service\":\"big\",\"image\":\"x:1\",\"envProcess\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";

        assertThat(send("POST", "/system/functions", huge, true).statusCode()).isEqualTo(413);
    }

    @Test
    void invoking_an_unknown_function_is_404() throws Exception {
        HttpResponse<String> response = send("POST", "/function/nobody", "hi", false);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("nobody.openfaas-fn");
    }

    @Test
    void invoking_passes_method_sub_path_query_headers_and_body_to_the_function() throws Exception {
        deploy("echo");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/function/echo/a/b%20c?x=1&y=two"))
                .header("X-Custom", "yes")
                .method("PUT", HttpRequest.BodyPublishers.ofString("payload"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("payload");
        assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("PUT");
        assertThat(response.headers().firstValue("X-Echo-Path")).hasValue("/a/b%20c");
        assertThat(response.headers().firstValue("X-Echo-Query")).hasValue("x=1&y=two");
        assertThat(response.headers().firstValue("X-Echo-Header-X-custom")).hasValue("yes");
        assertThat(response.headers().firstValue("X-Echo-Header-X-forwarded-for")).hasValue("127.0.0.1");
        assertThat(response.headers().firstValue("X-Echo-Header-X-forwarded-host")).isPresent();
        assertThat(response.headers().firstValue("X-Echo-Header-X-start-time")).isPresent();
    }

    @Test
    void invoking_without_a_sub_path_sends_slash() throws Exception {
        deploy("root-path");

        HttpResponse<String> bare = send("GET", "/function/root-path", null, false);
        HttpResponse<String> slash = send("GET", "/function/root-path/", null, false);

        assertThat(bare.headers().firstValue("X-Echo-Path")).hasValue("/");
        assertThat(slash.headers().firstValue("X-Echo-Path")).hasValue("/");
    }

    @Test
    void invoking_generates_a_call_id_and_returns_it_with_the_start_time() throws Exception {
        deploy("call-id");

        HttpResponse<String> response = send("POST", "/function/call-id", "x", false);

        String callId = response.headers().firstValue("X-Call-Id").orElseThrow();
        assertThat(callId).matches("[0-9a-f-]{36}");
        assertThat(response.headers().firstValue("X-Echo-Header-X-call-id")).hasValue(callId);
        assertThat(response.headers().firstValue("X-Start-Time").orElseThrow()).matches("\\d{19}");
    }

    @Test
    void invoking_passes_the_clients_call_id_through_without_echoing_it() throws Exception {
        deploy("given-id");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/function/given-id"))
                .header("X-Call-Id", "my-call-42")
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build();

        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.headers().firstValue("X-Echo-Header-X-call-id")).hasValue("my-call-42");
        assertThat(response.headers().allValues("X-Call-Id")).isEmpty();
    }

    @Test
    void invoking_passes_redirects_through_without_following_them() throws Exception {
        deploy("redirector");

        HttpResponse<String> response = send("GET", "/function/redirector/redirect", null, false);

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("/elsewhere");
    }

    @Test
    void invoking_passes_function_errors_through_with_their_status() throws Exception {
        deploy("erring");

        assertThat(send("GET", "/function/erring/status/500", null, false).statusCode()).isEqualTo(500);
    }

    @Test
    void invoking_a_function_that_cannot_be_reached_is_502() throws Exception {
        deploy("unreachable");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        provider.upstreamPort(closedPort);
        try {
            HttpResponse<String> response = send("POST", "/function/unreachable", "x", false);

            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.body()).contains("unreachable.openfaas-fn");
        } finally {
            provider.upstreamPort(echo.port());
        }
    }

    @Test
    void invoking_a_function_with_no_ready_replica_is_503() throws Exception {
        deploy("starting");

        HttpResponse<String> response = send("POST", "/function/starting", "x", false);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("no ready replica");
    }

    @Test
    void invoking_with_a_method_openfaas_does_not_accept_is_405() throws Exception {
        deploy("methods");

        assertThat(send("PROPFIND", "/function/methods", null, false).statusCode()).isEqualTo(405);
    }

    @Test
    void invoking_name_dot_namespace_reaches_that_namespace() throws Exception {
        send("POST", "/system/functions", "{\"service\":\"spread\",\"image\":\"x:1\",\"namespace\":\"team-c\"}", true);

        assertThat(send("POST", "/function/spread.team-c", "x", false).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/function/spread", "x", false).statusCode()).isEqualTo(404);
    }

    @Test
    void response_header_names_reach_the_client_in_canonical_form() throws Exception {
        deploy("canonical");

        String response = raw("POST /function/canonical HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\n"
                + "Connection: close\r\n\r\nx");

        // the echo function's JDK server writes "X-echo-method"
        assertThat(response).startsWith("HTTP/1.1 200").contains("\r\nX-Echo-Method: POST\r\n");
    }

    @Test
    void hop_by_hop_headers_and_those_connection_names_do_not_reach_the_function() throws Exception {
        deploy("hops");

        String response = raw("POST /function/hops HTTP/1.1\r\nHost: test\r\nContent-Length: 1\r\n"
                + "Connection: close\r\nConnection: X-Drop-Me\r\nX-Drop-Me: 1\r\nKeep-Alive: timeout=5\r\nX-Keep-Me: 1\r\n"
                + "\r\nx");

        assertThat(response).startsWith("HTTP/1.1 200")
                .contains("X-Echo-Header-X-Keep-Me: 1")
                .doesNotContain("X-Echo-Header-X-Drop-Me")
                .doesNotContain("X-Echo-Header-Keep-Alive");
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void every_invocation_releases_its_upstream() throws Exception {
        deploy("released");
        int before = provider.released();

        send("POST", "/function/released", "x", false);
        send("GET", "/function/released/status/404", null, false);

        // the lease is given back once the last byte is written, which may be just after the client has it all
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(provider.released()).isEqualTo(before + 2));
    }

    @Test
    void root_redirects_to_the_ui() throws Exception {
        HttpResponse<String> response = send("GET", "/", null, false);

        assertThat(response.statusCode()).isEqualTo(307);
        assertThat(response.headers().firstValue("Location")).hasValue("/ui/");
    }

    @Test
    void scale_is_202_and_reaches_the_provider_with_zero_allowed() throws Exception {
        deploy("scaled");

        HttpResponse<String> response = send("POST", "/system/scale-function/scaled",
                "{\"serviceName\":\"scaled\",\"replicas\":0}", true);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(provider.scaledTo(new FunctionRef("scaled", "openfaas-fn"))).hasValue(0L);
    }

    @Test
    void scale_of_an_unknown_function_is_404_and_bad_json_is_400() throws Exception {
        HttpResponse<String> unknown = send("POST", "/system/scale-function/ghost",
                "{\"serviceName\":\"ghost\",\"replicas\":1}", true);
        HttpResponse<String> bad = send("POST", "/system/scale-function/ghost", "{replicas", true);
        HttpResponse<String> wrongMethod = send("GET", "/system/scale-function/ghost", null, true);

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).startsWith("Cannot parse request. Please pass valid JSON");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
    }

    @Test
    void namespaces_are_a_json_array_of_strings() throws Exception {
        HttpResponse<String> response = send("GET", "/system/namespaces", null, true);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo("[\"openfaas-fn\",\"team-a\"]");
    }

    @Test
    void secrets_are_created_listed_without_values_updated_and_removed() throws Exception {
        HttpResponse<String> created = send("POST", "/system/secrets",
                "{\"name\":\"api-key\",\"value\":\"one\"}", true);
        HttpResponse<String> duplicate = send("POST", "/system/secrets",
                "{\"name\":\"api-key\",\"value\":\"two\"}", true);
        HttpResponse<String> listed = send("GET", "/system/secrets", null, true);
        HttpResponse<String> updated = send("PUT", "/system/secrets",
                "{\"name\":\"api-key\",\"rawValue\":\"AAEC\"}", true);
        Secret stored = provider.secret(new FunctionRef("api-key", "openfaas-fn")).orElseThrow();
        HttpResponse<String> removed = send("DELETE", "/system/secrets",
                "{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}", true);
        HttpResponse<String> removedAgain = send("DELETE", "/system/secrets", "{\"name\":\"api-key\"}", true);

        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).isEqualTo("[{\"name\":\"api-key\",\"namespace\":\"openfaas-fn\"}]");
        assertThat(updated.statusCode()).isEqualTo(202);
        assertThat(stored.rawValue()).containsExactly(0, 1, 2);
        assertThat(removed.statusCode()).isEqualTo(202);
        assertThat(removedAgain.statusCode()).isEqualTo(404);
    }

    @Test
    void secret_update_of_a_missing_secret_is_404_and_a_bad_name_is_400() throws Exception {
        HttpResponse<String> missing = send("PUT", "/system/secrets", "{\"name\":\"nothing\",\"value\":\"x\"}",
                true);
        HttpResponse<String> badName = send("POST", "/system/secrets", "{\"name\":\"../etc\",\"value\":\"x\"}",
                true);

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).startsWith("validation failed: ");
    }

    @Test
    void secrets_of_another_namespace_are_listed_by_query() throws Exception {
        send("POST", "/system/secrets", "{\"name\":\"db\",\"namespace\":\"team-a\",\"value\":\"x\"}", true);

        HttpResponse<String> teamA = send("GET", "/system/secrets?namespace=team-a", null, true);

        assertThat(teamA.body()).isEqualTo("[{\"name\":\"db\",\"namespace\":\"team-a\"}]");
    }

    @Test
    void logs_stream_ndjson_with_tail_and_instance_applied() throws Exception {
        deploy("chatty");
        for (int i = 1; i <= 3; i++) {
            provider.printLog(new LogMessage("chatty", "openfaas-fn", "chatty-" + (i % 2),
                    Instant.parse("2026-01-02T03:04:0" + i + "Z"), "line " + i + "\n"));
        }

        HttpResponse<String> all = send("GET", "/system/logs?name=chatty&follow=false", null, true);
        HttpResponse<String> tail = send("GET", "/system/logs?name=chatty&tail=1", null, true);
        HttpResponse<String> instance = send("GET", "/system/logs?name=chatty&instance=chatty-1", null, true);

        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(all.body().lines()).hasSize(3).first().isEqualTo("{\"name\":\"chatty\",\"namespace\":"
                + "\"openfaas-fn\",\"instance\":\"chatty-1\",\"timestamp\":\"2026-01-02T03:04:01Z\","
                + "\"text\":\"line 1\\n\"}");
        assertThat(tail.body().lines()).singleElement().asString().contains("line 3");
        assertThat(instance.body().lines()).hasSize(2).allMatch(line -> line.contains("\"chatty-1\""));
    }

    @Test
    void logs_with_an_unreadable_tail_or_since_are_422_and_of_an_unknown_function_404() throws Exception {
        deploy("chatty");

        HttpResponse<String> badTail = send("GET", "/system/logs?name=chatty&tail=many", null, true);
        HttpResponse<String> badSince = send("GET", "/system/logs?name=chatty&since=yesterday", null, true);
        HttpResponse<String> unknown = send("GET", "/system/logs?name=ghost", null, true);
        HttpResponse<String> noName = send("GET", "/system/logs", null, true);

        assertThat(badTail.statusCode()).isEqualTo(422);
        assertThat(badTail.body()).contains("tail");
        assertThat(badSince.statusCode()).isEqualTo(422);
        assertThat(badSince.body()).contains("since");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(noName.statusCode()).isEqualTo(400);
    }

    @Test
    void namespace_routes_are_behind_basic_auth_and_answer_from_the_provider() throws Exception {
        assertThat(send("GET", "/system/namespace/team-a", null, false).statusCode()).isEqualTo(401);
        HttpResponse<String> found = send("GET", "/system/namespace/team-a", null, true);
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.body()).isEqualTo("{\"name\":\"team-a\"}");
        assertThat(send("GET", "/system/namespace/nowhere", null, true).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/system/namespace/team-a", "{}", true).statusCode()).isEqualTo(405);
    }

    private static void deploy(String name) throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions",
                "{\"service\":\"" + name + "\",\"image\":\"x:1\"}", true);
        assertThat(response.statusCode()).isIn(202, 409);
    }

    private static HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && path.startsWith("/system/")) {
            request.header("Content-Type", "application/json");
        }
        if (auth) {
            request.header("Authorization", AUTH);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
