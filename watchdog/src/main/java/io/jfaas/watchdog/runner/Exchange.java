package io.jfaas.watchdog.runner;

import com.sun.net.httpserver.HttpExchange;
import io.jfaas.contracts.CallHeaders;
import io.jfaas.function.Headers;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request in flight, whatever the mode: reads the request (within the body limit), writes the answer, and is the
 * one place that adds {@code X-Duration-Seconds}, writes the access log line and reports to metrics.
 */
public final class Exchange {

    public static final String INTERNAL_HEADER = "X-OpenFaaS-Internal";

    /** Told about every completed exchange. */
    public interface Listener {
        void completed(String method, int status, long nanos);
    }

    private final HttpExchange http;
    private final long startNanos = System.nanoTime();
    private final long maxBody;
    private final boolean logCallId;
    private final Listener listener;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile int status;
    private long written;
    private volatile boolean started;

    public Exchange(HttpExchange http, long maxBody, boolean logCallId, Listener listener) {
        this.http = http;
        this.maxBody = maxBody;
        this.logCallId = logCallId;
        this.listener = listener;
    }

    public String method() {
        return http.getRequestMethod();
    }

    /** The path as sent, percent-encoded. */
    public String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    /** The query as sent, or null. */
    public String rawQuery() {
        return http.getRequestURI().getRawQuery();
    }

    public com.sun.net.httpserver.Headers requestHeaders() {
        return http.getRequestHeaders();
    }

    /**
     * Claims the right to answer, for runners where two threads may race to (the handler and the exec_timeout
     * watcher): true for the first caller only.
     */
    public boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** Whether the answer has begun; after that only the body can follow. */
    public boolean started() {
        return started;
    }

    /** The request body, failing with {@link BodyTooLargeException} past the limit. */
    public InputStream requestBody() throws BodyTooLargeException {
        String length = http.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBody) {
                    throw new BodyTooLargeException(maxBody);
                }
            } catch (NumberFormatException e) {
                // the server rejects malformed lengths itself
            }
        }
        return new LimitedInputStream(http.getRequestBody(), maxBody);
    }

    /** The whole request, as the function API gives it to handlers. */
    public Request readRequest() throws IOException {
        byte[] body;
        try (InputStream in = requestBody()) {
            body = in.readAllBytes();
        }
        return Request.builder()
                .method(method())
                .path(rawPath())
                .query(rawQuery())
                .headers(Headers.of(http.getRequestHeaders()))
                .body(body)
                .build();
    }

    /** Writes a handler's response; {@code defaultContentType} (or null) when it sets none. */
    public void send(Response response, String defaultContentType) throws IOException {
        com.sun.net.httpserver.Headers headers = http.getResponseHeaders();
        response.headers().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        if (defaultContentType != null && !headers.containsKey("Content-Type")) {
            headers.set("Content-Type", defaultContentType);
        }
        writeWhole(response.status(), response.body());
    }

    /** Writes a plain-text answer of the watchdog's own, with extra headers given as name-value pairs. */
    public void sendText(int code, String text, String... headerPairs) throws IOException {
        com.sun.net.httpserver.Headers headers = http.getResponseHeaders();
        headers.set("Content-Type", "text/plain; charset=utf-8");
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.set(headerPairs[i], headerPairs[i + 1]);
        }
        writeWhole(code, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Response headers to fill before {@link #start}. */
    public com.sun.net.httpserver.Headers responseHeaders() {
        return http.getResponseHeaders();
    }

    /**
     * Begins a streamed answer.
     *
     * @param length the body's length, or -1 when unknown (chunked)
     * @return where the body goes; {@link #finish()} closes it
     */
    public OutputStream start(int code, long length) throws IOException {
        boolean noBody = length == 0 || "HEAD".equals(method()) || code == 204 || code == 304 || code < 200;
        begin(code);
        http.sendResponseHeaders(code, noBody ? -1 : length < 0 ? 0 : length);
        OutputStream body = http.getResponseBody();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                body.write(b);
                written++;
            }

            @Override
            public void write(byte[] bytes, int offset, int count) throws IOException {
                body.write(bytes, offset, count);
                written += count;
            }

            @Override
            public void flush() throws IOException {
                body.flush();
            }

            @Override
            public void close() throws IOException {
                body.close();
            }
        };
    }

    /** Ends the exchange: closes it, logs it, reports it. Safe to call more than once. */
    public void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        http.close();
        long nanos = System.nanoTime() - startNanos;
        listener.completed(method(), status, nanos);
        String agent = http.getRequestHeaders().getFirst("User-Agent");
        if (agent != null && (agent.startsWith("kube-probe") || agent.startsWith("jfaas-probe"))) {
            return;
        }
        StringBuilder line = new StringBuilder(96).append(method()).append(' ').append(rawPath()).append(" - ")
                .append(status).append(" - ContentLength: ").append(written).append("B (");
        appendSeconds(line, nanos, 4).append("s)");
        if (logCallId) {
            line.append(" [").append(http.getRequestHeaders().getFirst(CallHeaders.CALL_ID)).append(']');
        }
        Log.info(line.toString());
    }

    private void writeWhole(int code, byte[] body) throws IOException {
        try (OutputStream out = start(code, body.length)) {
            if (body.length > 0 && !"HEAD".equals(method())) {
                out.write(body);
            }
        }
        finish();
    }

    private void begin(int code) {
        if (started) {
            throw new IllegalStateException("the response has already begun");
        }
        started = true;
        status = code;
        http.getResponseHeaders().set(CallHeaders.DURATION_SECONDS,
                appendSeconds(new StringBuilder(12), System.nanoTime() - startNanos, 6).toString());
    }

    /** Seconds with a fixed number of decimals, without String.format's cost on every request. */
    static StringBuilder appendSeconds(StringBuilder text, long nanos, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long units = Math.round(nanos / (1e9 / scale));
        String fraction = Long.toString(units % scale);
        text.append(units / scale).append('.');
        for (int i = fraction.length(); i < decimals; i++) {
            text.append('0');
        }
        return text.append(fraction);
    }

    /** Counts what is read and fails past the limit. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLargeException {
            read += n;
            if (read > limit) {
                throw new BodyTooLargeException(limit);
            }
        }
    }
}
