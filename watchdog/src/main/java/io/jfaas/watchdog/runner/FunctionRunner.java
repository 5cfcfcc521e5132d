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

    /** Releases the function, after the last request has finished. */
    void stop();
}
