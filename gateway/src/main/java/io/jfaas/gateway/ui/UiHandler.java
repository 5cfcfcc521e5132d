package io.jfaas.gateway.ui;

import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code GET|HEAD /ui/NAME}: the UI's files; {@code /ui/} is {@code index.html}, {@code /ui/login} is
 * {@code login.html}, and {@code /ui} redirects to {@code /ui/}.
 * Answers carry the file's content type, a strong ETag ({@code If-None-Match} gets 304), {@code Cache-Control:
 * no-cache} (the browser keeps a copy and asks whether it is current), gzip when the client accepts it, and a
 * Content-Security-Policy that lets the page load nothing from any other host. A name the UI does not have is 404.
 */
public final class UiHandler implements Handler<RoutingContext> {

    /** Where the UI lives. */
    public static final String PREFIX = "/ui/";
    /** The login page ({@code login.html}); posting JSON credentials there logs in. */
    public static final String LOGIN_PATH = "/ui/login";
    public static final String LOGOUT_PATH = "/ui/logout";
    /** What anyone may load: the login page and the files it needs. */
    public static final String PUBLIC_PATH = "/ui/(login|login\\.js|style\\.css|favicon\\.svg)";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final UiFiles files;

    UiHandler(UiFiles files) {
        this.files = files;
    }

    /** The handler for the UI's files as packaged with the gateway. */
    public static UiHandler create() {
        return new UiHandler(UiFiles.fromClasspath());
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            ctx.response().putHeader("Allow", "GET, HEAD");
            HttpErrors.send(ctx, 405, "method " + request.method() + " is not allowed for " + request.path());
            return;
        }
        String path = request.path();
        if (path.equals("/ui")) {
            ctx.response().setStatusCode(301).putHeader("Location", PREFIX).end();
            return;
        }
        String name = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        Optional<UiFiles.UiFile> file = files.get(name.isEmpty() ? "index.html" : name.equals("login") ? "login.html"
                : name);
        if (!path.startsWith(PREFIX) || file.isEmpty()) {
            HttpErrors.send(ctx, 404, "404 page not found: the UI has no file " + path);
            return;
        }
        send(ctx, file.get());
    }

    private static void send(RoutingContext ctx, UiFiles.UiFile file) {
        HttpServerResponse response = ctx.response()
                .putHeader("ETag", file.etag())
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Vary", "Accept-Encoding")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Referrer-Policy", "no-referrer");
        if (matches(ctx.request().getHeader("If-None-Match"), file.etag())) {
            response.setStatusCode(304).end();
            return;
        }
        byte[] body = file.body();
        if (file.gzip().isPresent() && acceptsGzip(ctx.request().getHeader("Accept-Encoding"))) {
            body = file.gzip().get();
            response.putHeader("Content-Encoding", "gzip");
        }
        response.setStatusCode(200).putHeader("Content-Type", file.contentType());
        if (ctx.request().method() == HttpMethod.HEAD) {
            response.putHeader("Content-Length", Integer.toString(body.length)).end();
        } else {
            response.end(Buffer.buffer(body));
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
    }

    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].trim().replace(" ", "");
                    if (parameter.equals("q=0") || parameter.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
