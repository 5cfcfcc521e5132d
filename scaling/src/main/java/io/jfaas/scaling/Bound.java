package io.jfaas.scaling;

import java.util.Locale;

/**
 * The most replicas the place a function runs on can run to advantage, and why, in words for a decision's reason.
 * The autoscaler never plans more (but never fewer than the function's {@code com.openfaas.scale.min} either: a
 * minimum the user set is kept).
 *
 * @param replicas the bound
 * @param reason what sets it, e.g. {@code the machine's bound of 2 replicas (2 cores)}
 */
public record Bound(int replicas, String reason) {

    /** No bound of the place's own: the labels' maximum is the only one. */
    public static final Bound NONE = new Bound(Integer.MAX_VALUE, "no bound");

    private static final double MIB = 1024 * 1024;

    public Bound {
        if (replicas < 1) {
            throw new IllegalArgumentException("a bound must be 1 replica or more: " + replicas);
        }
    }

    /**
     * One machine's bound: a replica per core (a replica beyond that only takes CPU from the others), and no more
     * than the memory left can hold at the memory one replica of the function uses now.
     *
     * @param cores the machine's cores
     * @param availableBytes memory available for new processes (Linux's {@code MemAvailable}); below 0: unknown
     * @param replicaBytes the memory one running replica of the function uses (the largest of them); 0: none runs
     * @param running the function's replicas running now (their memory is already spent)
     */
    public static Bound ofMachine(int cores, long availableBytes, long replicaBytes, int running) {
        int byCores = Math.max(1, cores);
        if (availableBytes < 0 || replicaBytes <= 0) {
            return new Bound(byCores, "the machine's bound of " + replicas(byCores) + " (" + cores(cores) + ")");
        }
        long more = availableBytes / replicaBytes;
        int byMemory = (int) Math.max(1, Math.min(Integer.MAX_VALUE, running + more));
        String memory = String.format(Locale.ROOT, "%.0f MiB available at %.0f MiB a replica",
                availableBytes / MIB, replicaBytes / MIB);
        if (byMemory < byCores) {
            return new Bound(byMemory, "the machine's bound of " + replicas(byMemory) + " (" + memory + ", "
                    + running + " running)");
        }
        return new Bound(byCores, "the machine's bound of " + replicas(byCores) + " (" + cores(cores) + ")");
    }

    /**
     * No more replicas while some asked for are not ready: in a cluster, replicas the nodes have no room for stay
     * pending and never become ready, so the plan stops at what the nodes can run.
     */
    static String waitingFor(int notReady, int replicas) {
        return notReady + " of " + replicas + " replicas not ready yet: no more until they are";
    }

    private static String replicas(int count) {
        return count == 1 ? "1 replica" : count + " replicas";
    }

    private static String cores(int cores) {
        return cores == 1 ? "1 core" : cores + " cores";
    }
}
