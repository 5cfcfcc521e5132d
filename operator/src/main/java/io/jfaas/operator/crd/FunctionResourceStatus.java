package io.jfaas.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator last saw of a Function: OpenFaaS's {@code FunctionStatus} fields. Conditions of type
 * {@value #READY} (the Deployment and Service match the spec) and {@value #HEALTHY} (every replica is available).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FunctionResourceStatus {

    public static final String READY = "Ready";
    public static final String HEALTHY = "Healthy";

    private List<Condition> conditions = new ArrayList<>();
    private Integer replicas;
    private Integer availableReplicas;
    private Integer unavailableReplicas;
    private Long observedGeneration;
    private AutoscalerDecision autoscaler;

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : new ArrayList<>(conditions);
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getAvailableReplicas() {
        return availableReplicas;
    }

    public void setAvailableReplicas(Integer availableReplicas) {
        this.availableReplicas = availableReplicas;
    }

    public Integer getUnavailableReplicas() {
        return unavailableReplicas;
    }

    public void setUnavailableReplicas(Integer unavailableReplicas) {
        this.unavailableReplicas = unavailableReplicas;
    }

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    /** The autoscaler's last decision, or null (none yet, or autoscaling off). */
    public AutoscalerDecision getAutoscaler() {
        return autoscaler;
    }

    public void setAutoscaler(AutoscalerDecision autoscaler) {
        this.autoscaler = autoscaler;
    }

    /** The condition of {@code type}, or null. */
    public Condition condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
