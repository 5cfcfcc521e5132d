package io.jfaas.scaling;

/**
 * What was seen of one function at one moment.
 *
 * @param replicas the replicas asked for now (the last decision, or what a user set)
 * @param ready the replicas ready to serve
 * @param load the load in the policy's {@link ScaleType}: requests per second over the last interval, requests in
 *             flight, or millicores of CPU, all replicas together
 */
public record Observation(int replicas, int ready, double load) {

    public Observation {
        if (replicas < 0 || ready < 0 || !(load >= 0)) {
            throw new IllegalArgumentException("replicas, ready and load must be 0 or more: " + replicas + ", "
                    + ready + ", " + load);
        }
    }
}
