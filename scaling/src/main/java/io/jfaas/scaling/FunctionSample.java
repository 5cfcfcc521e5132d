package io.jfaas.scaling;

import io.jfaas.model.FunctionRef;
import java.util.Map;

/**
 * What a driver saw of one function in one pass.
 *
 * @param function the function
 * @param labels its labels, where its {@code com.openfaas.scale.*} policy is read from
 * @param replicas the replicas asked for now
 * @param ready the replicas ready to serve
 * @param load its measured load
 * @param limits what one replica can carry ({@link ReplicaLimits#NONE} when unknown)
 * @param bound the most replicas where it runs can run to advantage ({@link Bound#NONE} when unbounded)
 */
public record FunctionSample(FunctionRef function, Map<String, String> labels, int replicas, int ready,
                             FunctionLoad load, ReplicaLimits limits, Bound bound) {

    public FunctionSample {
        labels = labels == null ? Map.of() : labels;
    }
}
