package io.jfaas.provider;

import io.jfaas.model.FunctionRef;
import java.util.List;

/**
 * One line of the endpoints feed ({@code GET /system/endpoints}, newline-delimited JSON): what a remote provider
 * streams to the gateway so that the gateway picks a ready replica per call without asking the provider per call.
 * The first line after connecting is a snapshot of every function; then a line per change; an empty line of neither
 * kind every {@link #HEARTBEAT_SECONDS} so that either side notices a dead connection.
 *
 * @param snapshot true when {@code functions} is every function there is (the reader forgets all others)
 * @param functions functions that are new or changed
 * @param removed functions that are gone
 */
public record EndpointsUpdate(boolean snapshot, List<FunctionEndpoints> functions, List<FunctionRef> removed) {

    /** The feed's path below the provider's URL. */
    public static final String PATH = "system/endpoints";
    /** How often the provider sends a line when nothing changed. */
    public static final int HEARTBEAT_SECONDS = 10;

    public EndpointsUpdate {
        functions = List.copyOf(functions);
        removed = List.copyOf(removed);
    }

    /** A line that says nothing changed. */
    public static EndpointsUpdate heartbeat() {
        return new EndpointsUpdate(false, List.of(), List.of());
    }
}
