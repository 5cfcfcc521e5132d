package io.jfaas.watchdog;

import java.io.IOException;

/** How the watchdog runs a function. One implementation per mode; {@link Watchdog} picks one. */
interface FunctionRunner {

    /** Prepares the function; the watchdog is ready once this returns. A failure stops the replica. */
    void start() throws Exception;

    /** Serves one request. Called concurrently. */
    void serve(Invocation invocation) throws IOException;

    /** Releases the function, after the last request has finished. */
    void stop();
}
