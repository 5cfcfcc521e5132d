package io.jfaas.scaling;

import io.jfaas.contracts.Quantities;
import io.jfaas.contracts.WatchdogSettings;
import java.util.Map;

/**
 * What one replica of a function can carry, for the {@link ScaleType#SATURATION} load.
 *
 * @param maxInflight the calls one replica takes at once (its watchdog's {@code max_inflight}); 0: no limit
 * @param millicores the CPU one replica may use (its CPU limit), in millicores; 0: no limit of its own, so it may
 *                   use every core of the machine or node it runs on, and another replica beside it adds none
 */
public record ReplicaLimits(int maxInflight, double millicores) {

    /** A replica with no limit: it is never saturated in a way another replica would relieve. */
    public static final ReplicaLimits NONE = new ReplicaLimits(0, 0);

    public ReplicaLimits {
        if (maxInflight < 0 || !(millicores >= 0)) {
            throw new IllegalArgumentException("maxInflight and millicores must be 0 or more: " + maxInflight + ", "
                    + millicores);
        }
    }

    /**
     * The limits a function was deployed with: {@code max_inflight} from its environment, and its CPU limit (a
     * Kubernetes quantity such as {@code 500m} or {@code 2}, or null). A value the watchdog or the cluster would
     * refuse counts as no limit: such a function is not running to be measured.
     */
    public static ReplicaLimits of(Map<String, String> environment, String cpuLimit) {
        int maxInflight = 0;
        String inflight = environment == null ? null : environment.get(WatchdogSettings.MAX_INFLIGHT);
        if (inflight != null && !inflight.isBlank()) {
            try {
                maxInflight = Math.max(0, Integer.parseInt(inflight.trim()));
            } catch (NumberFormatException e) {
                maxInflight = 0;
            }
        }
        double millicores = 0;
        if (cpuLimit != null && !cpuLimit.isBlank()) {
            try {
                millicores = Math.max(0, Quantities.value(cpuLimit.trim()).doubleValue() * 1000);
            } catch (IllegalArgumentException | ArithmeticException e) {
                millicores = 0;
            }
        }
        return new ReplicaLimits(maxInflight, millicores);
    }

    /** Whether either limit is set; without one, the saturation load is always 0. */
    public boolean any() {
        return maxInflight > 0 || millicores > 0;
    }
}
