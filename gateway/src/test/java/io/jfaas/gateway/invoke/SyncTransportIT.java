package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.GatewayRoutes;
import io.jfaas.gateway.async.AsyncService;
import io.jfaas.gateway.async.TestNats;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.gateway.system.StatusDetails;
import io.jfaas.gateway.testing.ContractHandler;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.model.Json;
import io.jfaas.model.SyncTransport;
import io.jfaas.imagestore.LocalImageStore;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The invocation contract over both transports, end to end: a real {@code nats-server} started here, a gateway in this
 * JVM with the local provider, and real watchdog processes running {@link ContractHandler}. {@code http-echo} is
 * called over HTTP, {@code nats-echo} (annotation {@code com.jfaas.transport: nats}) over NATS; each contract case
 * runs against both. The no-replier and timeout cases use the gateway's routes in front of a fake provider, so that
 * nothing else answers on the subject.
 */
class SyncTransportIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "openfaas-fn";

    @TempDir
    static Path dir;

    private static Process natsServer;
    private static String natsUrl;
    private static Gateway gateway;
    private static Connection spy;
    /** Every request seen on the two functions' subjects (a plain subscriber gets a copy; it never replies). */
    private static final List<Message> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path program = TestNats.program();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        natsServer = new ProcessBuilder(program.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", Files.createDirectories(dir.resolve("nats")).toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        natsUrl = "nats://127.0.0.1:" + port;
        spy = Nats.connect(natsUrl);
        Dispatcher dispatcher = spy.createDispatcher(seen::add);
        dispatcher.subscribe(NatsEnvelope.subject(NS, "nats-echo"));
        dispatcher.subscribe(NatsEnvelope.subject(NS, "http-echo"));
        spy.flush(Duration.ofSeconds(5));

        Path images = dir.resolve("images");
        TestImages.store(new LocalImageStore(images), "contract:latest", Files.createDirectories(dir.resolve("work")),
                ContractHandler.class);
        Map<String, String> env = baseEnv();
        env.put("JFAAS_IMAGE_STORE", images.toString());
        env.put("JFAAS_WATCHDOG_CLASSPATH", Path.of("target", "watchdog").toAbsolutePath() + "/*");
        env.put("JFAAS_STARTUP_CACHE", "false");
        env.put("JFAAS_AUTOSCALE", "false");
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
        deploy("http-echo", Map.of());
        deploy("nats-echo", Map.of(SyncTransport.ANNOTATION, "nats"));
        deploy("nats-sleepy", Map.of(SyncTransport.ANNOTATION, "nats"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (spy != null) {
            spy.close();
        }
        if (natsServer != null) {
            natsServer.destroy();
            natsServer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void every_method_path_below_the_name_and_query_reach_the_function(String function) throws Exception {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            HttpResponse<byte[]> response = call(function, method, "/some/deep/path?a=1&b=two%20words&b=3",
                    method.equals("GET") ? null : "x".getBytes(), Map.of());

            assertThat(response.statusCode()).as(method).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Echo-Method")).as(method).contains(method);
            assertThat(response.headers().firstValue("X-Echo-Path")).as(method).contains("/some/deep/path");
            assertThat(response.headers().firstValue("X-Echo-Query")).as(method).contains("a=1&b=two%20words&b=3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void request_headers_reach_the_function_and_response_headers_and_status_come_back(String function)
            throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri("/function/" + function + "/status/201"))
                .header("X-Test", "one").header("X-Test", "two").POST(HttpRequest.BodyPublishers.ofString("b"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Echo-Test")).contains("one,two");
        assertThat(response.headers().firstValue("X-Custom")).contains("yes");
        assertThat(response.headers().allValues("X-Many")).containsExactly("one", "two");
        assertThat(response.headers().firstValue("X-Call-Id")).isPresent();
        assertThat(response.headers().firstValue("X-Duration-Seconds")).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void without_a_sub_path_the_function_sees_slash_and_name_dot_namespace_reaches_it(String function)
            throws Exception {
        HttpResponse<byte[]> bare = call(function, "GET", "", null, Map.of());
        HttpResponse<byte[]> qualified = HTTP.send(HttpRequest.newBuilder(uri("/function/" + function + "." + NS
                + "/in-ns")).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(bare.headers().firstValue("X-Echo-Path")).contains("/");
        assertThat(qualified.statusCode()).isEqualTo(200);
        assertThat(qualified.headers().firstValue("X-Echo-Path")).contains("/in-ns");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void the_clients_call_id_reaches_the_function_and_is_not_echoed(String function) throws Exception {
        HttpResponse<byte[]> response = call(function, "POST", "/", "x".getBytes(),
                Map.of("X-Call-Id", "5b3f1c9e-0000-4000-8000-00000000abcd"));

        assertThat(response.headers().firstValue("X-Echo-Call-Id")).contains("5b3f1c9e-0000-4000-8000-00000000abcd");
        // as OpenFaaS: a call id the client chose is passed on, not sent back
        assertThat(response.headers().allValues("X-Call-Id")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void a_redirect_is_passed_through_not_followed_and_head_has_no_body(String function) throws Exception {
        HttpResponse<byte[]> redirect = call(function, "GET", "/status/302", null, Map.of());
        HttpResponse<byte[]> head = call(function, "HEAD", "/headed", null, Map.of());

        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).contains("/elsewhere");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("X-Echo-Method")).contains("HEAD");
        assertThat(head.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void an_error_status_from_the_function_is_passed_through(String function) throws Exception {
        HttpResponse<byte[]> response = call(function, "GET", "/status/418", null, Map.of());

        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(response.headers().firstValue("X-Custom")).contains("yes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void a_binary_body_and_its_content_type_come_back_byte_for_byte(String function) throws Exception {
        byte[] body = new byte[200_000];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> response = call(function, "POST", "/", body,
                Map.of("Content-Type", "application/x-test"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/x-test");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http-echo", "nats-echo"})
    void a_call_is_counted_in_the_gateways_metrics_whatever_the_transport(String function) throws Exception {
        double before = invocations(function, "201");

        call(function, "POST", "/status/201", "m".getBytes(), Map.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> invocations(function, "201") == before + 1);
    }

    @Test
    void calls_go_over_the_transport_each_function_asks_for() throws Exception {
        seen.clear();

        call("nats-echo", "GET", "/marker-nats?q=1", null, Map.of());
        call("http-echo", "GET", "/marker-http", null, Map.of());

        await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty());
        assertThat(seen).extracting(m -> m.getSubject() + " " + m.getHeaders().getFirst(NatsEnvelope.METHOD) + " "
                + m.getHeaders().getFirst(NatsEnvelope.URI)).containsExactly("jfaas.invoke.openfaas-fn.nats-echo GET"
                + " /marker-nats?q=1");
    }

    @Test
    void a_body_larger_than_one_nats_message_is_413_naming_max_payload_over_nats_and_served_over_http()
            throws Exception {
        byte[] body = new byte[2 * 1024 * 1024];

        HttpResponse<byte[]> overNats = call("nats-echo", "POST", "/", body, Map.of());
        HttpResponse<byte[]> overHttp = call("http-echo", "POST", "/", body, Map.of());

        assertThat(overNats.statusCode()).isEqualTo(413);
        assertThat(new String(overNats.body())).contains("max_payload of 1048576 bytes").contains("nats-echo");
        assertThat(overHttp.statusCode()).isEqualTo(200);
        assertThat(overHttp.body()).hasSize(body.length);
    }

    @Test
    void a_function_at_zero_on_the_nats_transport_is_woken_and_served_over_nats() throws Exception {
        call("nats-sleepy", "GET", "/", null, Map.of());
        HttpResponse<String> scaled = HTTP.send(HttpRequest.newBuilder(uri("/system/scale-function/nats-sleepy"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"serviceName\":\"nats-sleepy\",\"replicas\":0}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(scaled.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> status("nats-sleepy").path("availableReplicas").asInt() == 0
                && status("nats-sleepy").path("replicas").asInt() == 0);

        HttpResponse<byte[]> response = call("nats-sleepy", "POST", "/woken", "hi".getBytes(), Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Path")).contains("/woken");
        assertThat(status("nats-sleepy").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void no_replica_on_the_subject_is_503_and_no_answer_within_upstream_timeout_is_504() throws Exception {
        FakeProvider provider = new FakeProvider(1);
        Map<String, String> env = baseEnv();
        env.put("JFAAS_STATE_DIR", Files.createDirectories(dir.resolve("routes-state")).toString());
        env.put("upstream_timeout", "1s");
        GatewayConfig config = GatewayConfig.fromEnv(env);
        AsyncService async = AsyncService.open(config.async(), NS, Json.newMapper());
        Vertx vertx = Vertx.vertx();
        Connection silent = Nats.connect(natsUrl);
        try {
            GatewayMetrics metrics = new GatewayMetrics();
            HttpServer server = vertx.createHttpServer()
                    .requestHandler(GatewayRoutes.router(vertx, config, provider, Optional.empty(),
                            vertx.createHttpClient(), metrics, new ScaleFromZero(provider, true, 10),
                            new StatusDetails(metrics, ref -> Optional.empty()), Json.newMapper(), Optional.of(async)))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
            String base = "http://127.0.0.1:" + server.actualPort();
            for (String name : List.of("nobody", "silent")) {
                HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"" + name + "\",\"image\":\"x:1\","
                                + "\"annotations\":{\"com.jfaas.transport\":\"nats\"}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(deployed.statusCode()).isEqualTo(202);
            }
            // subscribed, never replies
            silent.createDispatcher(message -> { }).subscribe(NatsEnvelope.subject(NS, "silent"), "q");
            silent.flush(Duration.ofSeconds(5));

            HttpResponse<String> nobody = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/function/nobody"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            long start = System.nanoTime();
            HttpResponse<String> timedOut = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/function/silent"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(nobody.statusCode()).isEqualTo(503);
            assertThat(nobody.body()).contains("nobody.openfaas-fn").contains("jfaas.invoke.openfaas-fn.nobody")
                    .contains("transport nats");
            assertThat(timedOut.statusCode()).isEqualTo(504);
            assertThat(timedOut.body()).contains("silent.openfaas-fn").contains("upstream_timeout of 1s")
                    .contains("NATS");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
            assertThat(provider.released()).isEqualTo(2);
        } finally {
            silent.close();
            vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS)
                    .join();
            async.close();
        }
    }

    @Test
    void an_invalid_transport_annotation_is_refused_at_deploy_naming_it() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/system/functions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"odd\",\"image\":\"contract:latest\","
                        + "\"annotations\":{\"com.jfaas.transport\":\"grpc\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("com.jfaas.transport").contains("grpc");
    }

    private static Map<String, String> baseEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", ""));
        env.put("HOME", dir.toString());
        env.put("port", "0");
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("basic_auth", "false");
        env.put("JFAAS_STATE_DIR", dir.resolve("state").toString());
        env.put("JFAAS_NATS_URL", natsUrl);
        return env;
    }

    private static void deploy(String name, Map<String, String> annotations) throws Exception {
        String body = JSON.writeValueAsString(Map.of("service", name, "image", "contract:latest",
                "envVars", Map.of("JFAAS_HANDLER_CLASS", ContractHandler.class.getName()),
                "annotations", annotations));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/system/functions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static HttpResponse<byte[]> call(String function, String method, String pathAndQuery, byte[] body,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/function/" + function + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode status(String name) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(uri("/system/function/" + name)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static double invocations(String function, String code) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.metricsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("gateway_function_invocation_total{")
                        && line.contains("function_name=\"" + function + "." + NS + "\"")
                        && line.contains("code=\"" + code + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
