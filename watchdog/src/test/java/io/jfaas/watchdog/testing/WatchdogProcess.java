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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The watchdog as its own process, as a replica runs it: a JVM with the watchdog, the function API and a test handler
 * on its class path, on free ports, its output read line by line for {@link #awaitLines}.
 */
public final class WatchdogProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final BlockingQueue<String> output = new LinkedBlockingQueue<>();

    private WatchdogProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("output closed: " + e.getMessage());
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

    /** Reads the process's output until a line containing each fragment was seen, in any order (30 s at most). */
    public void awaitLines(String... fragments) throws InterruptedException {
        Set<String> missing = new HashSet<>(List.of(fragments));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                missing.removeIf(line::contains);
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError("the watchdog never printed " + missing);
        }
    }

    /** Kills the process if it still runs. */
    @Override
    public void close() {
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
