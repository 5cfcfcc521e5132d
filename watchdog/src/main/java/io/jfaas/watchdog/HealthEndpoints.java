package io.jfaas.watchdog;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * {@code /_/health} and {@code /_/ready}: 200 "OK" while the watchdog accepts requests, 503 once it drains;
 * 405 for any method but GET (and HEAD).
 */
final class HealthEndpoints {

    static final String HEALTH_PATH = "/_/health";
    static final String READY_PATH = "/_/ready";

    private final BooleanSupplier accepting;

    HealthEndpoints(BooleanSupplier accepting) {
        this.accepting = accepting;
    }

    static boolean handles(String path) {
        return HEALTH_PATH.equals(path) || READY_PATH.equals(path);
    }

    void serve(String method, Invocation invocation) throws IOException {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            invocation.sendText(405, "Method Not Allowed\n");
        } else if (accepting.getAsBoolean()) {
            invocation.sendText(200, "OK");
        } else {
            invocation.sendText(503, "Service Unavailable: shutting down\n");
        }
    }
}
