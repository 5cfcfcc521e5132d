package io.jfaas.scaling;

/**
 * The load a driver measured for one function in one pass: rates (what Prometheus answers) or running totals (what
 * the gateway's own meters count), which {@link ScalingLoop} turns into rates over the time between two passes.
 */
public sealed interface FunctionLoad {

    /** Nothing measured: every load 0 (a function whose policy needs none, or the first sight of one). */
    FunctionLoad NONE = new Rates(0, 0, 0);

    /**
     * Loads as rates, all replicas together.
     *
     * @param callsPerSecond calls started per second
     * @param inFlight calls in flight
     * @param millicores CPU used, in millicores
     */
    record Rates(double callsPerSecond, double inFlight, double millicores) implements FunctionLoad {
    }

    /**
     * Loads as counters that only grow, all replicas together (a counter that drops, as when a replica goes, counts
     * as no increase).
     *
     * @param callsStarted calls started so far
     * @param inFlight calls in flight now
     * @param cpuNanos CPU time the replicas have used so far, in nanoseconds
     */
    record Totals(long callsStarted, double inFlight, long cpuNanos) implements FunctionLoad {
    }
}
