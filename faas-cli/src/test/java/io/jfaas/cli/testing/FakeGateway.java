package io.jfaas.cli.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
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
 * query), 404 otherwise; a streamed answer is written by the test, chunk by chunk, while the CLI reads it. /system/*
 * needs the basic-auth user admin:secret, as a real gateway would.
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

    private record Answer(int status, String body, String contentType, Map<String, String> headers) {
    }

    /** Writes the body of a streamed answer; each {@code flush()} sends what was written as one chunk. */
    @FunctionalInterface
    public interface Streamer {
        void write(OutputStream body) throws Exception;
    }

    private final Map<String, Streamer> streams = new ConcurrentHashMap<>();

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeGateway answer(String methodAndPath, int status, String body) {
        answers.put(methodAndPath, new Answer(status, body, "application/json", Map.of()));
        return this;
    }

    /** {@link #answer}, with these headers too. */
    public FakeGateway answer(String methodAndPath, int status, String body, Map<String, String> headers) {
        answers.put(methodAndPath, new Answer(status, body, "application/json", Map.copyOf(headers)));
        return this;
    }

    /** Answers "METHOD PATH" with 200, {@code application/x-ndjson} and a chunked body that {@code streamer} writes. */
    public FakeGateway stream(String methodAndPath, Streamer streamer) {
        streams.put(methodAndPath, streamer);
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
        boolean authorised = !path.startsWith("/system/") || expected.equals(headers.get("authorization"));
        Streamer streamer = streams.get(exchange.getRequestMethod() + " " + path);
        if (authorised && streamer != null) {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream chunks = exchange.getResponseBody()) {
                streamer.write(chunks);
            } catch (Exception e) {
                throw new IOException("the test's streamer failed", e);
            } finally {
                exchange.close();
            }
            return;
        }
        if (!authorised) {
            answer = new Answer(401, "invalid credentials\n", "text/plain", Map.of());
        } else {
            answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Answer(404, "", "text/plain", Map.of()));
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
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
