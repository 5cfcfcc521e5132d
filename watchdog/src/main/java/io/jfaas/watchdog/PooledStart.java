package io.jfaas.watchdog;

import io.jfaas.contracts.WarmAssignment;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;
import io.jfaas.watchdog.config.WatchdogConfig;
import io.jfaas.watchdog.runner.Log;
import java.io.EOFException;
import java.lang.reflect.Field;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A warm-pool watchdog JVM ({@code io.jfaas.watchdog.Watchdog --warm-pool}): started ahead of need with only the
 * watchdog's jars, it serves a built-in function on a throw-away port for a few calls, so that the watchdog's, the
 * HTTP server's and the JDK's classes are loaded and run, prints {@link WarmAssignment#WARM_LINE} on its standard error after the warm-up's log, then waits on its
 * standard input for one {@link WarmAssignment}: a function's jars and environment. It loads that function's handler
 * with a class loader of its own and serves it as a replica started cold would, with the assignment's environment as
 * the function's ({@code FunctionContext.env()}, {@code System.getenv()}, the watchdog's settings, child
 * processes). It never takes a second assignment: it serves that one function until it exits. When its
 * standard input ends before an assignment (the gateway is gone) it exits at once.
 */
public final class PooledStart {

    /** Calls of each kind the warm-up makes: enough for the JIT's first tier to compile the call's path. */
    private static final int WARM_UP_CALLS = 200;

    private PooledStart() {
    }

    static void main(String[] args) {
        long started = System.nanoTime();
        // Nagle's algorithm meets delayed ACKs: without this the JDK server manages ~22 requests a second.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            warmUp();
        } catch (Exception e) {
            Log.error("watchdog: warm pool: the warm-up failed: " + e.getMessage(), e);
            Log.flush();
            System.exit(1);
            return;
        }
        // the warm-up's log lines went to standard error, where this line ends them for the gateway
        Log.flush();
        System.err.println(WarmAssignment.WARM_LINE + " in " + (System.nanoTime() - started) / 1_000_000 + " ms");
        System.err.flush();
        WarmAssignment assignment;
        try {
            assignment = WarmAssignment.read(System.in);
        } catch (EOFException e) {
            System.exit(0);
            return;
        } catch (IOException e) {
            System.err.println("watchdog: warm pool: cannot read the assignment: " + e.getMessage());
            System.exit(2);
            return;
        }
        long assigned = System.nanoTime();
        Map<String, String> env = assignment.env();
        WatchdogConfig config;
        URLClassLoader loader;
        try {
            config = WatchdogConfig.fromEnv(env);
            loader = new URLClassLoader("function", urls(assignment), PooledStart.class.getClassLoader());
        } catch (IllegalArgumentException | MalformedURLException e) {
            System.err.println("watchdog: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        adoptEnvironment(env);
        // what a JVM started in the replica's own directory would have
        if (env.containsKey("HOME")) {
            System.setProperty("user.home", env.get("HOME"));
        }
        if (env.containsKey(WatchdogSettings.TMPDIR)) {
            System.setProperty("java.io.tmpdir", env.get(WatchdogSettings.TMPDIR));
        }
        // threads the server starts inherit it: ServiceLoader and frameworks look there
        Thread.currentThread().setContextClassLoader(loader);
        Watchdog.serve(config, env, loader, () -> ", from the warm pool: serving "
                + (System.nanoTime() - assigned) / 1_000_000 + " ms after its assignment");
    }

    /**
     * Makes {@code System.getenv()} (and so child processes) show the function's environment, as a JVM started with it
     * would: the JDK's environment map is read-only, so it is changed through reflection, which the pool JVM's
     * {@code --add-opens java.base/java.util=ALL-UNNAMED} allows. Without that, a warning says what handlers see.
     */
    @SuppressWarnings("unchecked")
    static void adoptEnvironment(Map<String, String> env) {
        try {
            Map<String, String> current = System.getenv();
            Field inner = Class.forName("java.util.Collections$UnmodifiableMap").getDeclaredField("m");
            inner.setAccessible(true);
            Map<String, String> writable = (Map<String, String>) inner.get(current);
            writable.clear();
            for (Map.Entry<String, String> variable : env.entrySet()) {
                try {
                    writable.put(variable.getKey(), variable.getValue());
                } catch (IllegalArgumentException e) {
                    System.err.println("watchdog: warm pool: System.getenv() leaves out " + variable.getKey() + ": "
                            + e.getMessage());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("watchdog: warm pool: System.getenv() shows the pool JVM's environment, not the"
                    + " function's (FunctionContext.env() has the function's): " + e);
        }
    }

    private static URL[] urls(WarmAssignment assignment) throws MalformedURLException {
        URL[] urls = new URL[assignment.classpath().size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = Path.of(assignment.classpath().get(i)).toUri().toURL();
        }
        return urls;
    }

    /** Serves {@link WarmUp} on a loopback port for a few calls and stops. */
    private static void warmUp() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(WatchdogSettings.PORT, "0");
        env.put(WatchdogSettings.METRICS_PORT, "0");
        env.put(WatchdogSettings.BIND_ADDRESS, "127.0.0.1");
        env.put(WatchdogSettings.SUPPRESS_LOCK, "true");
        env.put(WatchdogSettings.HEALTHCHECK_INTERVAL, "0");
        env.put(WatchdogSettings.WRITE_TIMEOUT, "1s");
        env.put(WatchdogSettings.HANDLER_CLASS, WarmUp.class.getName());
        WatchdogConfig config = WatchdogConfig.fromEnv(env);
        Watchdog watchdog = new Watchdog(config, io.jfaas.watchdog.runner.Runners.forConfig(config, env),
                StartupCache.ofThisJvm());
        watchdog.start();
        try {
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                call(watchdog.port(), "GET /_/ready HTTP/1.1");
                call(watchdog.port(), "POST /warm-up HTTP/1.1");
            }
            // its metrics listener starts off the start-up path: stopped before it listens, it would stay
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (watchdog.metricsPort() < 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } finally {
            watchdog.stop();
        }
        // what taking on a function runs: a class loader of its own reading a jar, the environment's reflection
        URL api = FunctionHandler.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader("warm-up", new URL[] {api},
                ClassLoader.getPlatformClassLoader())) {
            Class.forName(Response.class.getName(), false, loader);
        }
        adoptEnvironment(new HashMap<>(System.getenv()));
        // the warm-up's garbage goes, and the heap shrinks back (ReplicaJvm's G1 settings) while the JVM waits
        System.gc();
    }

    /** One call on a connection of its own; fails unless it answers 200. */
    private static void call(int port, String requestLine) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nConnection: close\r\n\r\nwarm!")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 200")) {
                throw new IOException(requestLine + " answered " + answer.lines().findFirst().orElse("nothing"));
            }
        }
    }

    /** The function a warm-pool JVM serves while it warms up: echoes the body. */
    public static final class WarmUp implements FunctionHandler {

        @Override
        public Response handle(Request request) {
            return Response.ok(request.body());
        }
    }
}
