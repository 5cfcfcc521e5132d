package io.jfaas.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bounds on the gateway's client connections, so that sockets that never finish cannot exhaust its file
 * descriptors: a new connection must deliver a request's headers within {@code read_timeout}, a kept-alive one that
 * carries no request is closed after the idle timeout (both checked again before every request), and one client
 * address holds at most a configured number of connections (more are closed as they are accepted). While a request
 * is being served the connection is left to {@link RequestDeadlines}. One instance is shared by every server of the
 * gateway, so the per-address count is the gateway's.
 */
public final class ClientConnections {

    private final long headerMillis;
    private final long idleMillis;
    private final int maxPerClient;
    private final Map<String, Integer> perClient = new ConcurrentHashMap<>();
    private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

    /**
     * @param headerTimeout how long a new connection may take to send its first request's headers
     * @param idleTimeout how long a connection may carry no request (between requests)
     * @param maxPerClient the most connections one client address may hold
     */
    public ClientConnections(Duration headerTimeout, Duration idleTimeout, int maxPerClient) {
        this.headerMillis = Math.max(1, headerTimeout.toMillis());
        this.idleMillis = Math.max(1, idleTimeout.toMillis());
        this.maxPerClient = maxPerClient;
    }

    /**
     * The options of every server of the gateway: HTTP/1.1 only, unless cleartext HTTP/2 is asked for (prior
     * knowledge or an {@code Upgrade: h2c}), which Vert.x otherwise accepts on any plain connection. No WebSocket
     * compression: the gateway serves no WebSockets, and its extension handler would see every request.
     */
    public static HttpServerOptions serverOptions(boolean h2c) {
        return new HttpServerOptions().setTcpNoDelay(true).setHttp2ClearTextEnabled(h2c)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
    }

    /** Watches the connections of {@code server}, whose requests {@code router} serves. */
    public void install(HttpServer server, Router router) {
        install(server, router, kept -> { });
    }

    /**
     * {@link #install(HttpServer, Router)}, and gives each connection it keeps (not one over the per-client bound) to
     * {@code kept} as it is accepted, on its event loop.
     */
    public void install(HttpServer server, Router router, Handler<HttpConnection> kept) {
        server.connectionHandler(connection -> {
            if (accepted(connection)) {
                kept.handle(connection);
            }
        });
        router.route().order(-1000).handler(this::requestStarted);
    }

    /** How many connections {@code address} holds now. */
    public int open(String address) {
        return perClient.getOrDefault(address, 0);
    }

    private boolean accepted(HttpConnection connection) {
        ContextInternal context = (ContextInternal) Vertx.currentContext();
        String address = connection.remoteAddress() == null ? "" : connection.remoteAddress().hostAddress();
        int count = perClient.merge(address, 1, Integer::sum);
        Watch watch = new Watch(context, connection);
        watches.put(connection, watch);
        connection.closeHandler(closed -> {
            watch.cancel();
            watches.remove(connection);
            perClient.computeIfPresent(address, (key, value) -> value <= 1 ? null : value - 1);
        });
        if (count > maxPerClient) {
            connection.close();
            return false;
        }
        watch.arm(headerMillis);
        return true;
    }

    private void requestStarted(RoutingContext ctx) {
        Watch watch = requestStarted(ctx.request().connection());
        if (watch != null) {
            ctx.addEndHandler(done -> watch.requestEnded());
        }
        ctx.next();
    }

    /**
     * A request on {@code connection} starts (a request served without the router); its end must be told to the
     * watch returned, if any. No timer is touched per call: the watch's timer checks, when it fires, whether a request
     * is running.
     */
    public Watch requestStarted(HttpConnection connection) {
        Watch watch = watches.get(connection);
        if (watch != null) {
            watch.requests++;
        }
        return watch;
    }

    /**
     * One connection's deadline and timer; touched only on the connection's event loop. The timer is set once and
     * moved only when it fires early (the deadline moved on since), so a busy connection costs no timer per request.
     */
    public final class Watch {

        /** The connection's context: timers are set on it, whether or not the caller runs in its dispatch. */
        private final ContextInternal context;
        private final HttpConnection connection;
        private long timer = -1;
        private long deadline;
        private long firesAt;
        private int requests;

        Watch(ContextInternal context, HttpConnection connection) {
            this.context = context;
            this.connection = connection;
        }

        /** Closes the connection if it carries no request {@code millis} from now (or at a later deadline). */
        void arm(long millis) {
            deadline = System.nanoTime() + millis * 1_000_000;
            if (timer >= 0 && deadline - firesAt < 0) {
                cancel(); // the timer would fire too late (after a longer read_timeout, say)
            }
            if (timer < 0) {
                schedule(millis);
            }
        }

        private void schedule(long millis) {
            firesAt = System.nanoTime() + millis * 1_000_000;
            timer = context.setTimer(Math.max(1, millis), fired -> {
                timer = -1;
                if (requests > 0) {
                    return; // the request's end arms the watch again
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    connection.close();
                } else {
                    schedule((left + 999_999) / 1_000_000);
                }
            });
        }

        /** The request started by {@link #requestStarted(HttpConnection)} has ended (once per request). */
        public void requestEnded() {
            requests--;
            if (requests == 0) {
                arm(idleMillis);
            }
        }

        void cancel() {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
                timer = -1;
            }
        }
    }
}
