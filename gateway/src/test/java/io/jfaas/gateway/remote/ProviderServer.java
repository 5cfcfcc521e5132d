package io.jfaas.gateway.remote;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server that speaks the OpenFaaS provider contract: the gateway's own {@code /system} routes, with
 * basic auth, in front of a {@link FakeProvider}. What a {@link RemoteProvider} talks to in tests, in place of the
 * operator's provider API (which serves the same routes and JSON).
 */
final class ProviderServer implements AutoCloseable {

    static final Credentials CREDENTIALS = new Credentials("admin", "s3cret");

    private final Vertx vertx;
    private final FakeProvider provider;
    private final HttpServer server;

    private ProviderServer(Vertx vertx, FakeProvider provider, HttpServer server) {
        this.vertx = vertx;
        this.provider = provider;
        this.server = server;
    }

    /** Listens on a free loopback port; the fake's functions are served at {@code upstreamPort}. */
    static ProviderServer start(Path state, int upstreamPort) {
        FakeProvider provider = new FakeProvider(upstreamPort);
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(),
                "HOME", state.toString()));
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(TestRouters.router(vertx, config, provider, Optional.of(CREDENTIALS),
                        new GatewayMetrics()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return new ProviderServer(vertx, provider, server);
    }

    FakeProvider provider() {
        return provider;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
}
