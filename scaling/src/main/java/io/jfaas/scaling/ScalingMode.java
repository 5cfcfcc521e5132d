package io.jfaas.scaling;

/** How a decision was reached. */
public enum ScalingMode {
    /** On the stable window's average. */
    STABLE,
    /** A burst: on the panic window's average, never down. */
    PANIC,
    /** Scaling is off for this function (min = max), or its labels are invalid. */
    FIXED,
    /** Parked at zero replicas until a call wakes it. */
    IDLE
}
