package io.jfaas.watchdog.runner;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces {@code exec_timeout} without a thread hop per call: a call is a lock-free queue entry, and one watcher
 * thread (parked while there are none) runs the timeout action of any call past its deadline, within about 10 ms.
 * Finished calls are dropped from the queue by the watcher, not by the calls themselves.
 */
final class Deadlines {

    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Thread watcher;
    private volatile boolean idle;

    /** A call being timed; {@link #done()} when it ends in time. */
    static final class Call {
        private final long deadlineNanos;
        private final Runnable onTimeout;
        private volatile boolean done;

        private Call(long deadlineNanos, Runnable onTimeout) {
            this.deadlineNanos = deadlineNanos;
            this.onTimeout = onTimeout;
        }

        void done() {
            done = true;
        }
    }

    Deadlines() {
        watcher = Thread.ofPlatform().daemon().name("exec-timeout").start(this::watch);
    }

    Call start(long timeoutNanos, Runnable onTimeout) {
        Call call = new Call(System.nanoTime() + timeoutNanos, onTimeout);
        calls.add(call);
        if (idle) {
            LockSupport.unpark(watcher);
        }
        return call;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            if (calls.isEmpty()) {
                idle = true;
                if (calls.isEmpty()) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            LockSupport.parkNanos(this, TICK_NANOS);
            long now = System.nanoTime();
            for (Iterator<Call> it = calls.iterator(); it.hasNext(); ) {
                Call call = it.next();
                if (call.done) {
                    it.remove();
                } else if (now - call.deadlineNanos >= 0) {
                    it.remove();
                    call.done = true;
                    try {
                        call.onTimeout.run();
                    } catch (RuntimeException e) {
                        Log.error("watchdog: timing out a call failed", e);
                    }
                }
            }
        }
    }
}
