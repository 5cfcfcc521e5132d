package io.jfaas.watchdog.runner;

import java.io.IOException;

/** How the watchdog runs a function. One implementation per mode; {@link Runners} picks one. */
public interface FunctionRunner {

    /** Prepares the function; the watchdog serves once this returns. A failure stops the replica. */
    void start() throws Exception;

    /** Serves one request completely. Called concurrently. */
    void serve(Exchange exchange) throws IOException;

    /** Whether the function can take calls now (checked by {@code /_/ready}). */
    default boolean isReady() {
        return true;
    }

    /**
     * Why the function can no longer serve, if it can't: for example a handler stuck in a call long after its
     * {@code exec_timeout} (a deadlock the watchdog cannot break). {@code /_/health} then answers 503, so a
     * liveness probe replaces the replica.
     */
    default java.util.Optional<String> wedged() {
        return java.util.Optional.empty();
    }

    /** Releases the function, after the last request has finished. */
    void stop();
}
