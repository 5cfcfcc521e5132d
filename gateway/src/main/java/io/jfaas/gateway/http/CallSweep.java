package io.jfaas.gateway.http;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The deadlines of the calls in flight on one event loop, checked by one coarse periodic timer instead of a timer set
 * and cancelled per call: a deadline is noticed at most {@link #TICK_MILLIS} late, never early. The timer runs only
 * while calls are in flight (it stops after a tick that found none). Touched only on its event loop.
 */
public final class CallSweep {

    /** How often the deadlines are checked, so how late one may be noticed. */
    public static final long TICK_MILLIS = 50;

    private static final ThreadLocal<CallSweep> PER_LOOP = new ThreadLocal<>();

    /** One tracked call: a member of its loop's list while it is in flight. */
    public abstract static class Entry {

        private Entry previous;
        private Entry next;
        private boolean listed;

        /** Called on every tick while listed, with {@link System#nanoTime()}: acts on the deadlines that passed. */
        protected abstract void check(long now);
    }

    private final ContextInternal context;
    private Entry head;
    private long timer = -1;
    private boolean added;

    private CallSweep(ContextInternal context) {
        this.context = context;
    }

    /** The sweep of the calling event loop (made on first use there). */
    public static CallSweep current() {
        return of(Vertx.currentContext());
    }

    /**
     * The sweep of {@code context}'s event loop, for code that runs on the loop outside the context's own dispatch
     * (a Netty handler): its timer runs on {@code context} either way.
     */
    public static CallSweep of(Context context) {
        CallSweep sweep = PER_LOOP.get();
        if (sweep == null) {
            if (context == null || !context.isEventLoopContext()
                    || !((ContextInternal) context).nettyEventLoop().inEventLoop()) {
                throw new IllegalStateException("a call sweep is used on its event loop only");
            }
            sweep = new CallSweep((ContextInternal) context);
            PER_LOOP.set(sweep);
        }
        return sweep;
    }

    /** Starts checking {@code entry} on every tick (nothing when it is checked already). */
    public void add(Entry entry) {
        if (entry.listed) {
            return;
        }
        entry.listed = true;
        entry.previous = null;
        entry.next = head;
        if (head != null) {
            head.previous = entry;
        }
        head = entry;
        added = true;
        if (timer < 0) {
            timer = context.setPeriodic(TICK_MILLIS, id -> tick());
        }
    }

    /** Stops checking {@code entry}. Its own links are kept, so a tick walking past it goes on to the rest. */
    public void remove(Entry entry) {
        if (!entry.listed) {
            return;
        }
        entry.listed = false;
        if (entry.previous != null) {
            entry.previous.next = entry.next;
        } else {
            head = entry.next;
        }
        if (entry.next != null) {
            entry.next.previous = entry.previous;
        }
    }

    /** How many calls are checked now (for tests). */
    int size() {
        int size = 0;
        for (Entry entry = head; entry != null; entry = entry.next) {
            size++;
        }
        return size;
    }

    private void tick() {
        long now = System.nanoTime();
        Entry entry = head;
        while (entry != null) {
            Entry next = entry.next;
            if (entry.listed) {
                entry.check(now);
            }
            entry = next;
        }
        if (head == null && !added) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
        added = false;
    }
}
