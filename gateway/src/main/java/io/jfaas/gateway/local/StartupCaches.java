package io.jfaas.gateway.local;

import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.gateway.ChildProcesses;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.imagestore.LocalImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Start-up caches for Java functions: a JDK AOT cache (JDK 24 and later) or an AppCDS archive (JDK 21 to 23),
 * trained once per image on the exact jars and JVM options that run, then used by every replica of that image. A
 * replica's JVM requires the cache ({@code -XX:AOTMode=on} / {@code -Xshare:on}), so one that starts is using it;
 * a cache the JVM refuses is deleted and not trained again.
 *
 * <p>Training starts the watchdog with the function as a replica would, waits until it is ready (so the handler's
 * class and {@code init} have run), asks its health endpoint a few times (the HTTP path), never calls the handler
 * (it may have effects), and stops it: the JVM writes the cache as it exits.
 */
final class StartupCaches {

    private static final Logger LOG = Logger.getLogger(StartupCaches.class.getName());
    private static final int HEALTH_CALLS = 20;

    private final Path dir;
    private final int jdkFeature;
    private final String fingerprint;
    private final Map<Path, Boolean> training = new ConcurrentHashMap<>();
    private final Set<Path> refused = ConcurrentHashMap.newKeySet();
    /** Training runs alive now: stopped with the gateway, recorded as replicas are for a killed one's successor. */
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final Set<Thread> trainers = ConcurrentHashMap.newKeySet();
    private final PidFiles pidFiles;
    private volatile boolean closed;

    /**
     * @param stateDir caches live in {@code STATE_DIR/cache}
     * @param java the launcher replicas run with
     * @param watchdogClasspath the watchdog's jars, part of every cache's key
     * @param jdkFeature the JDK's feature release (21, 25): which kind of cache it makes
     */
    StartupCaches(Path stateDir, String java, String watchdogClasspath, int jdkFeature, PidFiles pidFiles) {
        this.dir = stateDir.resolve("cache");
        this.pidFiles = pidFiles;
        this.jdkFeature = jdkFeature;
        this.fingerprint = java + "\n" + Runtime.version() + "\n" + watchdogClasspath + "\n"
                + String.join(" ", ReplicaCommand.JVM_OPTIONS) + "\n" + digestOfJars(watchdogClasspath);
    }

    /** The JVM options that use this image's cache, or none while there is no usable cache. */
    List<String> useOptions(LocalImage image) {
        Path cache = fileFor(image);
        if (!Files.isRegularFile(cache) || refused.contains(cache)) {
            return List.of();
        }
        return aot() ? List.of("-XX:AOTMode=on", "-XX:AOTCache=" + cache)
                : List.of("-Xshare:on", "-XX:SharedArchiveFile=" + cache);
    }

    /** A replica started with the cache could not start: the cache goes, and is not trained again. */
    void refuse(LocalImage image) {
        Path cache = fileFor(image);
        if (refused.add(cache)) {
            LOG.warning("the start-up cache " + cache + " was refused by the JVM; replicas start without it");
            try {
                Files.deleteIfExists(cache);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot delete " + cache, e);
            }
        }
    }

    /**
     * Trains this image's cache in the background unless it exists or is being trained.
     *
     * @param commandFor the command of a replica with the given cache options and extra environment
     */
    void trainIfMissing(LocalImage image, FunctionDeployment deployment,
                        Function<List<String>, ReplicaCommand> commandFor) {
        Path cache = fileFor(image);
        if (closed || Files.isRegularFile(cache) || refused.contains(cache)
                || training.putIfAbsent(cache, true) != null) {
            return;
        }
        synchronized (running) {
            if (closed) {
                training.remove(cache);
                return;
            }
            trainers.add(Thread.ofVirtual().name("train-" + deployment.service()).start(() -> {
                try {
                    train(cache, deployment, commandFor);
                } finally {
                    training.remove(cache);
                    trainers.remove(Thread.currentThread());
                }
            }));
        }
    }

    private void train(Path cache, FunctionDeployment deployment, Function<List<String>, ReplicaCommand> commandFor) {
        long start = System.nanoTime();
        Path output = cache.resolveSibling(cache.getFileName() + ".training");
        ReplicaCommand command = null;
        Process process = null;
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(output);
            List<String> options = aot() ? List.of("-XX:AOTCacheOutput=" + output)
                    : List.of("-XX:ArchiveClassesAtExit=" + output);
            command = commandFor.apply(options);
            Files.createDirectories(command.directory());
            ProcessBuilder builder = new ProcessBuilder(command.command()).directory(command.directory().toFile())
                    .redirectErrorStream(true).redirectOutput(command.directory().resolve("training.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(command.environment());
            synchronized (running) {
                if (closed) {
                    return;
                }
                process = ChildProcesses.start(builder, ChildProcesses.OnGatewayDeath.KILL);
                running.add(process);
            }
            pidFiles.record(command.directory().getFileName().toString(), process.toHandle());
            int port = Integer.parseInt(command.environment().get(WatchdogSettings.PORT));
            if (!awaitReady(process, port)) {
                process.destroyForcibly();
                LOG.warning("start-up cache for " + deployment.service() + " not trained: the training run did not"
                        + " become ready (see " + command.directory().resolve("training.log") + ")");
                return;
            }
            for (int i = 0; i < HEALTH_CALLS; i++) {
                ReadinessProbe.isReady(port);
            }
            process.destroy();
            if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0 || !Files.isRegularFile(output)) {
                process.destroyForcibly();
                LOG.warning("start-up cache for " + deployment.service() + " not trained: the training run ended with "
                        + (process.isAlive() ? "no exit" : "code " + process.exitValue()));
                return;
            }
            moveAtomically(output, cache);
            LOG.info("start-up cache for " + deployment.service() + " trained in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms: " + cache);
        } catch (IOException | RuntimeException e) {
            LOG.warning("start-up cache for " + deployment.service() + " not trained: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // whatever happened, no training JVM, run folder or half-written cache is left behind
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                running.remove(process);
                pidFiles.forget(command.directory().getFileName().toString());
            }
            try {
                Files.deleteIfExists(output);
                if (command != null && Files.isDirectory(command.directory())) {
                    DirectoryTree.delete(command.directory());
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot clean up after training", e);
            }
        }
    }

    /**
     * Stops every training run (SIGTERM, then SIGKILL after {@code grace}) and trains no more; returns once they have
     * all exited.
     */
    void close(java.time.Duration grace) {
        List<Process> stopping;
        List<Thread> threads;
        synchronized (running) {
            closed = true;
            stopping = List.copyOf(running);
            threads = List.copyOf(trainers);
        }
        if (!stopping.isEmpty()) {
            LOG.info("stopping " + stopping.size() + " start-up cache training run(s)");
        }
        stopping.forEach(Process::destroy);
        for (Process process : stopping) {
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        // each run's own thread cleans up after it (pid file, run folder, half-written cache): wait for that too
        for (Thread thread : threads) {
            try {
                thread.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Deletes the caches (and leftovers of training) of every image but {@code inUse}: images no longer deployed do
     * not keep theirs. A cache being trained now is kept.
     */
    void retainOnly(java.util.Collection<LocalImage> inUse) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> kept = new java.util.HashSet<>();
        for (LocalImage image : inUse) {
            kept.add(fileFor(image));
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Path cache = file.getFileName().toString().endsWith(".training")
                        ? file.resolveSibling(file.getFileName().toString().replace(".training", "")) : file;
                boolean inTraining = training.containsKey(cache);
                if (!inTraining && (!kept.contains(file) || !file.equals(cache))) {
                    Files.deleteIfExists(file);
                    LOG.fine("deleted the start-up cache " + file + ": no deployed image uses it");
                }
            }
        } catch (IOException e) {
            LOG.warning("cannot clean up the start-up caches in " + dir + ": " + e.getMessage());
        }
    }

    private static boolean awaitReady(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (ReadinessProbe.isReady(port)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    Path fileFor(LocalImage image) {
        return dir.resolve(sha256(fingerprint + "\n" + image.digest()) + (aot() ? ".aot" : ".jsa"));
    }

    private boolean aot() {
        return jdkFeature >= 24;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The watchdog's jars take part in the key: a rebuilt watchdog needs a new cache. */
    private static String digestOfJars(String classpath) {
        Path folder = Path.of(classpath.endsWith("*") ? classpath.substring(0, classpath.length() - 1) : classpath);
        if (!Files.isDirectory(folder)) {
            return "";
        }
        try (var jars = Files.list(folder)) {
            StringBuilder all = new StringBuilder();
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(jar)) {
                    all.append(jar.getFileName()).append(sha256(in.readAllBytes())).append('\n');
                }
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Whether a cache is there to use, for tests and status. */
    Optional<Path> existing(LocalImage image) {
        Path cache = fileFor(image);
        return Files.isRegularFile(cache) ? Optional.of(cache) : Optional.empty();
    }
}
