package io.jfaas.provider;

import io.jfaas.model.FunctionRef;
import java.time.Instant;

/**
 * What {@code GET /system/logs} asks for.
 *
 * @param ref the function
 * @param instance only this replica's lines, or null for all
 * @param tail the last this many lines, or -1 for all
 * @param follow keep streaming new lines
 * @param since only lines from this time on, or null
 */
public record LogQuery(FunctionRef ref, String instance, int tail, boolean follow, Instant since) {
}
