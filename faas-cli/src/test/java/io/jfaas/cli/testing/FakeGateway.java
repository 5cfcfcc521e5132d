package io.jfaas.cli.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway for CLI tests: records every request and answers with what the test set for "METHOD PATH" (without the
 * query), 404 otherwise. /system/* needs the basic-auth user admin:secret, as a real gateway would.
 */
public final class FakeGateway implements AutoCloseable {

    public static final String PASSWORD = "secret";

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new ArrayList<>();

    /**
     * A request the gateway received.
     *
     * @param method the method
     * @param path the path
     * @param query the raw query, or null
     * @param headers the headers, names lower-case, first value
     * @param body the body
     */
    public record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
    }

    private record Answer(int status, String body, String contentType) {
    }

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeGateway answer(String methodAndPath, int status, String body) {
        answers.put(methodAndPath, new Answer(status, body, "application/json"));
        return this;
    }

    public synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        synchronized (this) {
            requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    headers, body));
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes());
        Answer answer;
        if (path.startsWith("/system/") && !expected.equals(headers.get("authorization"))) {
            answer = new Answer(401, "invalid credentials\n", "text/plain");
        } else {
            answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path, new Answer(404, "", "text/plain"));
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
