package io.jfaas.gateway.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.testing.EchoFunction;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.LogMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole gateway started with {@code functions_provider_url}: its /system API is the remote provider's, and calls go
 * to the endpoint the provider's endpoints feed announces (a loopback {@link EchoFunction}).
 */
class RemoteGatewayTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private EchoFunction echo;
    private ProviderServer provider;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        echo = EchoFunction.start();
        provider = ProviderServer.start(Files.createDirectories(dir.resolve("provider")), echo.port());
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), ProviderServer.CREDENTIALS.user());
        Files.writeString(secrets.resolve("basic-auth-password"), ProviderServer.CREDENTIALS.password());
        Map<String, String> env = new HashMap<>();
        env.put("port", "0");
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("HOME", dir.toString());
        env.put("JFAAS_STATE_DIR", dir.resolve("state").toString());
        env.put("secret_mount_path", secrets.toString());
        env.put("functions_provider_url", provider.url().toString());
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
        await().atMost(Duration.ofSeconds(20)).until(((RemoteProvider) gateway.provider())::ready);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        provider.close();
        echo.close();
    }

    private HttpResponse<String> send(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && path.startsWith("/system/")) {
            request.header("Content-Type", "application/json");
        }
        if (auth) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    "admin:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theGatewayUsesTheRemoteProviderAndNotTheLocalOne() {
        assertThat(gateway.provider()).isInstanceOf(RemoteProvider.class);
        assertThat(((RemoteProvider) gateway.provider()).url()).isEqualTo(provider.url());
    }

    @Test
    void deploysListsAndInvokesAFunctionAtTheEndpointTheFeedAnnounces() throws Exception {
        assertThat(send("POST", "/system/functions", "{\"service\":\"hello\",\"image\":\"ghcr.io/me/hello:1\"}", true)
                .statusCode()).isEqualTo(202);
        assertThat(provider.provider().deployed(new FunctionRef("hello", "openfaas-fn"))).isPresent();

        HttpResponse<String> list = send("GET", "/system/functions", null, true);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"name\":\"hello\"", "\"image\":\"ghcr.io/me/hello:1\"");

        int requestsBeforeCall = provider.requests();
        HttpResponse<String> call = send("POST", "/function/hello/sub?x=1", "hi there", false);
        assertThat(call.statusCode()).isEqualTo(200);
        assertThat(call.body()).isEqualTo("hi there");
        assertThat(call.headers().firstValue("X-Echo-Path")).contains("/sub");
        assertThat(provider.requests()).as("the call asked the provider nothing").isEqualTo(requestsBeforeCall);

        assertThat(send("POST", "/function/ghost", "hi", false).statusCode()).isEqualTo(404);
    }

    @Test
    void aCallToAFunctionAtZeroScalesItUpThroughTheProviderOnce() throws Exception {
        send("POST", "/system/functions", "{\"service\":\"sleepy\",\"image\":\"x:1\"}", true);
        assertThat(send("POST", "/system/scale-function/sleepy", "{\"serviceName\":\"sleepy\",\"replicas\":0}", true)
                .statusCode()).isEqualTo(202);
        int scalesBefore = provider.provider().scaleCalls();

        HttpResponse<String> call = send("POST", "/function/sleepy", "wake", false);

        assertThat(call.statusCode()).as("the answer: %s", call.body()).isEqualTo(200);
        assertThat(call.body()).isEqualTo("wake");
        assertThat(provider.provider().scaledTo(new FunctionRef("sleepy", "openfaas-fn"))).contains(1L);
        assertThat(provider.provider().scaleCalls()).isEqualTo(scalesBefore + 1);
    }

    @Test
    void infoAndLogsComeFromTheProvider() throws Exception {
        assertThat(send("GET", "/system/info", null, true).body()).contains("\"provider\":\"fake\"");
        send("POST", "/system/functions", "{\"service\":\"talker\",\"image\":\"x:1\"}", true);
        provider.provider().printLog(new LogMessage("talker", "openfaas-fn", "talker-1",
                Instant.parse("2026-01-02T03:04:05Z"), "hello from the pod"));

        HttpResponse<String> logs = send("GET", "/system/logs?name=talker&follow=false", null, true);

        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.body()).isEqualTo("{\"name\":\"talker\",\"namespace\":\"openfaas-fn\",\"instance\":"
                + "\"talker-1\",\"timestamp\":\"2026-01-02T03:04:05Z\",\"text\":\"hello from the pod\"}\n");
        assertThat(send("GET", "/system/logs?name=ghost&follow=false", null, true).statusCode()).isEqualTo(404);
    }

    @Test
    void aGatewayStartsWithoutItsProviderAnswers503ForCallsAndServesThemOnceTheProviderIsUp() throws Exception {
        int providerPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            providerPort = socket.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(Map.of("port", "0", "JFAAS_METRICS_PORT", "0", "HOME", dir.toString(),
                "JFAAS_STATE_DIR", dir.resolve("state2").toString(), "secret_mount_path",
                dir.resolve("secrets").toString(), "functions_provider_url",
                "http://127.0.0.1:" + providerPort + "/"));
        Gateway early = Gateway.start(GatewayConfig.fromEnv(env), env);
        ProviderServer late = null;
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + early.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + early.port() + "/function/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("has not reached the functions provider at http://127.0.0.1:"
                    + providerPort, "keeps trying");

            late = ProviderServer.start(Files.createDirectories(dir.resolve("late")), echo.port(), providerPort);
            late.provider().deploy(io.jfaas.model.FunctionDeployment.of("hello", "x:1").withNamespace("openfaas-fn"))
                    .join();
            int gatewayPort = early.port();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> call = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/function/hello"))
                        .POST(HttpRequest.BodyPublishers.ofString("late")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(call.statusCode()).isEqualTo(200);
                assertThat(call.body()).isEqualTo("late");
            });
            assertThat(early.provider().info().provider()).isEqualTo("fake");
        } finally {
            early.stop();
            if (late != null) {
                late.close();
            }
        }
    }

    @Test
    void theSystemApiStillNeedsTheGatewaysCredentials() throws Exception {
        assertThat(send("GET", "/system/functions", null, false).statusCode()).isEqualTo(401);
    }
}
