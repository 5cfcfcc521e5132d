package io.jfaas.gateway;

import io.jfaas.contracts.Durations;
import io.jfaas.contracts.EnvSettings;
import io.jfaas.gateway.async.AsyncConfig;
import io.jfaas.gateway.local.ContainerConfig;
import io.jfaas.gateway.local.LocalProvider;
import io.jfaas.model.Names;
import io.jfaas.model.SyncTransport;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.scaling.ScalingWindows;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's settings, read once from the environment. OpenFaaS's names where they exist ({@code port},
 * {@code function_namespace}, {@code basic_auth}, {@code secret_mount_path}, {@code upstream_timeout}); jfaas's
 * own start with {@code JFAAS_}.
 *
 * @param port the HTTP port ({@code port}, default 8080)
 * @param bindAddress the address to listen on ({@code JFAAS_BIND_ADDRESS}; default 127.0.0.1 in local mode)
 * @param functionNamespace the default namespace ({@code function_namespace}, default openfaas-fn)
 * @param basicAuth whether /system/* needs basic auth ({@code basic_auth}, default true)
 * @param secretMountPath where {@code basic-auth-user} and {@code basic-auth-password} are
 *                        ({@code secret_mount_path}; default the state directory in local mode)
 * @param stateDir where the local provider keeps functions, logs and generated credentials
 *                 ({@code JFAAS_STATE_DIR}, default {@code $HOME/.jfaas/state})
 * @param imageStore the local image store ({@code JFAAS_IMAGE_STORE}, default {@code $HOME/.jfaas/images})
 * @param watchdogClasspath the jars that run a replica's watchdog ({@code JFAAS_WATCHDOG_CLASSPATH}, default the
 *                          {@code watchdog/} folder next to the gateway's jar)
 * @param metricsPort the port of the metrics listener, {@code /metrics} and {@code /healthz}
 *                    ({@code JFAAS_METRICS_PORT}, default 8082 as OpenFaaS; 0 picks a free one)
 * @param readTimeout the longest a client may take to send a whole request ({@code read_timeout}, default 60s)
 * @param writeTimeout the longest the gateway takes to write a whole response, from the start of the request
 *                     ({@code write_timeout}, default 60s)
 * @param upstreamTimeout the longest a function may take to answer a call completely ({@code upstream_timeout},
 *                        default 60s)
 * @param maxRequestBody the largest request body an invocation may carry, in bytes, or -1 for no limit
 *                       ({@code JFAAS_MAX_REQUEST_BODY}, e.g. {@code 10Mi}; default no limit)
 * @param readyTimeout how long a call waits for a starting function to become ready ({@code JFAAS_READY_TIMEOUT},
 *                     default 30s)
 * @param startupCache whether Java functions get a trained start-up cache ({@code JFAAS_STARTUP_CACHE}, default true)
 * @param scaling the autoscaler's and scale from zero's settings
 * @param async the settings of async invocations and the queue worker (see {@link AsyncConfig})
 * @param syncTransport how {@code /function/NAME} reaches functions without the {@code com.jfaas.transport}
 *                      annotation ({@code JFAAS_SYNC_TRANSPORT}: http or nats, default http; see {@link SyncTransport})
 * @param connections the bounds on client connections (see {@link Connections})
 * @param containers how local mode runs functions as containers ({@code JFAAS_LOCAL_RUNTIME}, {@code JFAAS_PODMAN},
 *                   {@code JFAAS_PODMAN_FLAGS}, {@code JFAAS_PODMAN_RUN_FLAGS})
 * @param liveness the local provider's liveness check of serving replicas ({@code JFAAS_LIVENESS_INTERVAL} default 10s,
 *                 {@code JFAAS_LIVENESS_TIMEOUT} default 5s, {@code JFAAS_LIVENESS_FAILURES} default 3)
 * @param warmPool how many warmed-up watchdog JVMs the local provider keeps for replica starts
 *                 ({@code JFAAS_LOCAL_WARM_POOL}, 0 to {@value #MAX_WARM_POOL}, default 1; 0: none)
 * @param remote the provider to use instead of the local one, when {@code functions_provider_url} is set
 */
public record GatewayConfig(
        int port,
        String bindAddress,
        String functionNamespace,
        boolean basicAuth,
        Path secretMountPath,
        Path stateDir,
        Path imageStore,
        String watchdogClasspath,
        int metricsPort,
        Duration readTimeout,
        Duration writeTimeout,
        Duration upstreamTimeout,
        long maxRequestBody,
        Duration readyTimeout,
        boolean startupCache,
        Scaling scaling,
        AsyncConfig async,
        SyncTransport.Kind syncTransport,
        Connections connections,
        LocalProvider.Liveness liveness,
        int warmPool,
        Optional<Remote> remote,
        ContainerConfig containers) {

    /**
     * What a client connection may hold of the gateway. A new connection must send a request's headers within
     * {@code read_timeout}.
     *
     * @param idleTimeout how long a kept-alive connection may carry no request before it is closed
     *                    ({@code JFAAS_IDLE_TIMEOUT}, default {@code read_timeout}, as Go's {@code IdleTimeout})
     * @param maxPerClient the most connections one client address may hold; more are closed as they are accepted
     *                     ({@code JFAAS_MAX_CONNECTIONS_PER_CLIENT}, default 1024)
     * @param h2c whether cleartext HTTP/2 is served (prior knowledge or {@code Upgrade: h2c}) ({@code JFAAS_H2C},
     *            default false: HTTP/1.1 only)
     * @param functionRelay whether plain invocations to a ready replica are relayed as bytes ahead of the HTTP server
     *                      ({@code JFAAS_FUNCTION_RELAY}, default true; false: every request goes through the HTTP
     *                      server, as before the relay)
     */
    public record Connections(Duration idleTimeout, int maxPerClient, boolean h2c, boolean functionRelay) {
    }

    /**
     * The gateway in a cluster: functions are run by the provider at {@code url} (the jfaas operator) and invoked at
     * the ready endpoints its endpoints feed announces. The local autoscaler does not run then: the provider owns
     * scaling.
     *
     * @param url the provider's base URL ({@code functions_provider_url}, as OpenFaaS; unset: local mode)
     */
    public record Remote(URI url) {
    }

    /**
     * How functions are scaled in local mode.
     *
     * @param fromZero whether a call to a function at 0 replicas wakes it ({@code scale_from_zero}, default true)
     * @param maxHeldCalls the most calls held per function while it wakes; more get 429
     *                     ({@code JFAAS_MAX_HELD_CALLS}, default 1000)
     * @param autoscale whether the gateway scales functions on their load ({@code JFAAS_AUTOSCALE}, default true;
     *                  always false with a remote provider, which scales its functions itself)
     * @param interval how often the autoscaler decides ({@code JFAAS_AUTOSCALE_INTERVAL}, default 500ms)
     * @param windows the stable and panic windows ({@code JFAAS_SCALE_STABLE_WINDOW}, default 30s;
     *                {@code JFAAS_SCALE_PANIC_WINDOW}, default 1s)
     * @param slowStart how long a replica that has just become ready takes to reach its full share of calls, from a
     *                  tenth ({@code JFAAS_SLOW_START}, default 30s; 0: a full share at once)
     */
    public record Scaling(boolean fromZero, int maxHeldCalls, boolean autoscale, Duration interval,
                          ScalingWindows windows, Duration slowStart) {
    }

    static final String PORT = "port";
    static final String BIND_ADDRESS = "JFAAS_BIND_ADDRESS";
    static final String FUNCTION_NAMESPACE = "function_namespace";
    static final String BASIC_AUTH = "basic_auth";
    static final String SECRET_MOUNT_PATH = "secret_mount_path";
    static final String STATE_DIR = "JFAAS_STATE_DIR";
    static final String WATCHDOG_CLASSPATH = "JFAAS_WATCHDOG_CLASSPATH";
    static final String METRICS_PORT = "JFAAS_METRICS_PORT";
    static final String READ_TIMEOUT = "read_timeout";
    static final String WRITE_TIMEOUT = "write_timeout";
    static final String UPSTREAM_TIMEOUT = "upstream_timeout";
    static final String MAX_REQUEST_BODY = "JFAAS_MAX_REQUEST_BODY";

    /** {@link #maxRequestBody} when there is no limit. */
    public static final long UNLIMITED = -1;
    static final String READY_TIMEOUT = "JFAAS_READY_TIMEOUT";
    static final String STARTUP_CACHE = "JFAAS_STARTUP_CACHE";
    static final String SCALE_FROM_ZERO = "scale_from_zero";
    static final String MAX_HELD_CALLS = "JFAAS_MAX_HELD_CALLS";
    static final String AUTOSCALE = "JFAAS_AUTOSCALE";
    static final String AUTOSCALE_INTERVAL = "JFAAS_AUTOSCALE_INTERVAL";
    static final String STABLE_WINDOW = "JFAAS_SCALE_STABLE_WINDOW";
    static final String PANIC_WINDOW = "JFAAS_SCALE_PANIC_WINDOW";
    static final String SLOW_START = "JFAAS_SLOW_START";
    static final String FUNCTIONS_PROVIDER_URL = "functions_provider_url";
    static final String IDLE_TIMEOUT = "JFAAS_IDLE_TIMEOUT";
    static final String MAX_CONNECTIONS_PER_CLIENT = "JFAAS_MAX_CONNECTIONS_PER_CLIENT";
    static final String H2C = "JFAAS_H2C";
    static final String FUNCTION_RELAY = "JFAAS_FUNCTION_RELAY";
    static final String LIVENESS_INTERVAL = "JFAAS_LIVENESS_INTERVAL";
    static final String LIVENESS_TIMEOUT = "JFAAS_LIVENESS_TIMEOUT";
    static final String LIVENESS_FAILURES = "JFAAS_LIVENESS_FAILURES";
    static final String LOCAL_WARM_POOL = "JFAAS_LOCAL_WARM_POOL";
    /** The most JVMs {@code JFAAS_LOCAL_WARM_POOL} may keep warm. */
    public static final int MAX_WARM_POOL = 8;

    /** Reads and checks the settings; a bad value fails with a message that names the variable. */
    public static GatewayConfig fromEnv(Map<String, String> env) {
        EnvSettings settings = EnvSettings.of(env);
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path stateDir = settings.path(STATE_DIR, Path.of(home, ".jfaas", "state")).toAbsolutePath();
        String namespace = settings.string(FUNCTION_NAMESPACE, Names.DEFAULT_NAMESPACE);
        Names.namespaceProblem(namespace).ifPresent(problem -> {
            throw new IllegalArgumentException(FUNCTION_NAMESPACE + ": " + problem);
        });
        Optional<Remote> remote = remote(settings);
        Duration readTimeout = settings.positiveDuration(READ_TIMEOUT, Duration.ofSeconds(60));
        return new GatewayConfig(
                settings.port(PORT, 8080),
                settings.string(BIND_ADDRESS, "127.0.0.1"),
                namespace,
                settings.bool(BASIC_AUTH, true),
                settings.path(SECRET_MOUNT_PATH, stateDir).toAbsolutePath(),
                stateDir,
                settings.path(LocalImageStore.ENV, LocalImageStore.defaultRoot(env)).toAbsolutePath(),
                settings.string(WATCHDOG_CLASSPATH, defaultWatchdogClasspath()),
                settings.port(METRICS_PORT, 8082),
                readTimeout,
                settings.positiveDuration(WRITE_TIMEOUT, Duration.ofSeconds(60)),
                settings.positiveDuration(UPSTREAM_TIMEOUT, Duration.ofSeconds(60)),
                settings.positiveBytes(MAX_REQUEST_BODY, UNLIMITED),
                settings.positiveDuration(READY_TIMEOUT, Duration.ofSeconds(30)),
                settings.bool(STARTUP_CACHE, true),
                scaling(settings, remote.isPresent()),
                AsyncConfig.fromEnv(env, stateDir),
                SyncTransport.Kind.parse(SyncTransport.SETTING, settings.string(SyncTransport.SETTING, "http")),
                new Connections(settings.positiveDuration(IDLE_TIMEOUT, readTimeout),
                        settings.positiveInt(MAX_CONNECTIONS_PER_CLIENT, 1024),
                        settings.bool(H2C, false), settings.bool(FUNCTION_RELAY, true)),
                new LocalProvider.Liveness(
                        settings.positiveDuration(LIVENESS_INTERVAL, LocalProvider.Liveness.DEFAULT.interval()),
                        settings.positiveDuration(LIVENESS_TIMEOUT, LocalProvider.Liveness.DEFAULT.timeout()),
                        settings.positiveInt(LIVENESS_FAILURES, LocalProvider.Liveness.DEFAULT.failures())),
                remote.isPresent() ? 0 : settings.read(LOCAL_WARM_POOL, "1", GatewayConfig::parseWarmPool),
                remote,
                ContainerConfig.fromEnv(env));
    }

    private static int parseWarmPool(String value) {
        try {
            int size = Integer.parseInt(value.trim());
            if (size >= 0 && size <= MAX_WARM_POOL) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a number of JVMs from 0 (no pool) to "
                + MAX_WARM_POOL);
    }

    private static Optional<Remote> remote(EnvSettings settings) {
        String url = settings.string(FUNCTIONS_PROVIDER_URL, "").trim();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(FUNCTIONS_PROVIDER_URL + ": \"" + url + "\" is not a URL: "
                    + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(FUNCTIONS_PROVIDER_URL + ": \"" + url
                    + "\" is not an http(s) URL with a host, e.g. http://jfaas-operator.openfaas:8081/");
        }
        return Optional.of(new Remote(uri));
    }

    private static Scaling scaling(EnvSettings settings, boolean remote) {
        if (remote && settings.bool(AUTOSCALE, false)) {
            throw new IllegalArgumentException(AUTOSCALE + ": the gateway's autoscaler scales local functions only;"
                    + " with " + FUNCTIONS_PROVIDER_URL + " set the provider owns scaling: leave " + AUTOSCALE
                    + " unset or false");
        }
        ScalingWindows windows;
        try {
            windows = new ScalingWindows(
                    settings.positiveDuration(STABLE_WINDOW, ScalingWindows.DEFAULT.stable()),
                    settings.positiveDuration(PANIC_WINDOW, ScalingWindows.DEFAULT.panic()),
                    ScalingWindows.DEFAULT.panicThreshold(), ScalingWindows.DEFAULT.maxScaleDownRate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(STABLE_WINDOW + ", " + PANIC_WINDOW + ": " + e.getMessage(), e);
        }
        return new Scaling(
                settings.bool(SCALE_FROM_ZERO, true),
                settings.positiveInt(MAX_HELD_CALLS, 1000),
                !remote && settings.bool(AUTOSCALE, true),
                settings.positiveDuration(AUTOSCALE_INTERVAL, Duration.ofMillis(500)),
                windows,
                slowStart(settings));
    }

    private static Duration slowStart(EnvSettings settings) {
        String value = settings.string(SLOW_START, "").trim();
        if (value.isEmpty()) {
            return Duration.ofSeconds(30);
        }
        try {
            Duration window = Durations.parse(value);
            if (window.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return window;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SLOW_START + ": \"" + value + "\" is not 0 or a duration (30s, 1m): "
                    + e.getMessage(), e);
        }
    }

    /** {@code watchdog/*} next to the jar the gateway runs from (the build puts it there). */
    private static String defaultWatchdogClasspath() {
        try {
            Path codeSource = Path.of(GatewayConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/gateway.jar or, in tests, target/classes: either way target/watchdog/*
            return codeSource.getParent().resolve("watchdog").resolve("*").toString();
        } catch (Exception e) {
            return "watchdog/*";
        }
    }
}
