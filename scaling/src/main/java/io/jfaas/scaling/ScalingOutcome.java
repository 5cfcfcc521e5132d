package io.jfaas.scaling;

import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One function's result of a {@link ScalingLoop} pass.
 *
 * @param function the function
 * @param decision what was decided
 * @param status the decision as the function's status shows it
 */
public record ScalingOutcome(FunctionRef function, Decision decision, AutoscalerStatus status) {

    static ScalingOutcome of(FunctionRef function, Decision decision, Instant now) {
        return new ScalingOutcome(function, decision, new AutoscalerStatus(decision.desired(), decision.current(),
                decision.mode().name().toLowerCase(Locale.ROOT), decision.load(), decision.reason(), now));
    }

    /** Whether the replicas must change: the driver scales the function to {@code decision().desired()}. */
    public boolean changes() {
        return decision.changes();
    }

    /** The line a driver logs when it scales: the function, the replicas from and to, and why. */
    public String logLine() {
        return "autoscaler: " + function + " " + decision.current() + " → " + decision.desired() + " ("
                + decision.reason() + ")";
    }

    /**
     * Whether a status written earlier says the same in what it decides: its desired replicas, replicas and mode
     * (null where it has none). The load and the reason of a steady function change every pass and are not worth a
     * write.
     */
    public boolean decidesAs(Integer desiredReplicas, Integer replicas, String mode) {
        return Objects.equals(desiredReplicas, status.desiredReplicas()) && Objects.equals(replicas, status.replicas())
                && status.mode().equals(mode);
    }
}
