package io.jfaas.watchdog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The watchdog process: {@code java -cp watchdog.jar:function-api.jar:FUNCTION_JARS io.jfaas.watchdog.Watchdog}.
 * Serves the function on {@code port}, each request on its own virtual thread; on SIGTERM stops accepting, lets
 * requests in flight finish (up to {@code write_timeout}) and exits 0.
 */
public final class Watchdog {

    private final WatchdogConfig config;
    private final FunctionRunner runner;
    private final HealthEndpoints health;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private HttpServer server;
    private ExecutorService executor;

    Watchdog(WatchdogConfig config, FunctionRunner runner) {
        this.config = config;
        this.runner = runner;
        this.health = new HealthEndpoints(accepting::get);
    }

    public static void main(String[] args) {
        // Nagle's algorithm meets delayed ACKs: without this the JDK server manages ~22 requests a second.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Map<String, String> env = System.getenv();
        WatchdogConfig config;
        try {
            config = WatchdogConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            System.err.println("watchdog: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Watchdog watchdog = new Watchdog(config, new JavaRunner(config, env));
        try {
            watchdog.start();
        } catch (Exception e) {
            Log.error("watchdog: cannot start " + config.functionName() + ": " + e.getMessage(), e);
            System.exit(1);
            return;
        }
        Signals.onTerminate(() -> {
            watchdog.stop();
            System.exit(0);
        });
        Log.info("watchdog: " + config.functionName() + "." + config.namespace() + " ready on "
                + config.bindAddress() + ":" + watchdog.port() + " (handler " + config.handlerClass() + ", started in "
                + sinceProcessStart().toMillis() + " ms)");
    }

    /** Starts the function, then the HTTP server. */
    void start() throws Exception {
        runner.start();
        try {
            server = HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 1024);
        } catch (BindException e) {
            runner.stop();
            throw new IOException("port " + config.port() + " on " + config.bindAddress() + " is in use or not"
                    + " available: " + e.getMessage(), e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        accepting.set(true);
    }

    /** The port the server listens on (useful with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /** Stops accepting, waits for requests in flight (up to write_timeout), then releases the function. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        accepting.set(false);
        long startNanos = System.nanoTime();
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.writeTimeout().toSeconds()));
        server.stop(seconds);
        executor.close();
        runner.stop();
        Log.info("watchdog: stopped after draining for " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis()
                + " ms");
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        Invocation invocation = new Invocation(exchange);
        try {
            String path = exchange.getRequestURI().getRawPath();
            if (HealthEndpoints.handles(path)) {
                health.serve(exchange.getRequestMethod(), invocation);
            } else {
                runner.serve(invocation);
            }
        } catch (IOException e) {
            // the client went away or sent a broken request; nothing more can be written to it
            exchange.close();
        } catch (RuntimeException e) {
            Log.error("watchdog: request failed", e);
            exchange.close();
        }
    }

    private static Duration sinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()))
                .orElse(Duration.ZERO);
    }
}
