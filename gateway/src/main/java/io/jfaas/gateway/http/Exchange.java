package io.jfaas.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * One request served without the router (the invocation path's fast path): what the router's per-request handlers do
 * for the others is done here, with no timer per request. {@code read_timeout} and {@code write_timeout} as
 * {@link RequestDeadlines} applies them, the connection's watch ({@link ClientConnections}) told when the request
 * starts and ends, and a handler's own deadline (the upstream timeout), all checked by the loop's {@link CallSweep}.
 */
public final class Exchange extends CallSweep.Entry {

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final Vertx vertx;
    private final RequestDeadlines deadlines;
    private final CallSweep sweep;
    private ClientConnections.Watch watch;
    private long readDeadline;
    private long writeDeadline;
    private long handlerDeadline;
    private boolean reading;
    private boolean handlerTiming;
    private Runnable onHandlerDeadline;
    private Runnable onClientGone;
    private boolean over;

    Exchange(HttpServerRequest request, Vertx vertx, RequestDeadlines deadlines, ClientConnections.Watch watch) {
        this.request = request;
        this.response = request.response();
        this.vertx = vertx;
        this.deadlines = deadlines;
        this.watch = watch;
        this.sweep = CallSweep.current();
        long now = System.nanoTime();
        this.reading = !request.isEnded() && RequestBody.follows(request);
        this.readDeadline = now + deadlines.readNanos();
        this.writeDeadline = now + deadlines.writeNanos();
        response.endHandler(ended -> over());
        response.closeHandler(closed -> {
            over();
            Runnable gone = onClientGone;
            if (gone != null) {
                onClientGone = null;
                gone.run();
            }
        });
        sweep.add(this);
    }

    public HttpServerRequest request() {
        return request;
    }

    public HttpServerResponse response() {
        return response;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Runs {@code gone} if the client's connection closes before the response has ended (at most once). */
    public void onClientGone(Runnable gone) {
        this.onClientGone = gone;
    }

    /** Runs {@code expired} once {@code millis} have passed, unless {@link #cancelDeadline} comes first. */
    public void deadline(long millis, Runnable expired) {
        this.handlerDeadline = System.nanoTime() + millis * 1_000_000;
        this.onHandlerDeadline = expired;
        this.handlerTiming = true;
    }

    public void cancelDeadline() {
        handlerTiming = false;
        onHandlerDeadline = null;
        if (over) {
            sweep.remove(this);
        }
    }

    @Override
    protected void check(long now) {
        if (reading && now - readDeadline >= 0) {
            reading = false;
            if (!request.isEnded() && !response.ended() && !response.closed()) {
                RequestDeadlines.cut(request, vertx, 408, deadlines.readText());
            }
        }
        if (!over && now - writeDeadline >= 0) {
            if (!response.ended() && !response.closed()) {
                RequestDeadlines.cut(request, vertx, 504, deadlines.writeText());
            }
            over();
        }
        if (handlerTiming && now - handlerDeadline >= 0) {
            Runnable expired = onHandlerDeadline;
            cancelDeadline();
            expired.run();
        }
    }

    /**
     * The response ended or its connection closed: the request's own deadlines are over and the connection's watch is
     * told; the handler's deadline stays until the handler cancels it (it ends the handler's work).
     */
    private void over() {
        if (over) {
            return;
        }
        over = true;
        reading = false;
        if (!handlerTiming) {
            sweep.remove(this);
        }
        if (watch != null) {
            watch.requestEnded();
            watch = null;
        }
    }
}
