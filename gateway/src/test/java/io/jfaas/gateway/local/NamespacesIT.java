package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionRef;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /system/namespace/NAME} in local mode, through the gateway's routes: namespaces are created, read, changed
 * and deleted with their labels and annotations, outlive a restart, exist without functions, and are not deleted
 * while they hold anything. The requests are faas-cli's and the Go SDK's.
 */
class NamespacesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Vertx vertx;
    private LocalProvider provider;
    private String base;

    @AfterEach
    void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (provider != null) {
            provider.close().join();
        }
    }

    private void start() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(60)));
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", dir.resolve("gw").toString(), "HOME",
                dir.toString()));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(TestRouters.router(vertx, config, provider, Optional.empty(), new GatewayMetrics()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    private void restart() throws Exception {
        stop();
        vertx = null;
        provider = null;
        start();
    }

    @Test
    void a_namespace_is_created_read_changed_listed_kept_across_a_restart_and_deleted() throws Exception {
        start();

        HttpResponse<String> created = send("POST", "/system/namespace/",
                "{\"name\":\"staging\",\"labels\":{\"openfaas\":\"1\",\"team\":\"web\"},"
                + "\"annotations\":{\"openfaas\":\"1\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(send("GET", "/system/namespace/staging", null).body())).isEqualTo(JSON.readTree(
                "{\"name\":\"staging\",\"labels\":{\"openfaas\":\"1\",\"team\":\"web\"},"
                + "\"annotations\":{\"openfaas\":\"1\"}}"));
        assertThat(send("GET", "/system/namespaces", null).body()).isEqualTo("[\"openfaas-fn\",\"staging\"]");
        HttpResponse<String> again = send("POST", "/system/namespace/", "{\"name\":\"staging\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("namespace staging already exists");

        assertThat(send("PUT", "/system/namespace/staging", "{\"name\":\"staging\",\"labels\":{\"team\":\"api\"}}")
                .statusCode()).isEqualTo(202);
        restart();
        assertThat(JSON.readTree(send("GET", "/system/namespace/staging", null).body()))
                .isEqualTo(JSON.readTree("{\"name\":\"staging\",\"labels\":{\"team\":\"api\"}}"));
        assertThat(send("GET", "/system/namespaces", null).body()).as("it exists with nothing in it")
                .isEqualTo("[\"openfaas-fn\",\"staging\"]");

        assertThat(send("DELETE", "/system/namespace/staging", null).statusCode()).isEqualTo(202);
        assertThat(send("GET", "/system/namespace/staging", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/system/namespaces", null).body()).isEqualTo("[\"openfaas-fn\"]");
        assertThat(send("PUT", "/system/namespace/staging", "{\"labels\":{}}").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/system/namespace/staging", null).statusCode()).isEqualTo(404);
    }

    @Test
    void a_namespace_that_holds_a_function_or_a_secret_is_not_deleted_and_loses_nothing() throws Exception {
        start();
        assertThat(send("POST", "/system/namespace/", "{\"name\":\"busy\"}").statusCode()).isEqualTo(201);
        assertThat(send("POST", "/system/functions", "{\"service\":\"f\",\"image\":\"whoami:latest\","
                + "\"namespace\":\"busy\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName()
                + "\"}}").statusCode()).isEqualTo(202);
        assertThat(send("POST", "/system/secrets", "{\"name\":\"key\",\"namespace\":\"busy\",\"value\":\"v\"}")
                .statusCode()).isEqualTo(202);

        HttpResponse<String> refused = send("DELETE", "/system/namespace/busy", null);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("still holds function f, secret key: remove them first");
        assertThat(provider.status(new FunctionRef("f", "busy")).join()).isPresent();

        assertThat(send("DELETE", "/system/functions", "{\"functionName\":\"f\",\"namespace\":\"busy\"}")
                .statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.processes().isEmpty());
        assertThat(send("DELETE", "/system/secrets", "{\"name\":\"key\",\"namespace\":\"busy\"}").statusCode())
                .isEqualTo(202);
        assertThat(send("DELETE", "/system/namespace/busy", null).statusCode()).isEqualTo(202);
    }

    @Test
    void bad_names_labels_and_requests_are_400_naming_what_is_wrong() throws Exception {
        start();

        assertThat(send("DELETE", "/system/namespace/openfaas-fn", null)).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("default namespace");
        });
        assertThat(send("GET", "/system/namespace/kube-system", null).body()).contains("kube-system is not allowed");
        assertThat(send("GET", "/system/namespace/Not_A_Name", null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/system/namespace/", null).body()).contains("namespace name required");
        assertThat(send("POST", "/system/namespace/", "{\"name\":\"ok\",\"labels\":{\"bad key!\":\"v\"}}").body())
                .contains("labels.bad key!");
        assertThat(send("POST", "/system/namespace/", "{\"name\":\"ok\",\"labels\":{\"k\":\"not a value\"}}")
                .body()).contains("labels.k");
        assertThat(send("POST", "/system/namespace/", "{\"name\":\"ok\",\"labels\":{\"k\":null}}").body())
                .contains("labels.k: must not be null");
        assertThat(send("PUT", "/system/namespace/one", "{\"name\":\"two\"}").body())
                .contains("the body names namespace two but the path one");
        assertThat(send("POST", "/system/namespace/", "{}").body()).contains("name: is required");
        assertThat(send("GET", "/system/namespace/openfaas-fn", null).body()).as("the default always exists")
                .isEqualTo("{\"name\":\"openfaas-fn\"}");
        assertThat(send("GET", "/system/namespaces", null).body()).isEqualTo("[\"openfaas-fn\"]");
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
