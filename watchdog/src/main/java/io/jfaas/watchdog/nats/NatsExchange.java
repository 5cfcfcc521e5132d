package io.jfaas.watchdog.nats;

import static io.jfaas.contracts.NatsEnvelope.METHOD;
import static io.jfaas.contracts.NatsEnvelope.STATUS;
import static io.jfaas.contracts.NatsEnvelope.URI;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.jfaas.contracts.NatsEnvelope;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One NATS request seen as an HTTP exchange, so that it takes the watchdog's one request path (health, max_inflight,
 * the mode's runner, exec_timeout, metrics, the access log) unchanged.
 *
 * <p>The wire is {@link NatsEnvelope}, which the gateway sends. The answer is buffered and sent as one message
 * when the exchange closes; an answer larger than the server's {@code max_payload} is replaced by a 502 that says so.
 */
final class NatsExchange extends HttpExchange {

    private static final InetSocketAddress NOWHERE = new InetSocketAddress(0);

    private final Connection connection;
    private final Message request;
    private final String method;
    private final java.net.URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private final AtomicBoolean replied = new AtomicBoolean();
    private InputStream in;
    private OutputStream out;
    private int status = -1;

    private NatsExchange(Connection connection, Message request, String method, java.net.URI uri) {
        this.connection = connection;
        this.request = request;
        this.method = method;
        this.uri = uri;
        byte[] data = request.getData();
        this.in = new ByteArrayInputStream(data == null ? new byte[0] : data);
        this.out = new OutputStream() {
            @Override
            public void write(int b) {
                responseBody.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                responseBody.write(bytes, offset, length);
            }
        };
    }

    /**
     * The exchange for a request, or null when it is not one the gateway sent (no reply subject, or no method and
     * path): such a message is answered 400 here, naming what is missing, when it can be answered at all.
     */
    static NatsExchange of(Connection connection, Message message) {
        io.nats.client.impl.Headers headers = message.getHeaders();
        String method = headers == null ? null : headers.getFirst(METHOD);
        String target = headers == null ? null : headers.getFirst(URI);
        String problem = method == null || target == null ? "the request has no " + METHOD + " and " + URI
                + " headers" : null;
        java.net.URI uri = null;
        if (problem == null) {
            try {
                uri = java.net.URI.create(target);
                if (uri.getRawPath() == null || !uri.getRawPath().startsWith("/")) {
                    problem = URI + " \"" + target + "\" is not a path";
                }
            } catch (IllegalArgumentException e) {
                problem = URI + " \"" + target + "\" is not a valid path and query: " + e.getMessage();
            }
        }
        if (problem != null) {
            if (message.getReplyTo() != null) {
                io.nats.client.impl.Headers reply = new io.nats.client.impl.Headers()
                        .put(STATUS, "400").put("Content-Type", "text/plain; charset=utf-8");
                connection.publish(NatsMessage.builder().subject(message.getReplyTo()).headers(reply)
                        .data((problem + "\n").getBytes(StandardCharsets.UTF_8)).build());
            }
            return null;
        }
        NatsExchange exchange = new NatsExchange(connection, message, method, uri);
        headers.forEach((name, values) -> {
            if (!name.equals(METHOD) && !name.equals(URI)) {
                exchange.requestHeaders.put(name, List.copyOf(values));
            }
        });
        byte[] data = message.getData();
        exchange.requestHeaders.set("Content-Length", Integer.toString(data == null ? 0 : data.length));
        return exchange;
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public java.net.URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        return null;
    }

    /** Sends the reply, once. */
    @Override
    public void close() {
        if (!replied.compareAndSet(false, true) || request.getReplyTo() == null) {
            return;
        }
        io.nats.client.impl.Headers headers = new io.nats.client.impl.Headers();
        for (Map.Entry<String, List<String>> header : responseHeaders.entrySet()) {
            String name = header.getKey();
            if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Transfer-Encoding")) {
                headers.put(canonical(name), header.getValue());
            }
        }
        byte[] body = responseBody.toByteArray();
        headers.put(STATUS, Integer.toString(status < 0 ? 500 : status));
        long size = body.length + headers.serializedLength() + 64L;
        if (size > connection.getMaxPayload()) {
            headers = new io.nats.client.impl.Headers().put(STATUS, "502")
                    .put("Content-Type", "text/plain; charset=utf-8").put("X-OpenFaaS-Internal", "of-watchdog");
            body = ("the function's answer (" + body.length + " bytes) is larger than the NATS server's max_payload of "
                    + connection.getMaxPayload() + " bytes: call it over HTTP, or raise max_payload\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        connection.publish(NatsMessage.builder().subject(request.getReplyTo()).headers(headers).data(body).build());
    }

    /**
     * {@code X-Duration-Seconds} for the JDK's {@code X-duration-seconds}: NATS header names are case-sensitive, so
     * the reply uses the form HTTP clients expect.
     */
    static String canonical(String name) {
        StringBuilder text = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            text.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return text.toString();
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    @Override
    public void sendResponseHeaders(int code, long length) {
        status = code;
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return NOWHERE;
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return NOWHERE;
    }

    @Override
    public String getProtocol() {
        return "NATS";
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            out = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }
}
