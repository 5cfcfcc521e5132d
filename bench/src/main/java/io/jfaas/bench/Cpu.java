package io.jfaas.bench;

import java.time.Duration;

/** CPU time of processes, for figures per call that machine noise distorts less than requests per second. */
final class Cpu {

    private Cpu() {
    }

    /** The user and system CPU time {@code process} has used so far; fails if the system does not say. */
    static Duration of(ProcessHandle process) {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "the CPU time of process " + process.pid() + " is not available"));
    }

    /** Microseconds of CPU per call, between two readings. */
    static double microsPerCall(Duration before, Duration after, long calls) {
        return microsPerCall(after.minus(before), calls);
    }

    /** Microseconds of CPU per call, of CPU time {@code spent} on them. */
    static double microsPerCall(Duration spent, long calls) {
        return spent.toNanos() / 1000.0 / Math.max(1, calls);
    }
}
