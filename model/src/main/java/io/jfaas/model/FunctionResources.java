package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * CPU and memory of a function, as Kubernetes quantities ({@code "100m"}, {@code "128Mi"}).
 *
 * @param memory memory quantity, or null when not set
 * @param cpu CPU quantity, or null when not set
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionResources(String memory, String cpu) {

    /** True when neither memory nor CPU is set. */
    @JsonIgnore
    public boolean isUnset() {
        return (memory == null || memory.isBlank()) && (cpu == null || cpu.isBlank());
    }
}
