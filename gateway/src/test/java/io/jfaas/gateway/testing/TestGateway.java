package io.jfaas.gateway.testing;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.GatewayRoutes;
import io.jfaas.gateway.invoke.FunctionRelay;
import io.jfaas.gateway.http.ClientConnections;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's routes and metrics listener on loopback ports, in front of a {@link FakeProvider} whose functions all
 * run as one {@link EchoFunction}; basic auth off. Settings come from the environment map, as in production.
 */
public final class TestGateway implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Vertx vertx;
    private final EchoFunction echo;
    private final FakeProvider provider;
    private final HttpServer server;
    private final HttpServer metricsServer;
    private final ScaleFromZero fromZero;

    private TestGateway(Vertx vertx, EchoFunction echo, FakeProvider provider, HttpServer server,
                        HttpServer metricsServer, ScaleFromZero fromZero) {
        this.vertx = vertx;
        this.echo = echo;
        this.provider = provider;
        this.fromZero = fromZero;
        this.server = server;
        this.metricsServer = metricsServer;
    }

    public static TestGateway start(Path state, Map<String, String> settings) throws IOException {
        EchoFunction echo = EchoFunction.start();
        FakeProvider provider = new FakeProvider(echo.port());
        Map<String, String> env = new HashMap<>(settings);
        env.put("JFAAS_STATE_DIR", state.toString());
        env.put("HOME", state.toString());
        env.put("basic_auth", "false");
        GatewayConfig config = GatewayConfig.fromEnv(env);
        Vertx vertx = Vertx.vertx();
        GatewayMetrics metrics = new GatewayMetrics();
        ScaleFromZero fromZero = new ScaleFromZero(provider, config.scaling().fromZero(),
                config.scaling().maxHeldCalls());
        HttpServer server = vertx.createHttpServer(ClientConnections.serverOptions(config.connections().h2c()));
        if (config.connections().functionRelay()) {
            // as the gateway's servers do: plain invocations are relayed ahead of the HTTP server
            FunctionRelay.Shared relay = GatewayRoutes.functionRelay(config, fromZero, metrics, Optional.empty());
            server.connectionHandler(connection -> FunctionRelay.install(relay, connection));
        }
        server = server.requestHandler(TestRouters.requestHandler(vertx, config, provider, Optional.empty(), metrics,
                        fromZero, Optional.empty()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        HttpServer metricsServer = vertx.createHttpServer()
                .requestHandler(GatewayRoutes.metricsRouter(vertx, provider, metrics))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new TestGateway(vertx, echo, provider, server, metricsServer, fromZero);
    }

    public FakeProvider provider() {
        return provider;
    }

    /** Where calls get their replica: holds calls to functions at zero. */
    public ScaleFromZero fromZero() {
        return fromZero;
    }

    public EchoFunction function() {
        return echo;
    }

    public int port() {
        return server.actualPort();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    public URI metricsUri(String path) {
        return URI.create("http://127.0.0.1:" + metricsServer.actualPort() + path);
    }

    /** Deploys a function (to the fake provider, through the API) and checks it was accepted. */
    public void deploy(String name) throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions",
                "{\"service\":\"" + name + "\",\"image\":\"x:1\"}");
        if (response.statusCode() != 202) {
            throw new IllegalStateException("deploy of " + name + " answered " + response.statusCode());
        }
    }

    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && path.startsWith("/system/")) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String scrape() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(metricsUri("/metrics")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    @Override
    public void close() {
        echo.close();
        // bounded: join cannot be interrupted by a test timeout
        vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
}
