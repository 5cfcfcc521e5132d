package io.jfaas.bench;

import java.util.Locale;

/**
 * Warming a gateway up until its CPU per call settles: load in windows of {@link #WINDOW_SECONDS} until the CPU per
 * call of two windows in a row differs by less than a tenth, at most {@link #WINDOWS} windows. On a loaded machine a
 * fixed warm-up can end with the JIT still compiling the measured path, and the measured seconds then pay for it.
 */
final class Settle {

    static final int WINDOWS = 12;
    static final int WINDOW_SECONDS = 3;

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
        double previous = Double.NaN;
        for (int window = 1; window <= WINDOWS; window++) {
            Window done = load.run(WINDOW_SECONDS);
            calls += done.calls();
            if (Math.abs(done.microsPerCall() - previous) < previous / 10) {
                System.out.printf(Locale.ROOT, "%s settled at %.1f µs per call after %d s of warm-up%n", what,
                        done.microsPerCall(), window * WINDOW_SECONDS);
                return calls;
            }
            previous = done.microsPerCall();
        }
        System.out.printf(Locale.ROOT, "%s had not settled after %d s of warm-up (last window %.1f µs per call)%n",
                what, WINDOWS * WINDOW_SECONDS, previous);
        return calls;
    }
}
