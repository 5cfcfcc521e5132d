package io.jfaas.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a Java function's replica JVM is run so that it stays small after serving load, shared by what starts
 * replicas (the local provider) and what measures them (the benchmarks).
 *
 * <p>The JVM's defaults size a replica's heap for the whole machine: a quarter of its memory as the limit and a
 * sixty-fourth as the start, so under load the young generation alone touches ~100 MiB, and the serial collector's
 * old generation grows with every promotion instead of collecting, never giving anything back. Instead: G1, which
 * collects the old generation as it goes, starting from an 8 MiB heap that grows only as the live data needs,
 * shrinking after a collection that leaves more than 30% free, and collecting (and giving back) after 5 s without a
 * collection; glibc limited to 2 malloc arenas (one per thread by default, each keeping what it once held), and, from
 * JDK 22, the native heap trimmed every 5 s. A memory limit still sets the heap's maximum on top of these.
 */
public final class ReplicaJvm {

    /** The environment variable glibc reads for its arena count. */
    public static final String MALLOC_ARENA_MAX = "MALLOC_ARENA_MAX";

    private ReplicaJvm() {
    }

    /** The JVM options, for a JVM of this feature release (21, 25). */
    public static List<String> memoryOptions(int jdkFeature) {
        List<String> options = new ArrayList<>(List.of("-XX:+UseG1GC", "-Xms8m", "-XX:MinHeapFreeRatio=10",
                "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=5000"));
        if (jdkFeature >= 22) {
            options.add("-XX:TrimNativeHeapInterval=5000");
        }
        return List.copyOf(options);
    }

    /** The environment the options need next to them. */
    public static Map<String, String> memoryEnvironment() {
        return Map.of(MALLOC_ARENA_MAX, "2");
    }
}
