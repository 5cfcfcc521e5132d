package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code POST /system/scale-function/{name}}.
 *
 * @param serviceName the function to scale
 * @param replicas the desired replicas; 0 is allowed
 * @param namespace its namespace, or null for the default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScaleServiceRequest(
        String serviceName,
        long replicas,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace) {
}
