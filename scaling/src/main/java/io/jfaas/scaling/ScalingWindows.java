package io.jfaas.scaling;

import java.time.Duration;

/**
 * How the algorithm weighs recent load (the idea is Knative's): decisions follow the average over the stable window;
 * when the average over the short panic window asks for {@code panicThreshold} times the ready replicas, the function
 * enters panic mode, scales up on the panic average at once and does not scale down until a stable window has passed
 * without panic. Outside panic, one decision removes at most {@code 1 - 1/maxScaleDownRate} of the replicas.
 *
 * @param stable the window of steady decisions
 * @param panic the window that notices bursts; shorter than {@code stable}
 * @param panicThreshold how many times the ready replicas a burst must ask for to start panic mode; above 1
 * @param maxScaleDownRate one decision keeps at least {@code replicas / maxScaleDownRate}; above 1
 */
public record ScalingWindows(Duration stable, Duration panic, double panicThreshold, double maxScaleDownRate) {

    /**
     * Knative's shape, shortened: a 1 s panic window answers a step in load at the first or second decision after it
     * (a longer one averages the step away with the calm before it), and a 30 s stable window.
     */
    public static final ScalingWindows DEFAULT = new ScalingWindows(Duration.ofSeconds(30), Duration.ofSeconds(1),
            2.0, 2.0);

    public ScalingWindows {
        if (stable.isNegative() || stable.isZero() || panic.isNegative() || panic.isZero()) {
            throw new IllegalArgumentException("the stable and panic windows must be positive");
        }
        if (panic.compareTo(stable) > 0) {
            throw new IllegalArgumentException("the panic window (" + panic + ") must not be longer than the stable"
                    + " window (" + stable + ")");
        }
        if (!(panicThreshold > 1) || !(maxScaleDownRate > 1)) {
            throw new IllegalArgumentException("the panic threshold and the maximum scale-down rate must be above 1");
        }
    }
}
