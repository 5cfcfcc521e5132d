package io.jfaas.gateway.invoke;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnectOptions;

/**
 * Kept-alive HTTP/1.1 connections to function replicas, for the calls of one event loop: a call takes the connection
 * to its replica that was idle for the shortest time (or opens one), and gives it back once its request was sent
 * whole and its answer read whole. Used from one thread only, so there is no lock and no pool lookup shared between
 * loops as in the HTTP client's own pool. The idle ones wait in {@link IdleConnections}: one idle for
 * {@code keepAlive} is closed, and at most {@code maxIdle} stay idle per replica.
 */
final class UpstreamConnections {

    /** One replica's address. */
    record Replica(String host, int port) {
    }

    /** A connection and what the pool knows of it. */
    static final class Connection implements IdleConnections.Member<Replica> {

        final HttpClientConnection connection;
        final Replica replica;
        boolean closed;

        Connection(HttpClientConnection connection, Replica replica) {
            this.connection = connection;
            this.replica = replica;
        }

        @Override
        public Replica replica() {
            return replica;
        }

        @Override
        public boolean fit() {
            return !closed;
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private final HttpClientAgent client;
    private final IdleConnections<Replica, Connection> idle;
    private Thread loop;

    UpstreamConnections(Vertx vertx, HttpClientAgent client, java.time.Duration keepAlive, int maxIdle) {
        this.client = client;
        this.idle = new IdleConnections<>((periodNanos, task) -> {
            long id = vertx.setPeriodic(Math.max(1, periodNanos / 1_000_000), ignored -> task.run());
            return () -> vertx.cancelTimer(id);
        }, keepAlive.toNanos(), maxIdle);
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
        return idle.take(replica);
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
                        idle.closed(connection);
                    });
                    return connection;
                });
    }

    /** {@code connection} carried a whole call and may carry another. */
    void giveBack(Connection connection) {
        idle.giveBack(connection);
    }

    /** {@code connection} cannot carry another call (cut, or the replica asked to close): it is closed. */
    void discard(Connection connection) {
        if (!connection.closed) {
            connection.connection.close();
        }
    }

    /** How many connections are idle now (for tests). */
    int idle() {
        return idle.count();
    }
}
