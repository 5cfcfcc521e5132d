package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.watchdog.Watchdog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog as its own process, as a replica runs it: a JVM with the watchdog, the function API and a test handler
 * on its class path, on free ports. Every line it prints is kept, so that {@link #awaitLines} finds a line whenever it
 * was printed: before, during or after an earlier wait.
 */
public final class WatchdogProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    /** Lines kept: far more than a test's watchdog prints, so a runaway process cannot fill the test JVM's heap. */
    private static final int MAX_LINES = 100_000;

    private final List<String> output = new ArrayList<>();

    private WatchdogProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    printed(line);
                }
            } catch (IOException e) {
                printed("output closed: " + e.getMessage());
            }
        });
    }

    /**
     * The command that runs the watchdog with {@code handler} on {@code port}, a free metrics port and {@code tmp} as
     * its temporary directory; {@code extraClasspath} adds classes the handler or the mode needs.
     */
    public static ProcessBuilder command(Path tmp, Class<?> handler, int port, Class<?>... extraClasspath)
            throws IOException {
        List<String> classpath = new ArrayList<>(List.of(codeSource(Watchdog.class),
                codeSource(FunctionHandler.class), codeSource(handler)));
        for (Class<?> type : extraClasspath) {
            classpath.add(codeSource(type));
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classpath), Watchdog.class.getName());
        builder.environment().put("port", Integer.toString(port));
        builder.environment().put("JFAAS_BIND_ADDRESS", "127.0.0.1");
        builder.environment().put("JFAAS_HANDLER_CLASS", handler.getName());
        builder.environment().put("JFAAS_METRICS_PORT", Integer.toString(freePort()));
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("healthcheck_interval", "0");
        return builder;
    }

    /** Starts the watchdog ({@link #command}, plus {@code env}) and waits until it prints {@code readyLine}. */
    public static WatchdogProcess start(Path tmp, Class<? extends FunctionHandler> handler, Map<String, String> env,
                                        String readyLine, Class<?>... extraClasspath)
            throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = command(tmp, handler, port, extraClasspath);
        builder.environment().putAll(env);
        WatchdogProcess watchdog = new WatchdogProcess(builder.redirectErrorStream(true).start(), port);
        try {
            watchdog.awaitLines(readyLine);
        } catch (AssertionError e) {
            watchdog.close();
            throw e;
        }
        return watchdog;
    }

    /** The process, for signals and its exit. */
    public Process process() {
        return process;
    }

    /** Its HTTP port. */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} + {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void printed(String line) {
        synchronized (output) {
            if (output.size() < MAX_LINES) {
                output.add(output.size() == MAX_LINES - 1 ? "(only the first " + MAX_LINES + " lines are kept)" : line);
            }
            output.notifyAll();
        }
    }

    /**
     * Waits until, for each fragment, some line the process printed since it started contains it (30 s at most). Lines
     * are never consumed: two waits may find the same line, and a line printed before the wait counts.
     */
    public void awaitLines(String... fragments) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (output) {
            List<String> missing = missing(fragments);
            while (!missing.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("the watchdog never printed " + missing + "; it printed " + output);
                }
                TimeUnit.NANOSECONDS.timedWait(output, left);
                missing = missing(fragments);
            }
        }
    }

    /** Every line the process has printed so far. */
    public List<String> lines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private List<String> missing(String... fragments) {
        return Arrays.stream(fragments).filter(fragment -> output.stream().noneMatch(line -> line.contains(fragment)))
                .toList();
    }

    /** Kills the process and whatever it started, if they still run. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The jar or class folder {@code type} was loaded from. */
    public static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no code source for " + type, e);
        }
    }

    /** A port nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
