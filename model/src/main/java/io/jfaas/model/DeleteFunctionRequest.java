package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of {@code DELETE /system/functions}.
 *
 * @param functionName the function to remove
 * @param namespace its namespace, or null for the default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteFunctionRequest(
        String functionName,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String namespace) {
}
