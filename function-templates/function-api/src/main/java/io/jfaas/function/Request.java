package io.jfaas.function;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request to a function: method, path, query, headers and body. Immutable. The path is what follows the
 * function's name in the gateway URL: {@code /function/hello/a/b?x=1} arrives as path {@code /a/b}, query
 * {@code x=1}.
 *
 * <p>Tests build one with {@link #builder()}: {@code Request.builder().post("world").build()}.
 */
public final class Request {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String path;
    private final String rawQuery;
    private final Headers headers;
    private final byte[] body;
    private volatile Map<String, List<String>> query;

    private Request(Builder builder) {
        this.method = builder.method;
        this.path = builder.path;
        this.rawQuery = builder.rawQuery;
        this.headers = builder.headers;
        this.body = builder.body;
    }

    /** A builder for a {@code GET /} with no headers and no body. */
    public static Builder builder() {
        return new Builder();
    }

    /** The method, upper-case: {@code GET}, {@code POST}, ... */
    public String method() {
        return method;
    }

    /** The path below the function, as sent (percent-encoded), always starting with {@code /}. */
    public String path() {
        return path;
    }

    /** The query string as sent, without {@code ?}; empty when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The query parameters, decoded, in order; a parameter given twice has two values. */
    public Map<String, List<String>> query() {
        Map<String, List<String>> parsed = query;
        if (parsed == null) {
            parsed = parseQuery(rawQuery);
            query = parsed;
        }
        return parsed;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All request headers. */
    public Headers headers() {
        return headers;
    }

    /** The first value of a header; names are not case-sensitive. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** The Content-Type header. */
    public Optional<String> contentType() {
        return headers.first("Content-Type");
    }

    /** The call id the gateway gave this invocation ({@code X-Call-Id}); the same on every retry of a call. */
    public Optional<String> callId() {
        return headers.first("X-Call-Id");
    }

    /** The body as bytes. The array is the request's own: read it, do not change it. */
    public byte[] body() {
        return body;
    }

    /** The body as a stream. */
    public InputStream bodyAsStream() {
        return new ByteArrayInputStream(body);
    }

    /** The body as text, in the charset of the Content-Type, UTF-8 when it names none. */
    public String bodyAsText() {
        return new String(body, MediaTypes.charsetOf(contentType()));
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        if (raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        params.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** Builds a {@link Request}; the watchdog uses it, and so can tests. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private String rawQuery = "";
        private Headers headers = Headers.empty();
        private byte[] body = NO_BODY;

        private Builder() {
        }

        public Builder method(String method) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
            return this;
        }

        public Builder path(String path) {
            Objects.requireNonNull(path, "path");
            this.path = path.startsWith("/") ? path : "/" + path;
            return this;
        }

        /** The query string without {@code ?}, e.g. {@code name=Ada&lang=en}. */
        public Builder query(String rawQuery) {
            this.rawQuery = rawQuery == null ? "" : rawQuery;
            return this;
        }

        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            return this;
        }

        public Builder header(String name, String value) {
            this.headers = headers.withAdded(name, value);
            return this;
        }

        /** The body; the request keeps this array, so do not change it afterwards. */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        /** The body as UTF-8 text. */
        public Builder body(String text) {
            return body(text == null ? NO_BODY : text.getBytes(StandardCharsets.UTF_8));
        }

        /** Shorthand for a POST with a UTF-8 text body. */
        public Builder post(String text) {
            return method("POST").body(text);
        }

        public Request build() {
            return new Request(this);
        }
    }
}
