package io.jfaas.watchdog;

import com.sun.net.httpserver.HttpExchange;
import io.jfaas.function.Headers;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One request in flight: reads it as a function-api {@link Request}, writes the answer, and is the one place that
 * adds {@code X-Duration-Seconds} and writes the access log line.
 */
final class Invocation {

    static final String DURATION_HEADER = "X-Duration-Seconds";

    private final HttpExchange exchange;
    private final long startNanos;

    Invocation(HttpExchange exchange) {
        this.exchange = exchange;
        this.startNanos = System.nanoTime();
    }

    /** Reads the whole request. */
    Request request() throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        return Request.builder()
                .method(exchange.getRequestMethod())
                .path(exchange.getRequestURI().getRawPath())
                .query(exchange.getRequestURI().getRawQuery())
                .headers(Headers.of(exchange.getRequestHeaders()))
                .body(body)
                .build();
    }

    /** Writes a handler's response. */
    void send(Response response) throws IOException {
        com.sun.net.httpserver.Headers headers = exchange.getResponseHeaders();
        response.headers().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        send(response.status(), response.body());
    }

    /** Writes a plain-text answer of the watchdog's own. */
    void sendText(int status, String text) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        send(status, text.getBytes(StandardCharsets.UTF_8));
    }

    private void send(int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set(DURATION_HEADER, seconds(System.nanoTime() - startNanos));
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod())
                || status == 204 || status == 304 || status < 200;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
        accessLog(status, noBody ? 0 : body.length);
    }

    private void accessLog(int status, long length) {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (agent != null && (agent.startsWith("kube-probe") || agent.startsWith("jfaas-probe"))) {
            return;
        }
        Log.info(String.format(Locale.ROOT, "%s %s - %d - ContentLength: %dB (%.4fs)",
                exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status, length,
                (System.nanoTime() - startNanos) / 1e9));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }
}
