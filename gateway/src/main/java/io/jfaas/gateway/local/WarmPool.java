package io.jfaas.gateway.local;

import io.jfaas.contracts.ReplicaJvm;
import io.jfaas.contracts.WarmAssignment;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.gateway.ChildProcesses;
import io.jfaas.imagestore.LocalImage;
import io.jfaas.model.FunctionDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A few watchdog JVMs started ahead of need, warmed up, each waiting for one function
 * ({@code JFAAS_LOCAL_WARM_POOL}): a replica start takes one, when the function can run in it, and hands it the
 * function's jars and environment instead of starting a JVM, and the pool starts another in the background. A pooled
 * JVM serves exactly one function and is never given back; it runs as any replica does (same user, same JVM options
 * bar the memory limit's, its own directory, killed with the gateway, recorded in the process id files so that a
 * killed gateway's successor stops it).
 *
 * <p>A function runs cold instead when its JVM would differ: a memory or CPU limit (or request) sets JVM options a
 * pooled JVM started without, so does an {@code environment:} that sets a variable the JVM reads as it starts
 * ({@link #JVM_START_VARIABLES}), a mode other than java runs a process of its own, and the annotation
 * {@code com.jfaas.warm-pool: "false"} asks for it. A pooled JVM differs from a cold one in one way: it is started
 * with {@link #OPEN_ENVIRONMENT}, so that {@code System.getenv()} can be made the function's (and so is
 * {@code java.util} open to the handler's reflection too).
 */
final class WarmPool {

    /** The most JVMs a pool keeps. */
    static final int MAX_SIZE = io.jfaas.gateway.GatewayConfig.MAX_WARM_POOL;
    /** The annotation that keeps a function out of the pool. */
    static final String ANNOTATION = "com.jfaas.warm-pool";
    /** How long a pooled JVM may take to warm up before it is killed. */
    private static final Duration WARM_TIMEOUT = Duration.ofSeconds(60);
    /** Failed starts in a row after which the pool stops trying until the next replica start. */
    private static final int MAX_FAILURES = 3;
    private static final int MAX_LINE = 4096;
    /**
     * Variables the JVM (or the C library under it) reads when it starts, so that a function setting one in its
     * {@code environment:} needs a JVM started with it: options, time zone, locale, libraries, malloc arenas.
     */
    static final List<String> JVM_START_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
            "TZ", "LANG", "LC_ALL", "LC_CTYPE", "LD_PRELOAD", "LD_LIBRARY_PATH", ReplicaJvm.MALLOC_ARENA_MAX);
    /** The one JVM option a pooled JVM has that a cold replica has not. */
    static final String OPEN_ENVIRONMENT = "--add-opens=java.base/java.util=ALL-UNNAMED";
    private static final Logger LOG = Logger.getLogger(WarmPool.class.getName());

    private final int size;
    private final String java;
    private final String watchdogClasspath;
    private final Path dir;
    private final Map<String, String> machineEnv;
    private final PidFiles pidFiles;
    private final AtomicLong names = new AtomicLong();
    private final Deque<Warm> warm = new ArrayDeque<>();
    /** JVMs started and not yet warm, so that {@link #close} stops them too. */
    private final java.util.Set<Process> warming = new java.util.HashSet<>();
    private int starting;
    private int failures;
    private boolean closed;

    /** One pooled JVM, warm and waiting for its assignment. */
    private record Warm(String name, Process process, Path directory) {
    }

    WarmPool(int size, String java, String watchdogClasspath, Path stateDir, Map<String, String> machineEnv,
             PidFiles pidFiles) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a warm pool holds 0 to " + MAX_SIZE + " JVMs, not " + size);
        }
        this.size = size;
        this.java = java;
        this.watchdogClasspath = watchdogClasspath;
        this.dir = stateDir.resolve("run").resolve("warm-pool");
        this.machineEnv = Map.copyOf(machineEnv);
        this.pidFiles = pidFiles;
    }

    /** Whether this function's replica can run in a pooled JVM (see the class's description). */
    static boolean fits(FunctionDeployment deployment) {
        Map<String, String> env = deployment.envVars() == null ? Map.of() : deployment.envVars();
        Map<String, String> annotations = deployment.annotations() == null ? Map.of() : deployment.annotations();
        return ReplicaCommand.limitOptions(deployment).isEmpty()
                && (deployment.envProcess() == null || deployment.envProcess().isBlank())
                && !env.containsKey(WatchdogSettings.FPROCESS) && !env.containsKey(WatchdogSettings.FUNCTION_PROCESS)
                && env.getOrDefault(WatchdogSettings.MODE, "java").equals("java")
                && JVM_START_VARIABLES.stream().noneMatch(env::containsKey)
                && !"false".equalsIgnoreCase(annotations.getOrDefault(ANNOTATION, "true").trim());
    }

    /** Starts JVMs until the pool is full, in the background. */
    synchronized void fill() {
        while (!closed && failures < MAX_FAILURES && warm.size() + starting < size) {
            starting++;
            String name = "warm-pool-" + ProcessHandle.current().pid() + "-" + names.incrementAndGet();
            Thread.ofVirtual().name(name).start(() -> startOne(name));
        }
    }

    /**
     * Gives a warm JVM this function's replica: its jars, and the environment {@code command} would start it with.
     * Empty when the function does not {@linkplain #fits fit} or no JVM is warm: the caller starts one cold. The caller
     * {@linkplain #fill() refills} the pool once the replica is ready (or failed): a JVM starting next to it would
     * take the cores its start needs.
     */
    Optional<Process> assign(FunctionDeployment deployment, LocalImage image, ReplicaCommand command) {
        if (size == 0 || !fits(deployment)) {
            return Optional.empty();
        }
        Warm taken;
        synchronized (this) {
            failures = 0;
            do {
                taken = warm.poll();
            } while (taken != null && !taken.process().isAlive());
        }
        if (taken == null) {
            fill();
            return Optional.empty();
        }
        List<String> classpath = image.classpath().stream().map(Path::toString).toList();
        try {
            new WarmAssignment(classpath, command.environment()).write(taken.process().getOutputStream());
            taken.process().getOutputStream().close();
        } catch (IOException e) {
            LOG.warning("warm pool: cannot hand " + deployment.service() + " to " + taken.name() + " (starting it"
                    + " cold): " + e.getMessage());
            taken.process().destroyForcibly();
            return Optional.empty();
        }
        // from here the launcher records it under the replica's name
        pidFiles.forget(taken.name());
        return Optional.of(taken.process());
    }

    /** The JVMs warm and waiting now, for tests and the benchmark. */
    synchronized List<ProcessHandle> waiting() {
        return warm.stream().map(w -> w.process().toHandle()).toList();
    }

    /** Kills every JVM waiting or warming up, and stops refilling. */
    void close() {
        List<Process> left = new ArrayList<>();
        synchronized (this) {
            closed = true;
            warm.forEach(w -> left.add(w.process()));
            warm.clear();
            left.addAll(warming);
        }
        for (Process pooled : left) {
            pooled.destroyForcibly();
        }
        for (Process pooled : left) {
            try {
                pooled.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "warm pool: pid " + pooled.pid() + " did not exit: " + e);
            }
        }
    }

    private void startOne(String name) {
        Path directory = dir.resolve(name);
        Process process = null;
        try {
            Files.createDirectories(directory);
            ProcessBuilder builder = new ProcessBuilder(command()).directory(directory.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(directory));
            process = ChildProcesses.start(builder, ChildProcesses.OnGatewayDeath.KILL);
            pidFiles.record(name, process.toHandle());
            Process started = process;
            synchronized (this) {
                if (closed) {
                    started.destroyForcibly();
                }
                warming.add(started);
            }
            started.onExit().thenRun(() -> {
                pidFiles.forget(name);
                DirectoryTree.deleteQuietly(directory);
                boolean wasWaiting;
                synchronized (this) {
                    wasWaiting = warm.removeIf(w -> w.process() == started);
                }
                if (wasWaiting) {
                    LOG.warning("warm pool: pid " + started.pid() + " exited while it waited (exit "
                            + started.exitValue() + "); starting another");
                    fill();
                }
            });
            var timeout = CompletableFuture.delayedExecutor(WARM_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
            var warmed = new AtomicBoolean();
            CompletableFuture.runAsync(() -> {
                if (!warmed.get()) {
                    started.destroyForcibly();
                }
            }, timeout);
            String line = awaitWarmLine(process.getErrorStream());
            warmed.set(true);
            if (line == null) {
                throw new IOException("it exited or timed out before it was warm"
                        + (process.isAlive() ? "" : " (exit " + process.waitFor() + ")"));
            }
            synchronized (this) {
                warming.remove(process);
                starting--;
                failures = 0;
                if (!closed) {
                    warm.add(new Warm(name, process, directory));
                    LOG.info("warm pool: pid " + process.pid() + " (" + name + ") is warm, "
                            + line.substring(WarmAssignment.WARM_LINE.length()).trim());
                    return;
                }
            }
            process.destroyForcibly();
        } catch (IOException | RuntimeException | InterruptedException e) {
            LOG.warning("warm pool: cannot start a JVM: " + e.getMessage());
            if (process != null) {
                process.destroyForcibly();
            } else {
                DirectoryTree.deleteQuietly(directory);
            }
            synchronized (this) {
                warming.remove(process);
                starting--;
                failures++;
            }
        }
    }

    /**
     * Reads its standard error, the warm-up's log, until the warm line (returned), or null at its end. Byte by byte
     * (the stream is buffered): what follows belongs to the replica's log.
     */
    private static String awaitWarmLine(InputStream out) throws IOException {
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = out.read()) >= 0) {
            if (next == '\n') {
                String text = line.toString();
                if (text.startsWith(WarmAssignment.WARM_LINE)) {
                    return text;
                }
                LOG.fine("warm pool: " + text);
                line.setLength(0);
            } else if (line.length() < MAX_LINE) {
                line.append((char) next);
            }
        }
        return null;
    }

    /** The command of a pooled JVM: a replica's bar the function's jars, limits and start-up cache. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ReplicaCommand.JVM_OPTIONS);
        // so that System.getenv() can show the function's environment once it is known (PooledStart)
        command.add(OPEN_ENVIRONMENT);
        command.add("-cp");
        command.add(watchdogClasspath);
        command.add(ReplicaCommand.WATCHDOG_MAIN);
        command.add(WarmAssignment.ARGUMENT);
        return command;
    }

    /** What a replica's JVM gets from the machine, with the pooled JVM's directory as its home. */
    private Map<String, String> environment(Path directory) {
        Map<String, String> env = new LinkedHashMap<>();
        ReplicaCommand.INHERITED.stream().sorted().filter(machineEnv::containsKey)
                .forEach(key -> env.put(key, machineEnv.get(key)));
        env.putAll(ReplicaJvm.memoryEnvironment());
        env.put("HOME", directory.toString());
        env.put(WatchdogSettings.TMPDIR, directory.toString());
        return env;
    }

}
