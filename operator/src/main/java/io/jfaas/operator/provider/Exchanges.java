package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import io.jfaas.model.DeleteFunctionRequest;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.ScaleServiceRequest;
import io.jfaas.model.Secret;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.RequestBodies;

/** Reading requests and writing replies on the JDK server, in OpenFaaS's shapes (errors are {@code text/plain}). */
final class Exchanges {

    /** Request bodies larger than this are refused: every provider request is a small JSON document. */
    static final int MAX_BODY = 1 << 20;
    /** The example a "JSON body is required" message shows, per request type: the gateway's. */
    private static final Map<Class<?>, String> EXAMPLES = Map.of(
            FunctionDeployment.class, RequestBodies.DEPLOYMENT_EXAMPLE,
            DeleteFunctionRequest.class, RequestBodies.DELETE_EXAMPLE,
            ScaleServiceRequest.class, RequestBodies.SCALE_EXAMPLE,
            Secret.class, RequestBodies.SECRET_EXAMPLE);

    private Exchanges() {
    }

    /** Query parameters; the last value wins when one repeats (as faas-provider's log handler). */
    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }

    /** The body as {@code type}; 400 naming the problem when it is empty or not that JSON ({@link RequestBodies}). */
    static <T> T body(HttpExchange exchange, ObjectMapper mapper, Class<T> type) throws IOException {
        return body(exchange, mapper, type, tree -> Optional.empty());
    }

    /** As {@link #body(HttpExchange, ObjectMapper, Class)}, refusing first a body in whose tree {@code check} finds a problem. */
    static <T> T body(HttpExchange exchange, ObjectMapper mapper, Class<T> type,
                      Function<JsonNode, Optional<String>> check) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new ApiError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        try {
            return RequestBodies.read(body, mapper, type, EXAMPLES.getOrDefault(type, "{}"), check);
        } catch (ProviderException e) {
            throw new ApiError(e.kind().status(), e.getMessage());
        }
    }

    static void json(HttpExchange exchange, ObjectMapper mapper, int status, Object value) throws IOException {
        byte[] body = mapper.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void empty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** A plain-text error as Go's {@code http.Error}: message, newline, nosniff. */
    static void error(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
