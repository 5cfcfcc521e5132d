package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Arrays;
import java.util.Objects;

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

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Objects.equals(name, s.name) && Objects.equals(namespace, s.namespace)
                && Objects.equals(value, s.value) && Arrays.equals(rawValue, s.rawValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, value, Arrays.hashCode(rawValue));
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", namespace=" + namespace + ", value=***]";
    }
}
