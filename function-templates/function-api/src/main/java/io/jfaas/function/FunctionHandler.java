package io.jfaas.function;

/**
 * A function. One instance serves every request of a replica, concurrently, each call on its own virtual thread:
 * keep per-request state in local variables, and shared state (clients, pools, caches) thread-safe.
 *
 * <pre>{@code
 * public class Handler implements FunctionHandler {
 *     public Response handle(Request request) {
 *         return Response.ok("Hello, " + request.bodyAsText());
 *     }
 * }
 * }</pre>
 *
 * An exception thrown from {@link #handle} becomes a 500 with a generic body; its stack trace goes to the log.
 */
@FunctionalInterface
public interface FunctionHandler {

    /** Serves one request. Called concurrently. */
    Response handle(Request request) throws Exception;

    /**
     * Runs once, before the first request: open clients and pools here. If it throws, the replica does not start
     * and the error is logged.
     */
    default void init(FunctionContext context) throws Exception {
    }

    /** Runs once at shutdown, after the last request has finished. */
    default void close() throws Exception {
    }
}
