package io.jfaas.scaling;

/**
 * What was seen of one function at one moment.
 *
 * @param replicas the replicas asked for now (the last decision, or what a user set)
 * @param ready the replicas ready to serve
 * @param load the load in the policy's {@link ScaleType}: requests per second over the last interval, requests in
 *             flight, or millicores of CPU, all replicas together; for {@link ScaleType#SATURATION}, requests in
 *             flight
 * @param millicores the CPU all replicas use, in millicores, for {@link ScaleType#SATURATION} (0 when not measured)
 * @param limits what one replica can carry, for {@link ScaleType#SATURATION}
 * @param bound the most replicas where the function runs can run to advantage
 */
public record Observation(int replicas, int ready, double load, double millicores, ReplicaLimits limits,
                          Bound bound) {

    public Observation {
        if (replicas < 0 || ready < 0 || !(load >= 0) || !(millicores >= 0)) {
            throw new IllegalArgumentException("replicas, ready, load and millicores must be 0 or more: " + replicas
                    + ", " + ready + ", " + load + ", " + millicores);
        }
        if (limits == null || bound == null) {
            throw new IllegalArgumentException("limits and bound must be given (ReplicaLimits.NONE, Bound.NONE)");
        }
    }

    /** An observation of one load, with no replica limits and no bound but the labels'. */
    public Observation(int replicas, int ready, double load) {
        this(replicas, ready, load, 0, ReplicaLimits.NONE, Bound.NONE);
    }
}
