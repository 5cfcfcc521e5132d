package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.jfaas.triggers.Triggers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector's client of the gateway API, against a stand-in gateway on a loopback port. */
class GatewayClientTest {

    private static final String FUNCTIONS = "[{\"name\":\"tick\",\"namespace\":\"openfaas-fn\",\"image\":\"t\","
            + "\"annotations\":{\"topic\":\"cron-function\",\"schedule\":\"@every 1s\"}},"
            + "{\"name\":\"plain\",\"namespace\":\"openfaas-fn\",\"image\":\"p\"}]";

    private Vertx vertx;
    private HttpServer server;
    private HttpClient http;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private volatile boolean failing;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.put(request.method() + " " + request.uri(), body.toString(StandardCharsets.UTF_8));
            request.headers().forEach(header -> seen.put("header " + header.getKey().toLowerCase(), header.getValue()));
            switch (request.path()) {
                case "/system/namespaces" -> {
                    if (failing) {
                        request.response().setStatusCode(500).end("e".repeat(10_000));
                    } else {
                        request.response().end("[\"openfaas-fn\"]");
                    }
                }
                case "/system/functions" -> request.response().end(FUNCTIONS);
                case "/function/big.openfaas-fn" -> request.response().setChunked(true)
                        .putHeader("x-call-id", "c1").end("x".repeat(100_000));
                default -> request.response().putHeader("X-Duration-Seconds", "0.1").end("got " + body);
            }
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        http = vertx.createHttpClient();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private GatewayClient client(int maxList) {
        return new GatewayClient(http, URI.create("http://127.0.0.1:" + server.actualPort()),
                Optional.of(new Credentials("admin", "secret")), Json.newMapper(), Duration.ofSeconds(10), maxList);
    }

    @Test
    void lists_only_the_functions_with_triggers_with_the_gateways_credentials() throws Exception {
        var listed = client(GatewayClient.MAX_LIST).functions();

        assertThat(listed).extracting(GatewayClient.Listed::ref).containsExactly(new FunctionRef("tick", "openfaas-fn"));
        assertThat(seen.get("header authorization")).isEqualTo("Basic YWRtaW46c2VjcmV0");
    }

    @Test
    void a_function_list_longer_than_the_bound_is_refused_not_buffered() {
        assertThatThrownBy(() -> client(64).functions()).isInstanceOf(IOException.class)
                .hasMessageContaining("64 bytes or more");
    }

    @Test
    void a_failed_list_names_the_status_and_only_the_start_of_the_answer() {
        failing = true;

        assertThatThrownBy(() -> client(GatewayClient.MAX_LIST).functions()).isInstanceOf(IOException.class)
                .hasMessageStartingWith("GET /system/namespaces answered 500: eee")
                .hasMessageNotContaining("e".repeat(GatewayClient.MAX_ERROR_TEXT + 1));
    }

    @Test
    void an_invocation_sends_the_body_and_headers_but_not_hop_by_hop_ones_or_broken_values() throws Exception {
        GatewayClient.Answer answer = client(GatewayClient.MAX_LIST).invoke(new FunctionRef("echo", "openfaas-fn"),
                Triggers.Invocation.SYNC, Map.of("X-Topic", "orders", "Connection", "close", "X-Bad", "a\r\nb"),
                "hello".getBytes(StandardCharsets.UTF_8), 1024);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("got hello");
        assertThat(answer.headers()).containsEntry("X-Duration-Seconds", "0.1");
        assertThat(seen).containsEntry("POST /function/echo.openfaas-fn", "hello")
                .containsEntry("header x-topic", "orders").doesNotContainKey("header x-bad");
        assertThat(seen.get("header connection")).isNotEqualTo("close");
    }

    @Test
    void an_answer_keeps_at_most_the_bytes_asked_for() throws Exception {
        GatewayClient.Answer answer = client(GatewayClient.MAX_LIST).invoke(new FunctionRef("big", "openfaas-fn"),
                Triggers.Invocation.SYNC, Map.of(), new byte[0], 1000);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).hasSize(1000);
        assertThat(answer.headers()).containsEntry("X-Call-Id", "c1");
    }
}
