package io.jfaas.scaling;

/**
 * What was seen of one function at one moment.
 *
 * @param replicas the replicas asked for now (the last decision, or what a user set)
 * @param ready the replicas ready to serve
 * @param load the load in the policy's {@link ScaleType}: requests per second over the last interval, requests in
 *             flight, or millicores of CPU, all replicas together; for {@link ScaleType#SATURATION}, requests in
 *             flight
 * @param callsPerSecond calls started per second over the last interval, all replicas together, when measured (0
 *                       otherwise): a function whose calls are started counts as in use, though a load sampled as
 *                       calls in flight may miss calls that start and end between two samples
 * @param millicores the CPU all replicas use, in millicores, for {@link ScaleType#SATURATION} (0 when not measured)
 * @param limits what one replica can carry, for {@link ScaleType#SATURATION}
 * @param bound the most replicas where the function runs can run to advantage
 */
public record Observation(int replicas, int ready, double load, double callsPerSecond, double millicores,
                          ReplicaLimits limits, Bound bound) {

    public Observation {
        if (replicas < 0 || ready < 0 || !(load >= 0) || !(callsPerSecond >= 0) || !(millicores >= 0)) {
            throw new IllegalArgumentException("replicas, ready, load, calls per second and millicores must be 0 or"
                    + " more: " + replicas + ", " + ready + ", " + load + ", " + callsPerSecond + ", " + millicores);
        }
        if (limits == null || bound == null) {
            throw new IllegalArgumentException("limits and bound must be given (ReplicaLimits.NONE, Bound.NONE)");
        }
    }

    /** Whether the function was in use: calls in flight (or another load), or calls started. */
    public boolean active() {
        return load > 0 || callsPerSecond > 0;
    }

    /** An observation of one load, with no replica limits and no bound but the labels'. */
    public Observation(int replicas, int ready, double load) {
        this(replicas, ready, load, 0, 0, ReplicaLimits.NONE, Bound.NONE);
    }
}
