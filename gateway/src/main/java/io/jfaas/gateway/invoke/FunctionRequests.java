package io.jfaas.gateway.invoke;

import io.jfaas.gateway.http.ClientConnections;
import io.jfaas.gateway.http.Exchange;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestDeadlines;
import io.jfaas.gateway.http.StrictRequests;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway's request handler: invocations ({@code /function/NAME[/path]}) are served here, before the router, and
 * every other request goes to the router. An invocation is the gateway's hot path, and the router's per-request work
 * (a routing context, matching, a chain of handlers, two timers) cost about as much CPU as proxying the call. What
 * the router's handlers do for an invocation is done here in the same order, with the same answers: the connection's
 * watch ({@link ClientConnections}), no ambiguous request ({@link StrictRequests}), {@code read_timeout} and
 * {@code write_timeout} ({@link RequestDeadlines}, checked by a sweep instead of timers), the call id
 * ({@link CallIdHandler}), then the proxy ({@link InvokeHandler}). A path that is not already in normal form (dot
 * segments, doubled slashes, percent-encoding) goes to the router, which resolves it first.
 */
public final class FunctionRequests implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(FunctionRequests.class.getName());

    private final Vertx vertx;
    private final Handler<HttpServerRequest> router;
    private final Optional<ClientConnections> connections;
    private final RequestDeadlines deadlines;
    private final CallIdHandler callIds;
    private final InvokeHandler invoke;

    /** {@code connections}: the server's connection watches, when they are installed on it. */
    public FunctionRequests(Vertx vertx, Handler<HttpServerRequest> router, Optional<ClientConnections> connections,
                            RequestDeadlines deadlines, CallIdHandler callIds, InvokeHandler invoke) {
        this.vertx = vertx;
        this.router = router;
        this.connections = connections;
        this.deadlines = deadlines;
        this.callIds = callIds;
        this.invoke = invoke;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (!isPlainFunctionPath(request.path())) {
            router.handle(request);
            return;
        }
        ClientConnections.Watch watch = connections.isPresent()
                ? connections.get().requestStarted(request.connection()) : null;
        Exchange exchange;
        try {
            exchange = deadlines.exchange(request, vertx, watch);
        } catch (RuntimeException e) {
            if (watch != null) {
                watch.requestEnded();
            }
            throw e;
        }
        try {
            if (!StrictRequests.admit(request, vertx)) {
                return;
            }
            callIds.stamp(request);
            invoke.handle(exchange);
        } catch (RuntimeException e) {
            // as the router answers a handler's failure
            LOG.log(Level.SEVERE, "request " + request.method() + " " + request.path() + " failed", e);
            if (!request.response().ended()) {
                HttpErrors.send(request.response(), 500, "internal error (see the gateway's log)");
            }
        }
    }

    /**
     * Whether {@code path} is one the router would give to the invocation route ({@code /function/} then a name of
     * {@code [-a-zA-Z_0-9.]} and an optional sub-path) and is already what it would normalise it to.
     */
    static boolean isPlainFunctionPath(String path) {
        if (path == null || !path.startsWith(InvokeHandler.PREFIX)) {
            return false;
        }
        int length = path.length();
        int start = InvokeHandler.PREFIX.length();
        int i = start;
        while (i < length) {
            char c = path.charAt(i);
            if (c == '/') {
                break;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.')) {
                return false;
            }
            i++;
        }
        if (i == start || path.charAt(start) == '.') {
            return false;
        }
        for (int j = start; j < length; j++) {
            char c = path.charAt(j);
            if (c == '%' || c == '\\' || c == '/' && j + 1 < length
                    && (path.charAt(j + 1) == '/' || path.charAt(j + 1) == '.')) {
                return false;
            }
        }
        return true;
    }
}
