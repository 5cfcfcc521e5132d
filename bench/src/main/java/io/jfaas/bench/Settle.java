package io.jfaas.bench;

import java.util.Locale;

/**
 * Warming a gateway up until its CPU per call settles: load in windows of {@link #WINDOW_SECONDS} until the CPU per
 * call of the last {@link #SPAN} windows lies within a tenth (the largest at most 1.1 times the smallest), at most
 * {@link #WINDOWS} windows. On a loaded machine a fixed warm-up can end with the JIT still compiling the measured path,
 * and the measured seconds then pay for it. Two windows in a row are not enough: on 2 busy cores the async path's JIT
 * took over a minute, gaining 5-10% a window, so that neighbouring windows were within a tenth long before the end.
 */
final class Settle {

    static final int WINDOWS = 50;
    static final int WINDOW_SECONDS = 3;
    static final int SPAN = 4;

    private Settle() {
    }

    /** What one window of load did: the calls made and the gateway's CPU per call. */
    record Window(long calls, double microsPerCall) {
    }

    @FunctionalInterface
    interface Load {
        Window run(int seconds) throws Exception;
    }

    /** Runs {@code load} until it settles (says when, naming {@code what}); returns the calls made meanwhile. */
    static long until(String what, Load load) throws Exception {
        long calls = 0;
        double[] last = new double[SPAN];
        for (int window = 1; window <= WINDOWS; window++) {
            Window done = load.run(WINDOW_SECONDS);
            calls += done.calls();
            last[window % SPAN] = done.microsPerCall();
            System.out.printf(Locale.ROOT, "  %s, warm-up window %d: %.1f µs per call%n", what, window,
                    done.microsPerCall());
            if (window >= SPAN && settled(last)) {
                System.out.printf(Locale.ROOT, "%s settled at %.1f µs per call after %d s of warm-up%n", what,
                        done.microsPerCall(), window * WINDOW_SECONDS);
                return calls;
            }
        }
        System.out.printf(Locale.ROOT, "%s had not settled after %d s of warm-up (last windows %s µs per call)%n",
                what, WINDOWS * WINDOW_SECONDS, java.util.Arrays.toString(last));
        return calls;
    }

    /** Whether the windows' CPU per call lie within a tenth of each other. */
    static boolean settled(double[] microsPerCall) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double value : microsPerCall) {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        return max <= min * 1.1;
    }
}
