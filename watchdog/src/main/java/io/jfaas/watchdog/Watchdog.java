package io.jfaas.watchdog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jfaas.watchdog.config.WatchdogConfig;
import io.jfaas.watchdog.metrics.Metrics;
import io.jfaas.watchdog.metrics.MetricsServer;
import io.jfaas.watchdog.nats.NatsListener;
import io.jfaas.watchdog.runner.BodyTooLargeException;
import io.jfaas.watchdog.runner.Exchange;
import io.jfaas.watchdog.runner.FunctionRunner;
import io.jfaas.watchdog.runner.Log;
import io.jfaas.watchdog.runner.Runners;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The watchdog process: {@code java -cp watchdog.jar:function-api.jar:FUNCTION_JARS io.jfaas.watchdog.Watchdog}.
 *
 * <p>Each request: health and readiness are answered here; anything else passes the {@code max_inflight} gate (429
 * past it) and goes to the mode's runner on its own virtual thread. On SIGTERM: remove the lock file and stop
 * accepting (health turns 503), wait {@code healthcheck_interval}, let requests in flight finish within
 * {@code write_timeout}, release the function, exit 0.
 *
 * <p>With {@code JFAAS_NATS_URL} and {@code JFAAS_NATS_SUBJECT}, calls also come as NATS requests
 * ({@link NatsListener}) and take the same path; on SIGTERM that subscription is drained with the HTTP server.
 */
public final class Watchdog {

    private static final Exchange.Listener NOT_COUNTED = (method, status, nanos) -> { };

    private final WatchdogConfig config;
    private final FunctionRunner runner;
    private final LockFile lock;
    private final Metrics metrics = new Metrics();
    private final Semaphore admission;
    private final HealthEndpoints health;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private HttpServer server;
    private ExecutorService executor;
    private volatile MetricsServer metricsServer;
    private NatsListener nats;

    Watchdog(WatchdogConfig config, FunctionRunner runner, StartupCache cache) {
        this.config = config;
        this.runner = runner;
        this.lock = new LockFile(config.lockFile(), config.suppressLock());
        this.admission = config.maxInflight() > 0 ? new Semaphore(config.maxInflight()) : null;
        this.health = new HealthEndpoints(accepting::get, lock, runner, this::admitted, config.maxInflight(), cache);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(io.jfaas.contracts.WarmAssignment.ARGUMENT)) {
            PooledStart.main(args);
            return;
        }
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
        serve(config, env, Watchdog.class.getClassLoader(), () -> "");
    }

    /**
     * Starts the function and serves until SIGTERM, or exits the JVM (1) when it cannot start. {@code loader} finds a
     * Java handler; {@code origin} is added to the ready line.
     */
    static void serve(WatchdogConfig config, Map<String, String> env, ClassLoader loader,
                      java.util.function.Supplier<String> origin) {
        System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(config.readTimeout().toSeconds()));
        System.setProperty("sun.net.httpserver.maxRspTime", Long.toString(config.writeTimeout().toSeconds()));
        StartupCache cache = StartupCache.ofThisJvm();
        Watchdog watchdog = new Watchdog(config, Runners.forConfig(config, env, loader), cache);
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
        Log.info("watchdog: " + config.functionName() + "." + config.namespace() + " ready on " + config.bindAddress()
                + ":" + watchdog.port() + (config.servesNats() ? " and NATS subject " + config.natsSubject() + " at "
                + config.natsUrl() : "") + " (mode " + config.mode().key() + ", started in "
                + sinceProcessStart().toMillis() + " ms, start-up cache: " + cache.describe() + origin.get() + ")");
    }

    /** Starts the function, then serves. */
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
        if (config.servesNats()) {
            try {
                nats = NatsListener.start(config.natsUrl(), config.natsSubject(),
                        config.functionName() + "." + config.namespace(), executor, this::dispatch);
            } catch (IOException e) {
                server.stop(0);
                executor.close();
                runner.stop();
                throw e;
            }
        }
        lock.create();
        accepting.set(true);
        startMetrics();
    }

    /** Starts the metrics listener, off the start-up path. */
    private void startMetrics() {
        Thread.ofVirtual().name("metrics").start(() -> {
            try {
                metricsServer = MetricsServer.start(config.bindAddress(), config.metricsPort(), metrics);
            } catch (IOException e) {
                Log.info("watchdog: no metrics: cannot listen on port " + config.metricsPort() + ": " + e.getMessage());
            }
        });
    }

    /** The port the server listens on (useful with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    /** The metrics port, once listening, else -1. */
    int metricsPort() {
        MetricsServer listening = metricsServer;
        return listening == null ? -1 : listening.port();
    }

    /** Stops accepting, waits, lets requests in flight finish within write_timeout, then releases the function. */
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long startNanos = System.nanoTime();
        lock.remove();
        accepting.set(false);
        if (!config.healthcheckInterval().isZero()) {
            try {
                Thread.sleep(config.healthcheckInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int inFlight = metrics.inFlight();
        if (nats != null) {
            nats.drain(config.writeTimeout());
        }
        server.stop((int) Math.max(1, Math.min(Integer.MAX_VALUE, config.writeTimeout().toSeconds())));
        executor.close();
        if (nats != null) {
            nats.close();
        }
        runner.stop();
        MetricsServer listening = metricsServer;
        if (listening != null) {
            listening.stop();
        }
        Log.info("watchdog: stopped after " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis() + " ms, "
                + inFlight + " request(s) were in flight");
    }

    private void dispatch(HttpExchange http) {
        if (!accepting.get()) {
            // draining: a kept-alive connection would bring this replica more calls after it has gone
            http.getResponseHeaders().set("Connection", "close");
        }
        if (HealthEndpoints.handles(http.getRequestURI().getRawPath())) {
            // health checks are not function calls: metrics do not count them
            Exchange exchange = new Exchange(http, config.maxRequestBody(), false, NOT_COUNTED);
            try {
                health.serve(exchange);
            } catch (IOException e) {
                exchange.finish();
            }
            return;
        }
        Exchange exchange = new Exchange(http, config.maxRequestBody(), config.logCallId(), metrics::completed);
        metrics.started();
        boolean admitted = false;
        try {
            if (admission != null && !admission.tryAcquire()) {
                exchange.sendText(429, "Concurrent request limit exceeded. Max concurrent requests: "
                        + config.maxInflight() + "\n", Exchange.INTERNAL_HEADER, "faas-middleware");
                return;
            }
            admitted = admission != null;
            serve(exchange);
        } catch (IOException | RuntimeException e) {
            // the client went away mid-answer: nothing more can be written to it
            Log.info("watchdog: " + exchange.method() + " " + exchange.rawPath() + " aborted: " + e);
        } finally {
            exchange.finish();
            if (admitted) {
                admission.release();
            }
        }
    }

    private void serve(Exchange exchange) throws IOException {
        try {
            runner.serve(exchange);
        } catch (BodyTooLargeException e) {
            if (!exchange.started()) {
                exchange.sendText(413, e.getMessage() + "\n");
            }
        } catch (IOException | RuntimeException e) {
            if (exchange.started()) {
                throw e;
            }
            Log.error("watchdog: " + exchange.method() + " " + exchange.rawPath() + " failed", e);
            exchange.sendText(500, "Internal Server Error\n");
        }
    }

    /** Calls admitted past max_inflight and not yet done. */
    private int admitted() {
        return admission == null ? 0 : config.maxInflight() - admission.availablePermits();
    }

    private static Duration sinceProcessStart() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()))
                .orElse(Duration.ZERO);
    }
}
