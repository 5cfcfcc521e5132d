package io.jfaas.charts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Helm's {@code lookup} asks of a Kubernetes API server, and nothing more: the discovery of core {@code v1}
 * ({@code GET /api/v1}), one Secret ({@code GET /api/v1/namespaces/NS/secrets/NAME}) and one Namespace
 * ({@code GET /api/v1/namespaces/NAME}), 404 unless a test stored it.
 * The embedded Helm finds it through {@code $KUBECONFIG} (set by the module's surefire configuration), which
 * {@link #start()} writes. fabric8's mock server cannot stand in: it serves no discovery.
 */
final class ApiServerStandIn {

    private static ApiServerStandIn instance;

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, String> namespaces = new ConcurrentHashMap<>();

    /** The one stand-in of this JVM, started on first use on a free loopback port. */
    static synchronized ApiServerStandIn start() {
        if (instance == null) {
            instance = new ApiServerStandIn();
            instance.listen();
        }
        return instance;
    }

    /** Stores a Secret's JSON, which the next {@code lookup} of it returns; {@code null} removes it. */
    void secret(String namespace, String name, String json) {
        String key = namespace + "/" + name;
        if (json == null) {
            secrets.remove(key);
        } else {
            secrets.put(key, json);
        }
    }

    /** Stores a Namespace's JSON, which the next {@code lookup} of it returns; {@code null} removes it. */
    void namespace(String name, String json) {
        if (json == null) {
            namespaces.remove(name);
        } else {
            namespaces.put(name, json);
        }
    }

    private void listen() {
        String kubeconfig = System.getenv("KUBECONFIG");
        if (kubeconfig == null) {
            throw new IllegalStateException("KUBECONFIG is not set: run the chart tests through Maven (charts/pom.xml)");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::answer);
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Files.createDirectories(Path.of(kubeconfig).getParent());
            Files.writeString(Path.of(kubeconfig), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                      - name: stand-in
                        cluster: {server: "%s"}
                    users:
                      - name: stand-in
                        user: {}
                    contexts:
                      - name: stand-in
                        context: {cluster: stand-in, user: stand-in}
                    current-context: stand-in
                    """.formatted(url));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        if (path.equals("/api/v1")) {
            send(exchange, 200, """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"v1","resources":[
                     {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret",
                      "verbs":["get","list"]},
                     {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace",
                      "verbs":["get","list"]}]}""");
        } else if (parts.length == 5 && path.startsWith("/api/v1/namespaces/") && namespaces.containsKey(parts[4])) {
            send(exchange, 200, namespaces.get(parts[4]));
        } else if (parts.length == 7 && path.startsWith("/api/v1/namespaces/") && parts[5].equals("secrets")
                && secrets.containsKey(parts[4] + "/" + parts[6])) {
            send(exchange, 200, secrets.get(parts[4] + "/" + parts[6]));
        } else {
            send(exchange, 404, """
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404,
                     "message":"%s not found"}""".formatted(path));
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
