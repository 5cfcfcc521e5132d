package io.jfaas.gateway.async;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.invoke.DirectInvoker;
import io.jfaas.gateway.invoke.InvokeHandler;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.model.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
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
 * The gateway's routes with async on, in front of a {@link FakeProvider} whose functions all run as one
 * {@link ScriptedFunction}, the queue worker calling these routes; basic auth off. Settings from an environment map.
 */
public final class AsyncGateway implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public final ScriptedFunction function;
    final FakeProvider provider;
    final AsyncService async;
    final GatewayMetrics metrics;
    private final Vertx vertx;
    private final HttpServer server;

    private AsyncGateway(ScriptedFunction function, FakeProvider provider, AsyncService async, GatewayMetrics metrics,
                         Vertx vertx, HttpServer server) {
        this.function = function;
        this.metrics = metrics;
        this.provider = provider;
        this.async = async;
        this.vertx = vertx;
        this.server = server;
    }

    public static AsyncGateway start(Path state, Map<String, String> settings) throws Exception {
        return start(state, settings, false);
    }

    /**
     * @param noRoute the worker is told the gateway's route is at a port where nothing listens: only calls made in
     *                the process can complete
     */
    public static AsyncGateway start(Path state, Map<String, String> settings, boolean noRoute) throws Exception {
        ScriptedFunction function = ScriptedFunction.start();
        FakeProvider provider = new FakeProvider(function.port());
        Map<String, String> env = new HashMap<>(settings);
        env.put("JFAAS_STATE_DIR", state.toString());
        env.put("HOME", state.toString());
        env.put("basic_auth", "false");
        GatewayConfig config = GatewayConfig.fromEnv(env);
        AsyncService async = AsyncService.open(config.async(), config.functionNamespace(), Json.newMapper());
        Vertx vertx = Vertx.vertx();
        GatewayMetrics metrics = new GatewayMetrics();
        ScaleFromZero fromZero = new ScaleFromZero(provider, true, 100);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(TestRouters.router(vertx, config, provider, Optional.empty(), metrics,
                        fromZero, Optional.of(async)))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        // as the gateway runs it: calls made in the process, the HTTP route only for functions on NATS
        DirectInvoker direct = new DirectInvoker(vertx, fromZero, vertx.createHttpClient(), metrics,
                new InvokeHandler.Settings(config.functionNamespace(), config.upstreamTimeout(),
                        config.maxRequestBody()), "test");
        int routePort = noRoute ? unusedPort() : server.actualPort();
        async.startWorker(provider, URI.create("http://127.0.0.1:" + routePort), config.upstreamTimeout(),
                Optional.of(direct));
        return new AsyncGateway(function, provider, async, metrics, vertx, server);
    }

    private static int unusedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    /** Deploys a function with annotations through the API. */
    public void deploy(String name, String annotationsJson) throws Exception {
        HttpResponse<String> response = send("POST", "/system/functions", "{\"service\":\"" + name
                + "\",\"image\":\"x:1\",\"annotations\":" + annotationsJson + "}", Map.of());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("deploy of " + name + " answered " + response.statusCode());
        }
    }

    public HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && path.startsWith("/system/")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        async.close();
        function.close();
        vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
}
