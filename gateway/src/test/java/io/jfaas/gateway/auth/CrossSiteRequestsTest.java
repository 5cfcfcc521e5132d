package io.jfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.EchoFunction;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.model.FunctionRef;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a page on another site can make a browser send with the gateway's cached basic-auth credentials: nothing that
 * reaches the /system API or the UI's data. The requests below carry the headers a browser adds (Origin,
 * Sec-Fetch-Site) and the bodies a form can send; each is refused before it reaches the provider, so no function is
 * deployed.
 */
class CrossSiteRequestsTest {

    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final String DEPLOY = "{\"service\":\"evil\",\"image\":\"evil:1\",\"envProcess\":\"sh\"}";
    private static final FunctionRef EVIL = new FunctionRef("evil", "openfaas-fn");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path state;

    private static EchoFunction echo;
    private static FakeProvider provider;
    private static Vertx vertx;
    private static String base;
    private static String host;

    @BeforeAll
    static void start() throws IOException {
        echo = EchoFunction.start();
        provider = new FakeProvider(echo.port());
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(), "HOME",
                state.toString()));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(TestRouters.router(vertx, config, provider,
                        Optional.of(new Credentials("admin", "s3cret")), new GatewayMetrics()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        host = "127.0.0.1:" + server.actualPort();
        base = "http://" + host;
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        echo.close();
    }

    @Test
    void a_form_post_with_cached_credentials_is_refused_with_415_and_deploys_nothing() throws Exception {
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain",
                "multipart/form-data; boundary=x"}) {
            HttpResponse<String> response = HTTP.send(post("/system/functions", DEPLOY)
                    .header("Content-Type", type).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.body()).contains("Content-Type: application/json").contains(type);
        }
        assertThat(provider.deployed(EVIL)).isEmpty();
    }

    @Test
    void a_body_without_content_type_is_refused_with_415() throws Exception {
        HttpResponse<String> response = HTTP.send(post("/system/functions", DEPLOY).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("no Content-Type");
    }

    @Test
    void a_json_post_from_another_origin_is_refused_with_403() throws Exception {
        HttpResponse<String> response = HTTP.send(post("/system/functions", DEPLOY)
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("Origin https://evil.example is not this gateway's");
        assertThat(provider.deployed(EVIL)).isEmpty();
    }

    @Test
    void an_opaque_origin_is_refused() throws Exception {
        HttpResponse<String> response = HTTP.send(post("/system/functions", DEPLOY)
                .header("Content-Type", "application/json").header("Origin", "null").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void a_cross_site_fetch_is_refused_even_for_get() throws Exception {
        for (String site : new String[] {"cross-site", "same-site"}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                    .header("Authorization", AUTH).header("Sec-Fetch-Site", site).header("Sec-Fetch-Mode", "cors")
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(site).isEqualTo(403);
            assertThat(response.body()).contains("Sec-Fetch-Site is " + site);
        }
    }

    @Test
    void the_gateways_own_pages_and_non_browser_clients_pass() throws Exception {
        HttpResponse<String> fromUi = HTTP.send(post("/system/functions",
                        "{\"service\":\"fromui\",\"image\":\"fromui:1\"}")
                .header("Content-Type", "application/json; charset=utf-8").header("Origin", base)
                .header("Sec-Fetch-Site", "same-origin").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fromCli = HTTP.send(post("/system/functions",
                        "{\"service\":\"fromcli\",\"image\":\"fromcli:1\"}")
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> redrive = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/scale-function/x"))
                .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(fromUi.statusCode()).isEqualTo(202);
        assertThat(fromCli.statusCode()).isEqualTo(202);
        assertThat(redrive.statusCode()).as("no body, no Content-Type: the route's own answer")
                .isNotIn(403, 415);
    }

    @Test
    void following_a_link_to_the_ui_from_another_site_opens_it_but_a_cross_site_fetch_of_its_data_does_not()
            throws Exception {
        HttpResponse<String> navigation = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/"))
                .header("Authorization", AUTH).header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> data = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/api/calls/x"))
                .header("Authorization", AUTH).header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "cors").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(navigation.statusCode()).isEqualTo(200);
        assertThat(data.statusCode()).isEqualTo(403);
    }

    @Test
    void origins_compare_host_and_port_with_the_schemes_default() {
        assertThat(CrossSiteGuard.sameOrigin("http://gw.example", "gw.example:80")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("https://gw.example", "GW.example")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("http://gw.example:8080", "gw.example:8080")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("http://gw.example:8081", "gw.example:8080")).isFalse();
        assertThat(CrossSiteGuard.sameOrigin("http://gw.example.evil", "gw.example")).isFalse();
        assertThat(CrossSiteGuard.sameOrigin("http://gw.example", null)).isFalse();
    }

    private static HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
