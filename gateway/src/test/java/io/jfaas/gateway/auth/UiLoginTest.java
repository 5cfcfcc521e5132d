package io.jfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.EchoFunction;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The UI's login through the gateway's router: a session cookie a script can't read and another site's requests
 * don't carry, needed with a header of the UI's on every change; pages visited without one go to the login page;
 * password guessing is throttled per client address.
 */
class UiLoginTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String GOOD = "{\"user\":\"admin\",\"password\":\"s3cret\"}";

    @TempDir
    Path state;

    private EchoFunction echo;
    private Vertx vertx;
    private String base;

    @BeforeEach
    void start() throws IOException {
        echo = EchoFunction.start();
        vertx = Vertx.vertx();
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(), "HOME",
                state.toString()));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(TestRouters.router(vertx, config, new FakeProvider(echo.port()),
                        Optional.of(new Credentials("admin", "s3cret")), new GatewayMetrics()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        echo.close();
    }

    @Test
    void a_login_sets_an_http_only_same_site_strict_cookie_that_opens_the_api() throws Exception {
        HttpResponse<String> login = login(GOOD);

        assertThat(login.statusCode()).isEqualTo(204);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("jfaas_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").doesNotContain("Secure");
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(session.length()).as("256 random bits").isGreaterThanOrEqualTo("jfaas_session=".length() + 43);

        assertThat(send("GET", "/system/functions", session, false).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/ui/", session, false).statusCode()).isEqualTo(200);
    }

    @Test
    void a_change_with_a_session_cookie_needs_the_ui_header() throws Exception {
        String session = session(login(GOOD));

        HttpResponse<String> bare = send("POST", "/system/scale-function/echo", session, false);
        HttpResponse<String> fromUi = send("POST", "/system/scale-function/echo", session, true);

        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(bare.body()).contains("X-Requested-With: jfaas-ui");
        assertThat(fromUi.statusCode()).as(fromUi.body()).isNotIn(401, 403);
    }

    @Test
    void logout_ends_the_session() throws Exception {
        String session = session(login(GOOD));

        HttpResponse<String> logout = send("POST", "/ui/logout", session, true);

        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send("GET", "/system/functions", session, true).statusCode()).isEqualTo(401);
    }

    @Test
    void without_credentials_a_page_visit_goes_to_the_login_page_and_the_uis_calls_get_no_challenge()
            throws Exception {
        HttpResponse<String> visit = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/"))
                .header("Sec-Fetch-Mode", "navigate").build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> uiCall = send("GET", "/system/functions", null, true);
        HttpResponse<String> script = send("GET", "/system/functions", null, false);
        HttpResponse<String> loginPage = send("GET", "/ui/login", null, false);
        HttpResponse<String> forged = send("GET", "/system/functions", "jfaas_session=forged", true);

        assertThat(visit.statusCode()).isEqualTo(303);
        assertThat(visit.headers().firstValue("Location")).hasValue("/ui/login");
        assertThat(uiCall.statusCode()).isEqualTo(401);
        assertThat(uiCall.headers().firstValue("WWW-Authenticate")).as("no browser prompt").isEmpty();
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Restricted\"");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        assertThat(loginPage.body()).contains("login.js").doesNotContain("app.js");
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void a_wrong_password_is_401_and_after_ten_the_address_waits_even_with_the_right_one() throws Exception {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            HttpResponse<String> wrong = login("{\"user\":\"admin\",\"password\":\"guess" + i + "\"}");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        }

        HttpResponse<String> throttled = login(GOOD);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("too many failed logins");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, LoginThrottle.WINDOW.toSeconds());
    }

    @Test
    void a_login_that_is_not_json_or_comes_from_another_site_is_refused() throws Exception {
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=s3cret")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> crossSite = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/json").header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(GOOD)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> huge = login("{\"user\":\"admin\",\"password\":\"" + "x".repeat(LoginHandler.BODY_LIMIT)
                + "\"}");
        HttpResponse<String> malformed = login("{\"user\":1}");

        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(huge.body()).contains(Integer.toString(LoginHandler.BODY_LIMIT));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"user\"");
        for (HttpResponse<String> refused : java.util.List.of(form, crossSite, huge, malformed)) {
            assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();
        }
    }

    private HttpResponse<String> login(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/json").header("X-Requested-With", "jfaas-ui")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String cookie, boolean fromUi) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (fromUi) {
            request.header("X-Requested-With", "jfaas-ui");
        }
        if (method.equals("POST")) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"serviceName\":\"echo\",\"replicas\":1}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String session(HttpResponse<String> login) {
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }
}
