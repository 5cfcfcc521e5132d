package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * How a function's replicas are doing, as jfaas adds it to a function's status (field {@code health}; OpenFaaS's
 * status has only the counts {@code replicas} and {@code availableReplicas}, and its clients ignore the field).
 *
 * @param state {@code ready} (as many ready as asked for), {@code starting} (fewer, none failing),
 *              {@code crash-looping} (fewer, and replicas keep exiting before they are ready: restarted with
 *              back-off) or {@code scaled-to-zero}
 * @param restarts replicas that exited unasked and were started again, since the function was deployed or updated
 * @param lastError the last of those exits, with the last line the replica printed, or null
 * @param lastErrorAt when it happened, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaHealth(String state, int restarts, String lastError, Instant lastErrorAt) {
}
