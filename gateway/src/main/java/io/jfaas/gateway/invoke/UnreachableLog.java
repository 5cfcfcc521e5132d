package io.jfaas.gateway.invoke;

import io.jfaas.model.FunctionRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Warnings of calls that could not reach their function's replica: at most one per function every {@link #EVERY},
 * saying how many more failed meanwhile, so that a failing function called in a loop (by anyone: invocations need no
 * credentials) cannot flood the log from the event loop. Tracks at most {@link #MAX_FUNCTIONS} functions; past that
 * it starts over.
 */
final class UnreachableLog {

    static final Duration EVERY = Duration.ofSeconds(10);
    static final int MAX_FUNCTIONS = 10_000;

    /** When the last warning of a function was written, and how many were held back since. */
    private record Window(long writtenNanos, long heldBack) {
    }

    private final Map<FunctionRef, Window> windows = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Consumer<String> sink;

    UnreachableLog(LongSupplier nanoTime, Consumer<String> sink) {
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    void warn(FunctionRef ref, String message) {
        long now = nanoTime.getAsLong();
        if (windows.size() >= MAX_FUNCTIONS && !windows.containsKey(ref)) {
            windows.clear();
        }
        long[] heldBack = {-1};
        windows.compute(ref, (key, window) -> {
            if (window == null || now - window.writtenNanos() >= EVERY.toNanos()) {
                heldBack[0] = window == null ? 0 : window.heldBack();
                return new Window(now, 0);
            }
            return new Window(window.writtenNanos(), window.heldBack() + 1);
        });
        if (heldBack[0] >= 0) {
            sink.accept(message + (heldBack[0] == 0 ? "" : " (and " + heldBack[0] + " more calls of " + ref
                    + " in the " + EVERY.toSeconds() + " s before)"));
        }
    }

    int tracked() {
        return windows.size();
    }
}
