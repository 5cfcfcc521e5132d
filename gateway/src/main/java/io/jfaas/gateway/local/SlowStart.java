package io.jfaas.gateway.local;

import java.time.Duration;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Slow start, as proxies do for a cold upstream (Envoy's {@code slow_start_config}, HAProxy's {@code slowstart}): a
 * replica that has just become ready is a new JVM, still interpreting and compiling, so its share of calls rises
 * from {@link #MIN_WEIGHT} to full, linearly over the window from the moment it became ready. The pick is the
 * ready replica with the fewest calls in flight for its weight, so a replica at weight 0.1 takes about a tenth of
 * the share of a warm one, and a lone replica, however new, takes every call. Pure: the time is passed in.
 *
 * @param window how long a new replica takes to reach its full share ({@code JFAAS_SLOW_START}); zero: at once
 */
record SlowStart(Duration window) {

    /** The share a replica starts with, against a warm replica's 1. */
    static final double MIN_WEIGHT = 0.1;

    SlowStart {
        if (window.isNegative()) {
            throw new IllegalArgumentException("the slow start window must not be negative: " + window);
        }
    }

    /** A replica's weight {@code sinceReady} after it became ready: from {@link #MIN_WEIGHT} to 1. */
    double weight(Duration sinceReady) {
        if (window.isZero() || sinceReady.compareTo(window) >= 0) {
            return 1;
        }
        double elapsed = Math.max(0, sinceReady.toNanos()) / (double) window.toNanos();
        return MIN_WEIGHT + (1 - MIN_WEIGHT) * elapsed;
    }

    /**
     * The replica with the fewest calls in flight for its weight ({@code (inFlight + 1) / weight}); ties go to the
     * first from {@code offset} on, so that equal replicas take turns. Null when there is none.
     */
    static <T> T pick(List<T> ready, ToIntFunction<T> inFlight, ToDoubleFunction<T> weight, long offset) {
        if (ready.size() <= 1) {
            return ready.isEmpty() ? null : ready.get(0); // a lone replica takes every call: nothing to weigh
        }
        int start = (int) Math.floorMod(offset, (long) ready.size());
        T best = null;
        double bestLoad = Double.MAX_VALUE;
        for (int i = 0; i < ready.size(); i++) {
            T candidate = ready.get((start + i) % ready.size());
            double load = (inFlight.applyAsInt(candidate) + 1) / weight.applyAsDouble(candidate);
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
