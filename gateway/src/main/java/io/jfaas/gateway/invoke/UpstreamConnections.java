package io.jfaas.gateway.invoke;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Kept-alive HTTP/1.1 connections to function replicas, for the calls of one event loop: a call takes the connection
 * to its replica that was idle for the shortest time (or opens one), and gives it back once its request was sent
 * whole and its answer read whole. Used from one thread only, so there is no lock and no pool lookup shared between
 * loops as in the HTTP client's own pool. A connection idle for {@code keepAlive} is closed (one coarse timer while
 * any is idle), and at most {@code maxIdle} stay idle per replica (more are closed as they come back).
 */
final class UpstreamConnections {

    /** One replica's address. */
    record Replica(String host, int port) {
    }

    /** A connection and what the pool knows of it. */
    static final class Connection {

        final HttpClientConnection connection;
        final Replica replica;
        boolean closed;
        long idleSince;

        Connection(HttpClientConnection connection, Replica replica) {
            this.connection = connection;
            this.replica = replica;
        }
    }

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final long keepAliveNanos;
    private final int maxIdle;
    private final Map<Replica, ArrayDeque<Connection>> idle = new HashMap<>();
    private int idleCount;
    private long timer = -1;
    private Thread loop;

    UpstreamConnections(Vertx vertx, HttpClientAgent client, java.time.Duration keepAlive, int maxIdle) {
        this.vertx = vertx;
        this.client = client;
        this.keepAliveNanos = keepAlive.toNanos();
        this.maxIdle = maxIdle;
    }

    /** Whether the calling thread is the loop this pool serves (the first that used it); others use the client. */
    boolean servesThisThread() {
        Thread current = Thread.currentThread();
        if (loop == null) {
            loop = current;
        }
        return loop == current;
    }

    /** The connection to {@code replica} idle for the shortest time, or null when there is none. */
    Connection takeIdle(Replica replica) {
        ArrayDeque<Connection> connections = idle.get(replica);
        if (connections == null) {
            return null;
        }
        Connection connection;
        while ((connection = connections.pollLast()) != null) {
            idleCount--;
            if (!connection.closed) {
                return connection;
            }
        }
        return null;
    }

    /** A new connection to {@code replica}; it fails with the connection's failure (a refusal, say). */
    Future<Connection> open(Replica replica) {
        Future<HttpClientConnection> connecting;
        try {
            connecting = client.connect(new HttpConnectOptions().setHost(replica.host()).setPort(replica.port()));
        } catch (IllegalStateException e) {
            // the client is closed: the gateway is stopping
            connecting = Future.failedFuture(e);
        }
        return connecting
                .map(connected -> {
                    Connection connection = new Connection(connected, replica);
                    // a failure reaches the request on the connection; an idle connection that fails is closed
                    connected.exceptionHandler(ignored -> { });
                    connected.closeHandler(closed -> {
                        connection.closed = true;
                        ArrayDeque<Connection> connections = idle.get(replica);
                        if (connections != null && connections.remove(connection)) {
                            idleCount--;
                        }
                    });
                    return connection;
                });
    }

    /** {@code connection} carried a whole call and may carry another. */
    void giveBack(Connection connection) {
        if (connection.closed) {
            return;
        }
        ArrayDeque<Connection> connections = idle.computeIfAbsent(connection.replica, r -> new ArrayDeque<>());
        if (connections.size() >= maxIdle) {
            connection.connection.close();
            return;
        }
        connection.idleSince = System.nanoTime();
        connections.addLast(connection);
        idleCount++;
        if (timer < 0) {
            timer = vertx.setPeriodic(Math.max(100, keepAliveNanos / 4_000_000), id -> closeExpired());
        }
    }

    /** {@code connection} cannot carry another call (cut, or the replica asked to close): it is closed. */
    void discard(Connection connection) {
        if (!connection.closed) {
            connection.connection.close();
        }
    }

    /** How many connections are idle now (for tests). */
    int idle() {
        return idleCount;
    }

    private void closeExpired() {
        long now = System.nanoTime();
        Iterator<ArrayDeque<Connection>> replicas = idle.values().iterator();
        while (replicas.hasNext()) {
            ArrayDeque<Connection> connections = replicas.next();
            // the oldest are first
            Connection oldest;
            while ((oldest = connections.peekFirst()) != null && now - oldest.idleSince >= keepAliveNanos) {
                connections.pollFirst();
                idleCount--;
                oldest.connection.close();
            }
            if (connections.isEmpty()) {
                replicas.remove();
            }
        }
        if (idleCount == 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
