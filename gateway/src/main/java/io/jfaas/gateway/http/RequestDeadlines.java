package io.jfaas.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The gateway's {@code read_timeout} and {@code write_timeout}, as Go's HTTP server applies them: the whole request
 * must arrive within the first, the whole response must be written within the second, both counted from the start of
 * the request. A late request gets 408 and a late response 504 when nothing has been written yet; otherwise the
 * connection is closed, so the client sees a cut stream rather than a complete-looking one. Routes that stream
 * open-ended output (log following) call {@link #endGracefully} to have the stream ended cleanly instead.
 */
public final class RequestDeadlines implements Handler<RoutingContext> {

    private static final String GRACEFUL = "jfaas.deadline.graceful";

    private final long readMillis;
    private final long writeMillis;
    private final String readText;
    private final String writeText;

    public RequestDeadlines(Duration readTimeout, Duration writeTimeout) {
        this.readMillis = readTimeout.toMillis();
        this.writeMillis = writeTimeout.toMillis();
        this.readText = "the request did not arrive within the gateway's read_timeout of " + readTimeout.toSeconds()
                + "s";
        this.writeText = "the response was not complete within the gateway's write_timeout of "
                + writeTimeout.toSeconds() + "s";
    }

    /** Marks this request's response as one that simply ends when its write deadline comes. */
    public static void endGracefully(RoutingContext ctx) {
        ctx.put(GRACEFUL, Boolean.TRUE);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        long read = request.isEnded() || !RequestBody.follows(request) ? -1 : ctx.vertx().setTimer(readMillis, id -> {
            if (!request.isEnded() && !response.ended() && !response.closed()) {
                cut(ctx, 408, readText);
            }
        });
        long write = ctx.vertx().setTimer(writeMillis, id -> {
            if (response.ended() || response.closed()) {
                return;
            }
            if (Boolean.TRUE.equals(ctx.get(GRACEFUL)) && response.headWritten()) {
                response.end();
                return;
            }
            cut(ctx, 504, writeText);
        });
        ctx.addEndHandler(done -> {
            if (read >= 0) {
                ctx.vertx().cancelTimer(read);
            }
            ctx.vertx().cancelTimer(write);
        });
        ctx.next();
    }

    /** A request served without the router, with these deadlines checked by its loop's sweep (from now). */
    public Exchange exchange(HttpServerRequest request, Vertx vertx, ClientConnections.Watch watch) {
        return new Exchange(request, vertx, this, watch);
    }

    public long readNanos() {
        return readMillis * 1_000_000;
    }

    public long writeNanos() {
        return writeMillis * 1_000_000;
    }

    public String readText() {
        return readText;
    }

    public String writeText() {
        return writeText;
    }

    private static void cut(RoutingContext ctx, int status, String message) {
        cut(ctx.request(), ctx.vertx(), status, message);
    }

    static void cut(HttpServerRequest request, Vertx vertx, int status, String message) {
        HttpServerResponse response = request.response();
        if (response.headWritten()) {
            request.connection().close();
            return;
        }
        response.putHeader("Connection", "close");
        HttpErrors.send(response, status, message).onComplete(sent -> request.connection().close());
    }
}
