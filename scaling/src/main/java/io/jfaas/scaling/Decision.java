package io.jfaas.scaling;

/**
 * What the algorithm decided for one function, and why, in words a person can check.
 *
 * @param desired the replicas the function should have
 * @param current the replicas it was asked to have before this decision
 * @param mode how the decision was reached
 * @param load the load the decision was based on (the stable or panic average), in the policy's type
 * @param reason one line: the load, the target and the rule that set {@code desired}
 */
public record Decision(int desired, int current, ScalingMode mode, double load, String reason) {

    /** Whether the provider must be told. */
    public boolean changes() {
        return desired != current;
    }
}
