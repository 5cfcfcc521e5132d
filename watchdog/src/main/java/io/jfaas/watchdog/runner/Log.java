package io.jfaas.watchdog.runner;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * The watchdog's own log lines, on stderr, one line each with an RFC 3339 time. Deliberately not java.util.logging
 * or a logging library: both cost start-up time, and the watchdog starts on every cold start.
 */
public final class Log {

    private static final PrintStream OUT = System.err;

    private Log() {
    }

    public static void info(String message) {
        OUT.println(Instant.now() + " " + message);
    }

    public static void error(String message, Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        OUT.println(Instant.now() + " " + message + "\n" + trace.toString().stripTrailing());
    }
}
