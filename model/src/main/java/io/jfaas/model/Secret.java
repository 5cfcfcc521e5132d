package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A secret as {@code /system/secrets} takes it. Values are only ever sent, never returned.
 * When {@code rawValue} (base64 in JSON) is present it takes precedence over {@code value}.
 *
 * @param name the secret name
 * @param namespace its namespace, or null for the default
 * @param value the value as text
 * @param rawValue the value as bytes
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Secret(
        @JsonInclude(JsonInclude.Include.ALWAYS) String name,
        String namespace,
        String value,
        byte[] rawValue) {
}
