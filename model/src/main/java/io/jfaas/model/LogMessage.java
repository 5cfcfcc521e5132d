package io.jfaas.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * One line of a function's log, as {@code GET /system/logs} streams it (one JSON object a line).
 *
 * @param name the function
 * @param namespace its namespace
 * @param instance the replica that printed it
 * @param timestamp when
 * @param text the line, with its line break
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LogMessage(String name, String namespace, String instance, Instant timestamp, String text) {
}
