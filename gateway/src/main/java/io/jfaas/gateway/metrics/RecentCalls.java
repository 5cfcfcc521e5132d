package io.jfaas.gateway.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A function's last {@link #SIZE} completed calls (when, status, duration, call id), for the web UI's recent calls and
 * latency chart. A ring written without a lock: a call costs one increment and one store; a reader may miss a call
 * written while it reads, never sees a torn one.
 */
public final class RecentCalls {

    /** How many calls are kept per function. */
    public static final int SIZE = 100;

    /**
     * One completed call.
     *
     * @param t when it ended, epoch milliseconds
     * @param status the status it was answered with
     * @param ms how long it took, milliseconds
     * @param callId its {@code X-Call-Id}, or null
     */
    public record Call(long t, int status, double ms, String callId) {
    }

    private final AtomicReferenceArray<Call> slots = new AtomicReferenceArray<>(SIZE);
    private final AtomicLong written = new AtomicLong();

    void add(Call call) {
        slots.set((int) (written.getAndIncrement() % SIZE), call);
    }

    /** The kept calls, newest first. */
    public List<Call> newestFirst() {
        long end = written.get();
        List<Call> calls = new ArrayList<>();
        for (long i = end - 1; i >= Math.max(0, end - SIZE); i--) {
            Call call = slots.get((int) (i % SIZE));
            if (call != null) {
                calls.add(call);
            }
        }
        return calls;
    }
}
