package io.jfaas.gateway.invoke;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Kept-alive connections to replicas while they are idle between calls, for one event loop: no lock, one thread uses
 * it. A call takes the connection to its replica that was idle for the shortest time. One idle for {@code keepAlive}
 * is closed, by one coarse timer that runs while any connection is idle. At most {@code maxIdle} stay idle per
 * replica; more are closed as they come back. The relay's {@link ReplicaLinks} and the HTTP client path's
 * {@link UpstreamConnections} keep their connections here.
 *
 * @param <K> a replica's address
 * @param <C> a connection
 */
final class IdleConnections<K, C extends IdleConnections.Member<K>> {

    /** What the pool needs of a connection. */
    interface Member<K> {

        /** The replica it goes to. */
        K replica();

        /** Whether it is still open and may carry another call. */
        boolean fit();

        /** Closes it. */
        void close();
    }

    /** A connection waiting, since when (nanoTime). */
    private record Waiting<C>(C connection, long since) {
    }

    /** The loop's own periodic timer. */
    interface Timer {

        /** Runs {@code task} every {@code periodNanos} until the returned action is run. */
        Runnable every(long periodNanos, Runnable task);
    }

    private final Timer timer;
    private final long keepAliveNanos;
    private final int maxIdle;
    private final Map<K, ArrayDeque<Waiting<C>>> idle = new HashMap<>();
    private int count;
    private Runnable stopTimer;

    IdleConnections(Timer timer, long keepAliveNanos, int maxIdle) {
        this.timer = timer;
        this.keepAliveNanos = keepAliveNanos;
        this.maxIdle = maxIdle;
    }

    /** The fit connection to {@code replica} idle for the shortest time, or null; unfit ones met are closed. */
    C take(K replica) {
        ArrayDeque<Waiting<C>> connections = idle.get(replica);
        if (connections == null) {
            return null;
        }
        Waiting<C> waiting;
        while ((waiting = connections.pollLast()) != null) {
            count--;
            if (waiting.connection.fit() && System.nanoTime() - waiting.since < keepAliveNanos) {
                return waiting.connection;
            }
            waiting.connection.close();
        }
        return null;
    }

    /** {@code connection} carried a whole call and may carry another: it waits here, or is closed past the bound. */
    void giveBack(C connection) {
        if (!connection.fit()) {
            return;
        }
        ArrayDeque<Waiting<C>> connections = idle.computeIfAbsent(connection.replica(), key -> new ArrayDeque<>());
        if (connections.size() >= maxIdle) {
            connection.close();
            return;
        }
        connections.addLast(new Waiting<>(connection, System.nanoTime()));
        count++;
        if (stopTimer == null) {
            stopTimer = timer.every(Math.max(1, keepAliveNanos / 4), this::closeStale);
        }
    }

    /** {@code connection} closed while it was idle: it no longer counts against the bound. */
    void closed(C connection) {
        ArrayDeque<Waiting<C>> connections = idle.get(connection.replica());
        if (connections != null && connections.removeIf(waiting -> waiting.connection == connection)) {
            count--;
        }
    }

    /** How many connections are idle now. */
    int count() {
        return count;
    }

    private void closeStale() {
        long now = System.nanoTime();
        Iterator<ArrayDeque<Waiting<C>>> replicas = idle.values().iterator();
        while (replicas.hasNext()) {
            ArrayDeque<Waiting<C>> connections = replicas.next();
            // the longest idle are first
            Waiting<C> oldest;
            while ((oldest = connections.peekFirst()) != null
                    && (!oldest.connection.fit() || now - oldest.since >= keepAliveNanos)) {
                connections.pollFirst();
                count--;
                oldest.connection.close();
            }
            if (connections.isEmpty()) {
                replicas.remove();
            }
        }
        if (count == 0 && stopTimer != null) {
            stopTimer.run();
            stopTimer = null;
        }
    }
}
