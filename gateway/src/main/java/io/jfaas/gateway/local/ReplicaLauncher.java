package io.jfaas.gateway.local;

import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.gateway.ChildProcesses;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.SyncTransport;
import io.jfaas.imagestore.LocalImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts and stops replica processes: picks a free loopback port, starts the watchdog with the function's jars,
 * copies its output into the function's log, and watches {@code /_/ready} until it serves.
 */
final class ReplicaLauncher {

    private static final Logger LOG = Logger.getLogger(ReplicaLauncher.class.getName());
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Executor CALLBACKS = runnable -> Thread.ofVirtual().start(runnable);

    private final String java;
    private final String watchdogClasspath;
    private final Path stateDir;
    private final Map<String, String> machineEnv;
    private final Duration startTimeout;
    private final ScheduledExecutorService scheduler;
    private final PidFiles pidFiles;
    private final StartupCaches caches;
    private final SecretStore secrets;
    private final SyncTransport transport;
    private final ContainerReplicas containers;
    private final SecureRandom random = new SecureRandom();
    private volatile WarmPool warmPool;

    ReplicaLauncher(String java, String watchdogClasspath, Path stateDir, Map<String, String> machineEnv,
                    Duration startTimeout, boolean startupCache, SecretStore secrets,
                    ScheduledExecutorService scheduler, SyncTransport transport, ContainerReplicas containers) {
        this.containers = containers;
        this.secrets = secrets;
        this.transport = transport;
        this.java = java;
        this.watchdogClasspath = watchdogClasspath;
        this.stateDir = stateDir;
        this.machineEnv = Map.copyOf(machineEnv);
        this.startTimeout = startTimeout;
        this.scheduler = scheduler;
        this.pidFiles = new PidFiles(stateDir);
        this.caches = startupCache ? new StartupCaches(stateDir, java, watchdogClasspath, Runtime.version().feature(),
                pidFiles) : null;
    }

    /** Starts the warm pool ({@link WarmPool}) of {@code size} JVMs: after {@link #deleteRunFolders}; until then
     * every replica starts cold. */
    void startWarmPool(int size) {
        warmPool = new WarmPool(size, java, watchdogClasspath, stateDir, machineEnv, pidFiles);
        warmPool.fill();
    }

    /** The warm pool's JVMs waiting now, for tests and the benchmark. */
    List<ProcessHandle> warmPoolWaiting() {
        return warmPool == null ? List.of() : warmPool.waiting();
    }

    PidFiles pidFiles() {
        return pidFiles;
    }

    /**
     * Deletes the run folders replicas and training runs of an earlier gateway left (one that was killed had no
     * chance to): called at start, once their processes are stopped and before any replica starts.
     */
    void deleteRunFolders() {
        Path run = stateDir.resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        try {
            DirectoryTree.delete(run);
        } catch (IOException e) {
            LOG.warning("cannot delete the run folders in " + run + ": " + e.getMessage());
        }
    }

    /** Start-up caches of images other than {@code inUse} are deleted (see {@link StartupCaches#retainOnly}). */
    void retainCaches(Collection<LocalImage> inUse) {
        if (caches != null) {
            caches.retainOnly(inUse);
        }
    }

    /** Stops the start-up caches' training runs, as replicas are stopped (SIGTERM, then SIGKILL after the grace). */
    void close(Duration grace) {
        if (warmPool != null) {
            warmPool.close();
        }
        if (caches != null) {
            caches.close(grace);
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /**
     * Starts one replica. The callbacks run on other threads: {@code onReady} once it serves, {@code onExit} when the
     * process ends, whatever the reason (a replica that is not ready within the start timeout is killed).
     */
    Replica launch(FunctionDeployment deployment, FunctionImage functionImage, int revision, FunctionLog log,
                   Consumer<Replica> onReady, Consumer<Replica> onExit) throws IOException {
        if (functionImage instanceof FunctionImage.Container container) {
            return launchContainer(deployment, container, revision, log, onReady, onExit);
        }
        LocalImage image = ((FunctionImage.Jvm) functionImage).image();
        String instance = deployment.service() + "-" + randomSuffix();
        List<String> cacheOptions = caches == null ? List.of() : caches.useOptions(image);
        ReplicaCommand command = command(deployment, image, instance, cacheOptions, true);
        Files.createDirectories(command.directory());
        linkSecrets(deployment, command.directory());
        Optional<Process> warm = warmPool == null ? Optional.empty() : warmPool.assign(deployment, image, command);
        List<String> usedCache = warm.isPresent() ? List.of() : cacheOptions;
        Process process = warm.isPresent() ? warm.get() : startCold(command);
        Replica replica = new Replica(instance, Integer.parseInt(command.environment().get(WatchdogSettings.PORT)),
                Optional.ofNullable(command.environment().get(WatchdogSettings.NATS_SUBJECT)), revision, process);
        pidFiles.record(instance, process.toHandle());
        pump(process.getInputStream(), log, instance, instance + "-stdout");
        pump(process.getErrorStream(), log, instance, instance + "-stderr");
        // async, so that an instant exit never runs the callback on this thread, under the caller's lock
        process.onExit().whenCompleteAsync((exited, error) -> {
            pidFiles.forget(instance);
            if (!usedCache.isEmpty() && replica.state() == Replica.State.STARTING && exited.exitValue() != 0) {
                caches.refuse(image);
            }
            DirectoryTree.deleteQuietly(command.directory());
            onExit.accept(replica);
        }, CALLBACKS);
        Thread.ofVirtual().name(instance + "-ready").start(() -> {
            awaitReady(replica, onReady);
            if (warm.isPresent()) {
                warmPool.fill();
            }
        });
        if (caches != null && cacheOptions.isEmpty()) {
            caches.trainIfMissing(image, deployment, options -> uncheckedCommand(deployment, image,
                    deployment.service() + "-training-" + randomSuffix(), options));
        }
        return replica;
    }

    private static Process startCold(ReplicaCommand command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.command()).directory(command.directory().toFile());
        builder.environment().clear();
        builder.environment().putAll(command.environment());
        return ChildProcesses.start(builder, ChildProcesses.OnGatewayDeath.KILL);
    }

    /**
     * Starts one container replica: the same callbacks, output and readiness as a child JVM's; readiness is asked of
     * {@code /_/health}, which every OpenFaaS watchdog answers.
     */
    private Replica launchContainer(FunctionDeployment deployment, FunctionImage.Container image, int revision,
                                    FunctionLog log, Consumer<Replica> onReady, Consumer<Replica> onExit)
            throws IOException {
        String instance = deployment.service() + "-" + randomSuffix();
        if (transport.kindOf(deployment) == SyncTransport.Kind.NATS) {
            LOG.warning(deployment.service() + "." + deployment.namespace() + " asks for the NATS transport, which"
                    + " container replicas do not serve: it is called over HTTP");
        }
        Path directory = stateDir.resolve("run").resolve(deployment.namespace()).resolve(deployment.service())
                .resolve(instance);
        Files.createDirectories(directory);
        int port = freePort();
        Process process;
        try {
            process = containers.start(deployment, image, instance, port, directory, secrets);
        } catch (IOException e) {
            DirectoryTree.deleteQuietly(directory);
            throw e;
        }
        Replica replica = new Replica(instance, port, Optional.empty(), revision, process, true);
        pidFiles.record(instance, process.toHandle());
        pump(process.getInputStream(), log, instance, instance + "-stdout");
        pump(process.getErrorStream(), log, instance, instance + "-stderr");
        process.onExit().whenCompleteAsync((exited, error) -> {
            pidFiles.forget(instance);
            containers.remove(instance);
            DirectoryTree.deleteQuietly(directory);
            onExit.accept(replica);
        }, CALLBACKS);
        Thread.ofVirtual().name(instance + "-ready").start(() -> awaitReady(replica, ready -> {
            onReady.accept(ready);
            containers.findWorkload(ready);
        }));
        return replica;
    }

    /** Kills a replica at once (one that stopped answering, or did not stop in time). */
    void kill(Replica replica) {
        if (replica.isContainer()) {
            containers.kill(replica.instance());
            return;
        }
        Process process = replica.process();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Removes the containers a killed gateway of this state directory left; returns how many. */
    int removeOrphanContainers() {
        return containers.removeOrphans();
    }

    /** Links each secret the function was deployed with into the replica's secrets folder. */
    private void linkSecrets(FunctionDeployment deployment, Path directory) throws IOException {
        Path secretsDir = ReplicaCommand.secretsDir(directory);
        Files.createDirectories(secretsDir);
        for (String name : deployment.secrets()) {
            Path link = secretsDir.resolve(name);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, secrets.fileOf(name, deployment.namespace()));
        }
    }

    /** {@code serving}: false for a start-up cache's training run, which must not join the function's NATS group. */
    private ReplicaCommand command(FunctionDeployment deployment, LocalImage image, String instance,
                                   List<String> cacheOptions, boolean serving) throws IOException {
        Path directory = stateDir.resolve("run").resolve(deployment.namespace()).resolve(deployment.service())
                .resolve(instance);
        Optional<ReplicaCommand.Nats> nats = transport.subjectOf(deployment).filter(subject -> serving)
                .map(subject -> new ReplicaCommand.Nats(transport.natsUrl().orElseThrow(), subject));
        if (serving && nats.isEmpty() && transport.kindOf(deployment) == SyncTransport.Kind.NATS) {
            LOG.warning(deployment.service() + "." + deployment.namespace() + " asks for the NATS transport but the"
                    + " gateway has no NATS server (set JFAAS_NATS_URL or install nats-server): it is called over HTTP");
        }
        return ReplicaCommand.of(new ReplicaCommand.Launch(java, watchdogClasspath, image, deployment, instance,
                freePort(), freePort(), directory, machineEnv, cacheOptions, nats));
    }

    private ReplicaCommand uncheckedCommand(FunctionDeployment deployment, LocalImage image, String instance,
                                            List<String> cacheOptions) {
        try {
            return command(deployment, image, instance, cacheOptions, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    /** Asks the replica to drain and stop (SIGTERM), and kills it if it has not exited after {@code grace}. */
    void stop(Replica replica, Duration grace) {
        Process process = replica.process();
        if (replica.isContainer()) {
            containers.stop(replica.instance(), grace);
        } else {
            process.destroy();
        }
        // a container's podman stop kills it after the grace; this catches a podman that hangs
        Duration check = replica.isContainer() ? grace.plus(Podman.COMMAND_TIMEOUT) : grace;
        scheduler.schedule(() -> {
            if (process.isAlive()) {
                LOG.warning("replica " + replica.instance() + " did not stop within " + check.toSeconds()
                        + "s of SIGTERM; killing it");
                kill(replica);
            }
        }, check.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void awaitReady(Replica replica, Consumer<Replica> onReady) {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long started = System.nanoTime();
        Process process = replica.process();
        while (process.isAlive() && replica.state() == Replica.State.STARTING) {
            if (replica.isContainer() ? ReadinessProbe.isHealthy(replica.port(), 1000)
                    : ReadinessProbe.isReady(replica.port())) {
                onReady.accept(replica);
                return;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                LOG.warning("replica " + replica.instance() + " was not ready after " + startTimeout.toSeconds()
                        + "s; killing it");
                kill(replica);
                return;
            }
            try {
                // poll fast while a JVM starts (a few hundred ms), then back off
                Thread.sleep(now - started < 2_000_000_000L ? 5 : 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Copies a replica's output into its function's log, writing the file once per burst rather than per line. */
    private static void pump(InputStream stream, FunctionLog log, String instance, String name) {
        Thread.ofVirtual().name(name).start(() -> {
            try (stream) {
                OutputLines.read(stream, line -> log.appendBuffered(instance, line), log::flush);
            } catch (IOException e) {
                LOG.log(Level.FINE, "output of " + name + " closed: " + e.getMessage());
            }
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private String randomSuffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
        }
        return suffix.toString();
    }
}
