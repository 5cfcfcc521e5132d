package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfaas.model.Json;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.ReleaseVersion;
import io.jfaas.model.VersionInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's OpenFaaS provider API on the JDK's HTTP server (one virtual thread per request; TCP_NODELAY on, so
 * that small replies are not held back by Nagle's algorithm). Every route but {@code /healthz} needs basic auth when
 * it is on. {@code /healthz} answers 200 only while the operator is healthy, 503 with the reason otherwise.
 */
public final class ProviderApi implements AutoCloseable {

    /** {@code provider} in {@code /system/info}. */
    public static final String PROVIDER_NAME = "jfaas-operator";

    private final HttpServer server;
    private final ExecutorService executor;

    private ProviderApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the API.
     *
     * @param port             the port, 0 for any free one
     * @param auth             basic auth, or null when {@code basic_auth=false}
     * @param defaultNamespace the functions' default namespace
     * @param watchNamespaces  the namespaces the operator reconciles, empty for all: the only ones functions go to
     * @param health           why the operator is unhealthy, empty when it is healthy ({@code /healthz})
     */
    public static ProviderApi start(KubernetesClient client, int port, BasicAuth auth, String defaultNamespace,
            Set<String> watchNamespaces, Supplier<Optional<String>> health) throws IOException {
        // Nagle's algorithm with delayed ACKs costs ~40 ms per small reply on the JDK server
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        routes(server, client, auth, new Namespaces(client, defaultNamespace, watchNamespaces), health);
        server.start();
        return new ProviderApi(server, executor);
    }

    /** Every route, in one place. */
    static void routes(HttpServer server, KubernetesClient client, BasicAuth auth, Namespaces namespaces,
            Supplier<Optional<String>> health) {
        ObjectMapper mapper = Json.newMapper();
        FunctionsRoute functions = new FunctionsRoute(client, namespaces, mapper);
        mount(server, "/system/functions", functions.functions(), auth);
        mount(server, "/system/function/", functions.status(), auth);
        mount(server, "/system/scale-function/", functions.scale(), auth);
        mount(server, "/system/secrets", new SecretsRoute(client, namespaces, mapper), auth);
        mount(server, "/system/logs", new LogsRoute(client, namespaces, mapper), auth);
        mount(server, NamespaceRoute.PATH, new NamespaceRoute(client, namespaces, mapper), auth);
        mount(server, "/system/namespaces", new Route("GET") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                Exchanges.json(exchange, mapper, 200, namespaces.list());
            }
        }, auth);
        ProviderInfo info = new ProviderInfo(PROVIDER_NAME, "kubernetes",
                new VersionInfo(null, ReleaseVersion.sha(ProviderApi.class), ReleaseVersion.of(ProviderApi.class)));
        mount(server, "/system/info", new Route("GET") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                Exchanges.json(exchange, mapper, 200, info);
            }
        }, auth);
        mount(server, "/healthz", new Route("GET", "HEAD") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                Optional<String> problem = health.get();
                if (problem.isEmpty()) {
                    Exchanges.empty(exchange, 200);
                } else if ("HEAD".equals(exchange.getRequestMethod())) {
                    Exchanges.empty(exchange, 503);
                } else {
                    Exchanges.error(exchange, 503, problem.get());
                }
            }
        }, null);
        mount(server, "/", new Route("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS") {
            @Override
            void serve(HttpExchange exchange) {
                throw ApiError.notFound("404 page not found");
            }
        }, null);
    }

    private static void mount(HttpServer server, String path, HttpHandler handler, Filter auth) {
        HttpContext context = server.createContext(path, handler);
        if (auth != null) {
            context.getFilters().add(auth);
        }
    }

    /** The port the API listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
