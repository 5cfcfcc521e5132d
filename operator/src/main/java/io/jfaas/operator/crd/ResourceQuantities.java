package io.jfaas.operator.crd;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * CPU and memory of a Function's {@code limits} or {@code requests}, as Kubernetes quantities written as strings
 * ({@code "100m"}, {@code "128Mi"}).
 *
 * @param cpu    CPU quantity, or null
 * @param memory memory quantity, or null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ResourceQuantities(String cpu, String memory) {

    /** True when neither is set. */
    @JsonIgnore
    public boolean isUnset() {
        return (cpu == null || cpu.isBlank()) && (memory == null || memory.isBlank());
    }
}
