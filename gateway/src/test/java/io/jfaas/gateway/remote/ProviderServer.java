package io.jfaas.gateway.remote;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.gateway.testing.TestRouters;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Json;
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import io.jfaas.provider.FunctionEndpoints;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server that speaks the OpenFaaS provider contract: the gateway's own {@code /system} routes, with
 * basic auth, in front of a {@link FakeProvider}. What a {@link RemoteProvider} talks to in tests, in place of the
 * operator's provider API (which serves the same routes and JSON). Its endpoints feed ({@code /system/endpoints})
 * announces each function of the fake with its available replicas at the fake's upstream port, unless a test set the
 * function's endpoints ({@link #endpoints}) or marked it as having no Deployment yet ({@link #starting}); it sends a
 * snapshot whenever that view changes (looked at every 10 ms), as the operator sends each change.
 */
final class ProviderServer implements AutoCloseable {

    static final Credentials CREDENTIALS = new Credentials("admin", "s3cret");

    private final Vertx vertx;
    private final FakeProvider provider;
    private final HttpServer server;
    private final int upstreamPort;
    private final Map<FunctionRef, List<Endpoint>> endpoints = new ConcurrentHashMap<>();
    private final Set<FunctionRef> starting = ConcurrentHashMap.newKeySet();
    private final Set<HttpServerResponse> feeds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();

    private ProviderServer(Vertx vertx, FakeProvider provider, HttpServer server, int upstreamPort) {
        this.vertx = vertx;
        this.provider = provider;
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** Listens on a free loopback port; the fake's functions are served at {@code upstreamPort}. */
    static ProviderServer start(Path state, int upstreamPort) {
        return start(state, upstreamPort, 0);
    }

    /** Listens on loopback port {@code port}. */
    static ProviderServer start(Path state, int upstreamPort, int port) {
        FakeProvider provider = new FakeProvider(upstreamPort);
        GatewayConfig config = GatewayConfig.fromEnv(Map.of("JFAAS_STATE_DIR", state.toString(),
                "HOME", state.toString()));
        Vertx vertx = Vertx.vertx();
        Router router = TestRouters.router(vertx, config, provider, Optional.of(CREDENTIALS), new GatewayMetrics());
        ProviderServer[] self = new ProviderServer[1];
        router.route().order(-2).handler(ctx -> {
            if (!ctx.request().path().equals("/" + EndpointsUpdate.PATH)) {
                self[0].requests.incrementAndGet();
                self[0].requestsByPath.computeIfAbsent(ctx.request().method() + " " + ctx.request().path(),
                        path -> new AtomicInteger()).incrementAndGet();
            }
            ctx.next();
        });
        router.get("/" + EndpointsUpdate.PATH).order(-1).handler(ctx -> self[0].feed(ctx.request().getHeader(
                "Authorization"), ctx.response()));
        HttpServer server = vertx.createHttpServer().requestHandler(router)
                .listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        self[0] = new ProviderServer(vertx, provider, server, upstreamPort);
        return self[0];
    }

    private void feed(String authorization, HttpServerResponse response) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CREDENTIALS.user() + ":"
                + CREDENTIALS.password()).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            response.setStatusCode(401).end("unauthorized\n");
            return;
        }
        response.setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        feeds.add(response);
        String[] last = {""};
        long timer = vertx.setPeriodic(0, 10, id -> {
            String line = snapshot();
            if (!line.equals(last[0])) {
                last[0] = line;
                response.write(Buffer.buffer(line + "\n"));
            }
        });
        response.closeHandler(closed -> {
            vertx.cancelTimer(timer);
            feeds.remove(response);
        });
    }

    private String snapshot() {
        List<FunctionEndpoints> functions = new ArrayList<>();
        for (String namespace : provider.namespaces().join()) {
            for (FunctionStatus status : provider.list(namespace).join()) {
                FunctionRef ref = new FunctionRef(status.name(), status.namespace());
                List<Endpoint> ready = endpoints.get(ref);
                if (ready == null) {
                    ready = status.availableReplicas() > 0 ? List.of(new Endpoint("127.0.0.1", upstreamPort))
                            : List.of();
                }
                functions.add(new FunctionEndpoints(status.name(), status.namespace(),
                        starting.contains(ref) ? null : (int) status.replicas(), ready, status.annotations()));
            }
        }
        try {
            return Json.newMapper().writeValueAsString(new EndpointsUpdate(true, functions, List.of()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    FakeProvider provider() {
        return provider;
    }

    /** From now on the feed announces exactly {@code ready} as {@code ref}'s ready endpoints. */
    void endpoints(FunctionRef ref, List<Endpoint> ready) {
        endpoints.put(ref, List.copyOf(ready));
    }

    /** Whether the feed announces {@code ref} as having no Deployment yet (replicas unknown). */
    void starting(FunctionRef ref, boolean isStarting) {
        if (isStarting) {
            starting.add(ref);
        } else {
            starting.remove(ref);
        }
    }

    /** Requests to the provider other than the endpoints feed, so far. */
    int requests() {
        return requests.get();
    }

    /** Requests so far per method and path ({@code GET /system/functions}), the endpoints feed left out. */
    Map<String, Integer> requestsByPath() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        requestsByPath.forEach((path, count) -> copy.put(path, count.get()));
        return copy;
    }

    /** Ends every open endpoints feed (the gateway reconnects). */
    void dropFeeds() {
        vertx.runOnContext(v -> feeds.forEach(HttpServerResponse::reset));
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/");
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
    }
}
