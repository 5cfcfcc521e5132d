package io.jfaas.watchdog;

import io.jfaas.contracts.WatchdogEndpoints;
import io.jfaas.watchdog.runner.Exchange;
import io.jfaas.watchdog.runner.FunctionRunner;
import io.jfaas.watchdog.runner.Log;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code /_/health} and {@code /_/ready}, as of-watchdog answers them. Health: 200 "OK" while the watchdog accepts
 * requests, its lock file is there and the runner is not {@linkplain FunctionRunner#wedged() wedged}, else 503 (a
 * wedged runner is logged once, with why). Ready: the same, then 429 while {@code max_inflight} calls are in
 * flight, then 503 until the runner can take calls. Both carry {@code X-Startup-Cache}. Any method but GET is 405.
 */
final class HealthEndpoints {

    static final String HEALTH_PATH = WatchdogEndpoints.HEALTH;
    static final String READY_PATH = WatchdogEndpoints.READY;
    static final String CACHE_HEADER = "X-Startup-Cache";

    private final BooleanSupplier accepting;
    private final LockFile lock;
    private final FunctionRunner runner;
    private final IntSupplier inFlight;
    private final int maxInflight;
    private final String cache;
    private volatile boolean wedgeLogged;

    HealthEndpoints(BooleanSupplier accepting, LockFile lock, FunctionRunner runner, IntSupplier inFlight,
                    int maxInflight, StartupCache cache) {
        this.accepting = accepting;
        this.lock = lock;
        this.runner = runner;
        this.inFlight = inFlight;
        this.maxInflight = maxInflight;
        this.cache = cache.describe();
    }

    static boolean handles(String path) {
        return HEALTH_PATH.equals(path) || READY_PATH.equals(path);
    }

    void serve(Exchange exchange) throws IOException {
        if (!"GET".equals(exchange.method()) && !"HEAD".equals(exchange.method())) {
            exchange.sendText(405, "Method Not Allowed\n");
            return;
        }
        java.util.Optional<String> wedged = runner.wedged();
        if (!accepting.getAsBoolean() || !lock.isHealthy()) {
            exchange.sendText(503, "Service Unavailable\n", CACHE_HEADER, cache);
        } else if (wedged.isPresent()) {
            if (!wedgeLogged) {
                wedgeLogged = true;
                Log.info("unhealthy: " + wedged.get());
            }
            exchange.sendText(503, "Service Unavailable: a call is stuck in the handler past exec_timeout\n",
                    CACHE_HEADER, cache);
        } else if (READY_PATH.equals(exchange.rawPath()) && maxInflight > 0 && inFlight.getAsInt() >= maxInflight) {
            exchange.sendText(429, "Too Many Requests: " + maxInflight + " in flight\n", CACHE_HEADER, cache);
        } else if (READY_PATH.equals(exchange.rawPath()) && !runner.isReady()) {
            exchange.sendText(503, "Service Unavailable: the function is not ready\n", CACHE_HEADER, cache);
        } else {
            exchange.sendText(200, "OK", CACHE_HEADER, cache);
        }
    }
}
