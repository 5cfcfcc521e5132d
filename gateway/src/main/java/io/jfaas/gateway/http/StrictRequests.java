package io.jfaas.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Refuses requests whose meaning is ambiguous before anything acts on them, with the status RFC 9110 and RFC 9112
 * give, and closes their connection (what follows on it cannot be framed with confidence): more than one
 * {@code Host} (400, RFC 9112 section 3.2), a {@code Transfer-Encoding} on an HTTP/1.0 request (400, section 6.1), a
 * transfer coding other than {@code chunked} (501, section 6.1: the gateway would not know where the body ends), an
 * expectation other than {@code 100-continue} (417, RFC 9110 section 10.1.1). A {@code close} among other
 * {@code Connection} options is honoured as a lone {@code close} is: the connection ends after the answer. What Netty already refuses (no
 * {@code Host} in HTTP/1.1, both {@code Content-Length} and {@code Transfer-Encoding}, a space before the colon) and
 * what it repairs as the RFC allows (an obsolete folded line becomes one value joined by a space) is not repeated here.
 */
public final class StrictRequests implements Handler<RoutingContext> {

    /** The longest a request whose client asked to close may still run before its connection is closed. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofHours(1);

    @Override
    public void handle(RoutingContext ctx) {
        if (admit(ctx.request(), ctx.vertx())) {
            ctx.next();
        }
    }

    /** Whether {@code request} may be served; if not, it has been answered and its connection is being closed. */
    public static boolean admit(HttpServerRequest request, Vertx vertx) {
        Optional<Refusal> refusal = check(request);
        if (refusal.isPresent()) {
            HttpErrors.refuseAndClose(request, vertx, refusal.get().status(), refusal.get().message());
            return false;
        }
        if (asksToClose(request)) {
            // Vert.x sees "close" only as the whole value: in a list, the connection is ended once this answer is
            request.response().putHeader("Connection", "close");
            request.connection().shutdown(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Whether {@code Connection} lists {@code close} among other options (RFC 9112 section 9.6). */
    static boolean asksToClose(HttpServerRequest request) {
        for (String value : request.headers().getAll("Connection")) {
            if (value.indexOf(',') >= 0) {
                for (String option : value.split(",")) {
                    if (option.trim().equalsIgnoreCase("close")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A status and the reason for it. */
    record Refusal(int status, String message) {
    }

    static Optional<Refusal> check(HttpServerRequest request) {
        List<String> hosts = request.headers().getAll("Host");
        if (hosts.size() > 1) {
            return Optional.of(new Refusal(400, "bad request: more than one Host header"));
        }
        List<String> codings = request.headers().getAll("Transfer-Encoding");
        if (!codings.isEmpty()) {
            if (request.version() == HttpVersion.HTTP_1_0) {
                return Optional.of(new Refusal(400, "bad request: Transfer-Encoding in an HTTP/1.0 request"));
            }
            for (String value : codings) {
                for (String coding : value.split(",")) {
                    String name = coding.trim().toLowerCase(Locale.ROOT);
                    if (!name.equals("chunked")) {
                        return Optional.of(new Refusal(501, "transfer coding \"" + coding.trim()
                                + "\" is not implemented: only chunked is"));
                    }
                }
            }
            if (codings.size() > 1 || codings.get(0).split(",").length > 1) {
                return Optional.of(new Refusal(400, "bad request: chunked applied more than once"));
            }
        }
        for (String expect : request.headers().getAll("Expect")) {
            if (!expect.trim().equalsIgnoreCase("100-continue")) {
                return Optional.of(new Refusal(417, "expectation \"" + expect.trim()
                        + "\" cannot be met: only 100-continue is understood"));
            }
        }
        return Optional.empty();
    }
}
