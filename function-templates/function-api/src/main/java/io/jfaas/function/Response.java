package io.jfaas.function;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * An HTTP response from a function. Immutable: start from {@link #ok(String)}, {@link #ok(byte[])},
 * {@link #json(String)} or {@link #of(int)}, and refine with the {@code with...} methods.
 *
 * <pre>{@code
 * return Response.of(201).withHeader("Location", "/orders/42").withBody("created");
 * }</pre>
 *
 * Without a Content-Type, the watchdog applies its configured default.
 */
public final class Response {

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final Headers headers;
    private final byte[] body;

    private Response(int status, Headers headers, byte[] body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("HTTP status must be between 100 and 999, not " + status);
        }
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** 200 with no body. */
    public static Response ok() {
        return new Response(200, Headers.empty(), NO_BODY);
    }

    /** 200 with a UTF-8 text body ({@code text/plain; charset=utf-8}). */
    public static Response ok(String text) {
        return new Response(200, Headers.of("Content-Type", MediaTypes.TEXT_UTF8), utf8(text));
    }

    /** 200 with a binary body and no Content-Type of its own. */
    public static Response ok(byte[] body) {
        return new Response(200, Headers.empty(), body == null ? NO_BODY : body);
    }

    /** 200 with a JSON body ({@code application/json}). */
    public static Response json(String json) {
        return new Response(200, Headers.of("Content-Type", MediaTypes.JSON), utf8(json));
    }

    /** The given status with no body. */
    public static Response of(int status) {
        return new Response(status, Headers.empty(), NO_BODY);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The response headers. */
    public Headers headers() {
        return headers;
    }

    /** The Content-Type header. */
    public Optional<String> contentType() {
        return headers.first("Content-Type");
    }

    /** The body. The array is the response's own: read it, do not change it. */
    public byte[] body() {
        return body;
    }

    /** The body as text, in the charset of the Content-Type, UTF-8 when it names none. */
    public String bodyAsText() {
        return new String(body, MediaTypes.charsetOf(contentType()));
    }

    /** A copy with another status. */
    public Response withStatus(int newStatus) {
        return new Response(newStatus, headers, body);
    }

    /** A copy in which the header has exactly this value. */
    public Response withHeader(String name, String value) {
        return new Response(status, headers.with(name, value), body);
    }

    /** A copy with this header value added to any it has. */
    public Response withAddedHeader(String name, String value) {
        return new Response(status, headers.withAdded(name, value), body);
    }

    /** A copy with this Content-Type. */
    public Response withContentType(String contentType) {
        return withHeader("Content-Type", contentType);
    }

    /** A copy with this UTF-8 text body; sets {@code text/plain; charset=utf-8} unless a Content-Type is set. */
    public Response withBody(String text) {
        Headers typed = headers.contains("Content-Type") ? headers : headers.with("Content-Type", MediaTypes.TEXT_UTF8);
        return new Response(status, typed, utf8(text));
    }

    /** A copy with this binary body. The response keeps the array: do not change it afterwards. */
    public Response withBody(byte[] newBody) {
        return new Response(status, headers, newBody == null ? NO_BODY : newBody);
    }

    @Override
    public String toString() {
        return status + " (" + body.length + " bytes)";
    }

    private static byte[] utf8(String text) {
        return text == null ? NO_BODY : text.getBytes(StandardCharsets.UTF_8);
    }
}
