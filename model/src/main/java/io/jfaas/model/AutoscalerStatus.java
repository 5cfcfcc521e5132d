package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * The autoscaler's last decision for a function, as jfaas adds it to a function's status (field {@code autoscaler};
 * OpenFaaS has no such field, and its clients ignore it).
 *
 * @param desiredReplicas the replicas decided on
 * @param replicas the replicas the function had been asked for when the decision was made
 * @param mode {@code stable}, {@code panic}, {@code fixed} (scaling off) or {@code idle} (at or going to zero)
 * @param load the load the decision was based on, in the unit of {@code com.openfaas.scale.type}
 * @param reason one line a person can check: the load, the target and the rule that applied
 * @param decidedAt when
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AutoscalerStatus(int desiredReplicas, int replicas, String mode, double load, String reason,
                               Instant decidedAt) {
}
