package io.jfaas.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway ({@code target/gateway.jar}) as a process of its own, in local mode on a free port (read from
 * its start-up log), with the JVM options it ships with and any given, the memory queue, basic auth off unless the
 * settings say otherwise, and its state in {@code work}. Stopped with SIGTERM by {@link #close()}.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics: http://[^:]+:(\\d+)/metrics");

    private final Process process;
    private final int port;
    private final int metricsPort;
    private final List<String> lines;

    private GatewayProcess(Process process, int port, int metricsPort, List<String> lines) {
        this.process = process;
        this.port = port;
        this.metricsPort = metricsPort;
        this.lines = lines;
    }

    public static GatewayProcess start(Path work, Map<String, String> settings, String... jvmOptions)
            throws IOException {
        Path jar = Path.of("target", "gateway.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(shippedJvmOptions());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar.toString()));
        return start(command, work, settings);
    }

    /**
     * The same started by the distribution's launcher ({@code target/gateway}, from {@code src/dist/gateway}), as
     * bin/gateway starts it, on this JVM's JDK; the launcher {@code exec}s the JVM, so the process is the gateway's.
     */
    public static GatewayProcess launch(Path work, Map<String, String> settings) throws IOException {
        return launch(Path.of("target").toAbsolutePath(), work, settings);
    }

    /** The same from a copy of the distribution in {@code dist}. */
    public static GatewayProcess launch(Path dist, Path work, Map<String, String> settings) throws IOException {
        Path launcher = dist.resolve("gateway");
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalStateException(launcher + " is missing: run the package phase first");
        }
        Map<String, String> env = new HashMap<>(Map.of("JAVA_HOME", Path.of(System.getProperty("java.home"))
                .toString()));
        env.putAll(settings);
        return start(List.of("bash", launcher.toString()), work, env);
    }

    private static GatewayProcess start(List<String> command, Path work, Map<String, String> settings)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(Map.of("port", "0", "JFAAS_METRICS_PORT", "0", "basic_auth", "false",
                "JFAAS_NATS_SERVER", "off", "JFAAS_AUTOSCALE", "false", "JFAAS_STATE_DIR",
                work.resolve("state").toString(), "JFAAS_IMAGE_STORE", work.resolve("images").toString(),
                "HOME", work.toString()));
        env.putAll(settings);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> port = new CompletableFuture<>();
        CompletableFuture<Integer> metricsPort = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                    Matcher metrics = METRICS.matcher(line);
                    if (metrics.find()) {
                        metricsPort.complete(Integer.parseInt(metrics.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("the gateway ended before listening: " + lines));
            metricsPort.completeExceptionally(new IllegalStateException("the gateway ended: " + lines));
        }, "gateway-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new GatewayProcess(process, port.get(120, TimeUnit.SECONDS),
                    metricsPort.get(120, TimeUnit.SECONDS), lines);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the gateway did not start: " + lines, e);
        }
    }

    /** The JVM options the gateway ships with ({@code src/dist/jvm.options}), as bin/gateway and the image use them. */
    public static List<String> shippedJvmOptions() throws IOException {
        return Files.readAllLines(Path.of("src", "dist", "jvm.options")).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public Process process() {
        return process;
    }

    /** The port of the metrics listener, from the start-up log. */
    public int metricsPort() {
        return metricsPort;
    }

    /** The names of the gateway process's threads, as the kernel has them (at most 15 characters). */
    public List<String> threadNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).trim());
                } catch (NoSuchFileException ended) {
                    // a thread that ended while the list was read
                }
            }
        }
        return names;
    }

    /** What the gateway printed so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
