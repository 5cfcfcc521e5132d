package io.jfaas.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jfaas.model.AutoscalerStatus;
import java.util.Objects;

/**
 * The autoscaler's last decision for a Function, in its status ({@code status.autoscaler}; a jfaas addition with
 * the names of the gateway's {@code autoscaler} field).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalerDecision {

    private Integer desiredReplicas;
    private Integer replicas;
    private String mode;
    private Double load;
    private String reason;
    private String decidedAt;

    public AutoscalerDecision() {
    }

    /**
     * @param desiredReplicas the replicas decided on
     * @param replicas        the Deployment's replicas when the decision was made
     * @param mode            {@code stable}, {@code panic}, {@code fixed} (scaling off) or {@code idle}
     * @param load            the load the decision was based on, in the unit of {@code com.openfaas.scale.type}
     * @param reason          one line: the load, the target and the rule that applied
     * @param decidedAt       when, RFC 3339
     */
    public AutoscalerDecision(int desiredReplicas, int replicas, String mode, double load, String reason,
                              String decidedAt) {
        this.desiredReplicas = desiredReplicas;
        this.replicas = replicas;
        this.mode = mode;
        this.load = load;
        this.reason = reason;
        this.decidedAt = decidedAt;
    }

    /** The decision as the gateway's {@code autoscaler} field writes it, with the time in RFC 3339. */
    public static AutoscalerDecision of(AutoscalerStatus status) {
        return new AutoscalerDecision(status.desiredReplicas(), status.replicas(), status.mode(), status.load(),
                status.reason(), status.decidedAt().toString());
    }

    public Integer getDesiredReplicas() {
        return desiredReplicas;
    }

    public void setDesiredReplicas(Integer desiredReplicas) {
        this.desiredReplicas = desiredReplicas;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public String getMode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode;
    }

    public Double getLoad() {
        return load;
    }

    public void setLoad(Double load) {
        this.load = load;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getDecidedAt() {
        return decidedAt;
    }

    public void setDecidedAt(String decidedAt) {
        this.decidedAt = decidedAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoscalerDecision d && Objects.equals(desiredReplicas, d.desiredReplicas)
                && Objects.equals(replicas, d.replicas) && Objects.equals(mode, d.mode)
                && Objects.equals(load, d.load) && Objects.equals(reason, d.reason)
                && Objects.equals(decidedAt, d.decidedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(desiredReplicas, replicas, mode, load, reason, decidedAt);
    }
}
