package io.jfaas.gateway.local;

import io.jfaas.gateway.BuildInfo;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Labels;
import io.jfaas.model.LogMessage;
import io.jfaas.model.ProviderInfo;
import io.jfaas.model.Secret;
import io.jfaas.model.VersionInfo;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImage;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.scaling.Bound;
import io.jfaas.scaling.ScalingPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The provider of local mode: functions run as child JVMs on this machine (see the package description for what it
 * keeps where). Deploys, updates and removals are serialised; invocations only read.
 */
public final class LocalProvider implements FunctionProvider {

    private static final Logger LOG = Logger.getLogger(LocalProvider.class.getName());

    /** A bound on one function's replicas on one machine. */
    public static final int MAX_REPLICAS = 100;

    private final Path stateDir;
    private final FunctionImages images;
    private final FunctionStore store;
    private final NamespaceStore namespaceStore;
    private final SecretStore secrets;
    private final String defaultNamespace;
    private final ReplicaLauncher launcher;
    private final Duration readyTimeout;
    private final SlowStart slowStart;
    private final ProviderInfo info;
    private final Map<FunctionRef, LocalFunction> functions = new ConcurrentHashMap<>();
    private final ReentrantLock changes = new ReentrantLock();
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService scheduler;
    private final LivenessCheck liveness;
    private final StateLock lock;

    private LocalProvider(Settings settings, StateLock lock) {
        this.lock = lock;
        this.stateDir = settings.stateDir();
        this.images = new FunctionImages(new LocalImageStore(settings.imageStore()),
                new Podman(settings.containers(), settings.machineEnv()));
        this.store = new FunctionStore(stateDir);
        this.secrets = new SecretStore(stateDir);
        this.namespaceStore = new NamespaceStore(stateDir);
        this.defaultNamespace = settings.defaultNamespace();
        // a virtual thread: its tasks (liveness rounds, kills after a grace) are short and far between
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("local-provider")
                .factory());
        this.launcher = new ReplicaLauncher(settings.java(), settings.watchdogClasspath(), stateDir,
                settings.machineEnv(), settings.startTimeout(), settings.startupCache(), secrets, scheduler,
                settings.transport(), new ContainerReplicas(new Podman(settings.containers(), settings.machineEnv()),
                stateDir));
        this.readyTimeout = settings.readyTimeout();
        this.slowStart = new SlowStart(settings.slowStart());
        this.liveness = new LivenessCheck(settings.liveness(), () -> List.copyOf(functions.values()));
        this.info = new ProviderInfo("jfaas-local", "local", new VersionInfo(null, BuildInfo.sha(),
                settings.version()));
    }

    /**
     * What the local provider needs.
     *
     * @param stateDir where functions, logs and process ids are kept
     * @param imageStore the local image store
     * @param watchdogClasspath the watchdog's jars
     * @param java the java launcher for replicas
     * @param readyTimeout how long a call waits for a ready replica
     * @param startTimeout how long a replica may take to become ready before it is killed and restarted
     * @param startupCache whether Java functions get a trained start-up cache
     * @param machineEnv the gateway's environment (replicas inherit a few machine settings)
     * @param defaultNamespace the namespace functions go to when none is given
     * @param version the gateway's version
     * @param transport which functions' replicas serve calls over NATS, and where
     * @param slowStart how long a replica that has just become ready takes to reach its full share of calls
     * @param liveness how serving replicas are checked for answering at all
     * @param containers how functions run as containers
     * @param warmPool how many warmed-up JVMs wait for a function's replica ({@link WarmPool}); 0: none
     */
    public record Settings(Path stateDir, Path imageStore, String watchdogClasspath, String java, Duration readyTimeout,
                           Duration startTimeout, boolean startupCache, Map<String, String> machineEnv,
                           String defaultNamespace, String version, io.jfaas.model.SyncTransport transport,
                           Duration slowStart, Liveness liveness, ContainerConfig containers, int warmPool) {

        /** The settings without a warm pool. */
        public Settings(Path stateDir, Path imageStore, String watchdogClasspath, String java, Duration readyTimeout,
                        Duration startTimeout, boolean startupCache, Map<String, String> machineEnv,
                        String defaultNamespace, String version, io.jfaas.model.SyncTransport transport,
                        Duration slowStart, Liveness liveness, ContainerConfig containers) {
            this(stateDir, imageStore, watchdogClasspath, java, readyTimeout, startTimeout, startupCache, machineEnv,
                    defaultNamespace, version, transport, slowStart, liveness, containers, 0);
        }

        /** The settings with the default container settings and no warm pool, for tests and tools. */
        public Settings(Path stateDir, Path imageStore, String watchdogClasspath, String java, Duration readyTimeout,
                        Duration startTimeout, boolean startupCache, Map<String, String> machineEnv,
                        String defaultNamespace, String version, io.jfaas.model.SyncTransport transport,
                        Duration slowStart, Liveness liveness) {
            this(stateDir, imageStore, watchdogClasspath, java, readyTimeout, startTimeout, startupCache, machineEnv,
                    defaultNamespace, version, transport, slowStart, liveness, ContainerConfig.DEFAULT, 0);
        }

        /** The settings with no slow start and the default liveness check, for tests and tools. */
        public Settings(Path stateDir, Path imageStore, String watchdogClasspath, String java, Duration readyTimeout,
                        Duration startTimeout, boolean startupCache, Map<String, String> machineEnv,
                        String defaultNamespace, String version, io.jfaas.model.SyncTransport transport) {
            this(stateDir, imageStore, watchdogClasspath, java, readyTimeout, startTimeout, startupCache, machineEnv,
                    defaultNamespace, version, transport, Duration.ZERO, Liveness.DEFAULT);
        }
    }

    /**
     * The liveness check of serving replicas, as a Kubernetes liveness probe: every {@code interval} each ready
     * replica's {@code /_/health} must answer 200 within {@code timeout}; after {@code failures} misses in a row the
     * replica is killed and replaced as a crashed one is (calls in flight to it fail at once).
     *
     * @param interval {@code JFAAS_LIVENESS_INTERVAL}, default 10s
     * @param timeout {@code JFAAS_LIVENESS_TIMEOUT}, default 5s
     * @param failures {@code JFAAS_LIVENESS_FAILURES}, default 3
     */
    public record Liveness(Duration interval, Duration timeout, int failures) {

        public static final Liveness DEFAULT = new Liveness(Duration.ofSeconds(10), Duration.ofSeconds(5), 3);
    }

    /**
     * Fails, naming the other gateway, when another gateway uses this state directory: the gateway checks it before
     * it starts anything that writes there (the {@code nats-server} child's store), as {@link #start} takes the lock.
     */
    public static void checkStateDirectory(Path stateDir) throws IOException {
        StateLock.acquire(stateDir).close();
    }

    /** Starts the provider: stops replicas a killed gateway left behind, then brings back the stored functions. */
    public static LocalProvider start(Settings settings) throws IOException {
        LocalProvider provider = new LocalProvider(settings, StateLock.acquire(settings.stateDir()));
        int orphans = provider.launcher.pidFiles().killOrphans();
        if (orphans > 0) {
            LOG.info("stopped " + orphans + " replica(s) left running by a previous gateway");
        }
        int containers = provider.launcher.removeOrphanContainers();
        if (containers > 0) {
            LOG.info("removed " + containers + " container(s) left by a previous gateway");
        }
        provider.launcher.deleteRunFolders();
        for (FunctionStore.Loaded loaded : provider.store.loadAll()) {
            provider.restore(loaded);
        }
        // after the restored functions: their replicas start cold, as a pool JVM could not be warm that early anyway
        provider.launcher.startWarmPool(settings.warmPool());
        provider.launcher.retainCaches(provider.imagesInUse());
        provider.liveness.start(provider.scheduler);
        LOG.info("local provider: " + provider.functions.size() + " function(s) restored from " + settings.stateDir());
        return provider;
    }

    /**
     * Brings back one stored function. One that cannot start (its image is gone, its environment cannot start a
     * process, ...) is skipped with a warning naming its file, and any replica it started is stopped: the others
     * still start.
     */
    private void restore(FunctionStore.Loaded loaded) {
        StoredFunction stored = loaded.function();
        LocalFunction function = null;
        try {
            Optional<FunctionImage> image = images.restore(stored.deployment(), stored.imageDigest());
            if (image.isEmpty()) {
                LOG.warning("cannot restore " + stored.ref() + " from " + loaded.file() + ": its image "
                        + stored.deployment().image() + " (" + stored.imageDigest() + ") is gone from "
                        + images.store().root() + " and podman; deploy it again");
                return;
            }
            function = newFunction(stored, image.get());
            functions.put(stored.ref(), function);
            function.start();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "cannot restore the function stored in " + loaded.file()
                    + " (skipped; deploy it again): " + e, e);
            if (function != null) {
                functions.remove(stored.ref(), function);
                function.shutdown();
            }
        }
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public CompletableFuture<List<FunctionStatus>> list(String namespace) {
        List<FunctionStatus> statuses = functions.values().stream()
                .filter(f -> f.ref().namespace().equals(namespace))
                .sorted(Comparator.comparing(f -> f.ref().name()))
                .map(LocalProvider::statusOf)
                .toList();
        return CompletableFuture.completedFuture(statuses);
    }

    @Override
    public CompletableFuture<Optional<FunctionStatus>> status(FunctionRef ref) {
        return CompletableFuture.completedFuture(Optional.ofNullable(functions.get(ref)).map(LocalProvider::statusOf));
    }

    @Override
    public CompletableFuture<Boolean> exists(FunctionRef ref) {
        return CompletableFuture.completedFuture(functions.containsKey(ref));
    }

    @Override
    public CompletableFuture<Void> deploy(FunctionDeployment deployment) {
        return change(() -> {
            FunctionRef ref = new FunctionRef(deployment.service(), deployment.namespace());
            if (functions.containsKey(ref)) {
                throw ProviderException.functionExists(ref);
            }
            FunctionImage image = resolveImage(deployment);
            StoredFunction stored = new StoredFunction(deployment, image.digest(), Instant.now(), replicasOf(deployment));
            save(stored);
            LocalFunction function = newFunction(stored, image);
            functions.put(ref, function);
            function.start();
            LOG.info("deployed " + ref + " (" + deployment.image() + ", " + image.digest() + ")");
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> update(FunctionDeployment deployment) {
        return change(() -> {
            FunctionRef ref = new FunctionRef(deployment.service(), deployment.namespace());
            LocalFunction function = functions.get(ref);
            if (function == null) {
                throw notFound(ref);
            }
            FunctionImage image = resolveImage(deployment);
            int current = function.spec().replicas();
            // an update keeps the replica count (the autoscaler's or a scale call's), raised to a new minimum
            int replicas = current == 0 ? 0 : Math.max(current, replicasOf(deployment));
            StoredFunction stored = new StoredFunction(deployment, image.digest(), function.spec().createdAt(),
                    replicas);
            save(stored);
            function.update(stored, image);
            LOG.info("updated " + ref + " (" + deployment.image() + ", " + image.digest() + ")");
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> remove(FunctionRef ref) {
        // the function leaves the table under the lock; its replicas are awaited outside it, so a replica that takes
        // its time to stop holds up no other change
        return change(() -> {
            LocalFunction function = functions.remove(ref);
            if (function == null) {
                throw notFound(ref);
            }
            try {
                store.delete(ref);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return function;
        }).thenCompose(function -> function.shutdown().thenCompose(stopped -> change(() -> {
            if (!functions.containsKey(ref)) { // not deployed again meanwhile: its log goes too
                try {
                    function.log().delete();
                } catch (IOException e) {
                    LOG.warning("cannot delete the log of " + ref + ": " + e.getMessage());
                }
            }
            launcher.retainCaches(imagesInUse());
            LOG.info("removed " + ref);
            return null;
        })));
    }

    /** The images the functions run now. */
    private List<LocalImage> imagesInUse() {
        return functions.values().stream().map(LocalFunction::image)
                .flatMap(image -> image instanceof FunctionImage.Jvm jvm ? Stream.of(jvm.image())
                        : Stream.empty())
                .toList();
    }

    @Override
    public CompletableFuture<Void> scale(FunctionRef ref, long replicas) {
        return change(() -> {
            LocalFunction function = functions.get(ref);
            if (function == null) {
                throw notFound(ref);
            }
            if (replicas < 0 || replicas > MAX_REPLICAS) {
                throw new ProviderException(ProviderException.Kind.INVALID, "replicas must be between 0 and "
                        + MAX_REPLICAS + " in local mode, not " + replicas);
            }
            StoredFunction scaled = function.spec().withReplicas((int) replicas);
            save(scaled);
            function.scale(scaled);
            LOG.info("scaled " + ref + " to " + replicas);
            return null;
        });
    }

    /** CPU: a limit only sizes the replica JVM's thread pools; nothing caps a replica's CPU time or shares. */
    @Override
    public Optional<String> unenforced(FunctionResources limits, FunctionResources requests) {
        boolean cpuLimit = hasCpu(limits);
        boolean cpuRequest = hasCpu(requests);
        if (!cpuLimit && !cpuRequest) {
            return Optional.empty();
        }
        return Optional.of("cpu " + (cpuLimit && cpuRequest ? "limits and requests are" : cpuLimit
                ? "limits are" : "requests are") + " not enforced in local mode: a cpu limit only sets the"
                + " replica JVM's ActiveProcessorCount; nothing caps its CPU time");
    }

    /** None for a function whose replicas are containers: cgroups enforce its limits and requests. */
    @Override
    public Optional<String> unenforced(FunctionRef ref, FunctionResources limits, FunctionResources requests) {
        LocalFunction function = functions.get(ref);
        if (function != null && function.image() instanceof FunctionImage.Container) {
            return Optional.empty();
        }
        return unenforced(limits, requests);
    }

    private static boolean hasCpu(FunctionResources resources) {
        return resources != null && resources.cpu() != null && !resources.cpu().isBlank();
    }

    @Override
    public CompletableFuture<List<String>> namespaces() {
        return CompletableFuture.supplyAsync(() -> {
            TreeSet<String> others = new TreeSet<>(inUse());
            try {
                others.addAll(namespaceStore.names());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            others.remove(defaultNamespace);
            List<String> namespaces = new ArrayList<>();
            namespaces.add(defaultNamespace);
            namespaces.addAll(others);
            return namespaces;
        }, work);
    }

    /** Namespaces that hold functions or secrets. */
    private Set<String> inUse() {
        Set<String> used = new TreeSet<>();
        functions.keySet().forEach(ref -> used.add(ref.namespace()));
        try {
            used.addAll(secrets.namespaces());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return used;
    }

    /**
     * A namespace exists when it was created, holds functions or secrets, or is the default; one that was never
     * created has no labels or annotations.
     */
    @Override
    public CompletableFuture<Optional<FunctionNamespace>> namespace(String name) {
        return CompletableFuture.supplyAsync(() -> existing(name), work);
    }

    private Optional<FunctionNamespace> existing(String name) {
        try {
            Optional<FunctionNamespace> stored = namespaceStore.get(name);
            if (stored.isPresent() || !name.equals(defaultNamespace) && !inUse().contains(name)) {
                return stored;
            }
            return Optional.of(new FunctionNamespace(name, Map.of(), Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CompletableFuture<Void> createNamespace(FunctionNamespace namespace) {
        return change(() -> {
            if (existing(namespace.name()).isPresent()) {
                throw new ProviderException(ProviderException.Kind.CONFLICT, "namespace " + namespace.name()
                        + " already exists: change its labels and annotations with PUT /system/namespace/"
                        + namespace.name());
            }
            saveNamespace(namespace);
            LOG.info("created namespace " + namespace.name());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> updateNamespace(FunctionNamespace namespace) {
        return change(() -> {
            if (existing(namespace.name()).isEmpty()) {
                throw namespaceNotFound(namespace.name());
            }
            saveNamespace(namespace);
            LOG.info("updated namespace " + namespace.name());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> deleteNamespace(String name) {
        return change(() -> {
            if (name.equals(defaultNamespace)) {
                throw new ProviderException(ProviderException.Kind.INVALID, "namespace " + name
                        + " is the default namespace and cannot be deleted");
            }
            if (existing(name).isEmpty()) {
                throw namespaceNotFound(name);
            }
            List<String> held = new ArrayList<>();
            functions.keySet().stream().filter(ref -> ref.namespace().equals(name)).map(FunctionRef::name).sorted()
                    .forEach(function -> held.add("function " + function));
            try {
                secrets.list(name).stream().map(secret -> "secret " + secret.name()).sorted().forEach(held::add);
                if (!held.isEmpty()) {
                    throw new ProviderException(ProviderException.Kind.CONFLICT, "namespace " + name + " still holds "
                            + String.join(", ", held) + ": remove them first");
                }
                namespaceStore.delete(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            LOG.info("deleted namespace " + name);
            return null;
        });
    }

    private void saveNamespace(FunctionNamespace namespace) {
        try {
            namespaceStore.save(namespace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProviderException namespaceNotFound(String name) {
        return new ProviderException(ProviderException.Kind.NOT_FOUND, "namespace " + name + " not found");
    }

    @Override
    public CompletableFuture<List<Secret>> listSecrets(String namespace) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return secrets.list(namespace);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, work);
    }

    @Override
    public CompletableFuture<Void> createSecret(Secret secret) {
        return change(() -> {
            if (secrets.exists(secret.name(), secret.namespace())) {
                throw ProviderException.secretExists(secret.name(), secret.namespace());
            }
            writeSecret(secret);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> updateSecret(Secret secret) {
        return change(() -> {
            if (!secrets.exists(secret.name(), secret.namespace())) {
                throw ProviderException.secretNotFound(secret.name(), secret.namespace());
            }
            writeSecret(secret);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> deleteSecret(String name, String namespace) {
        return change(() -> {
            if (!secrets.exists(name, namespace)) {
                throw ProviderException.secretNotFound(name, namespace);
            }
            try {
                secrets.delete(name, namespace);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<LogStream> logs(LogQuery query, Consumer<LogMessage> onMessage) {
        LocalFunction function = functions.get(query.ref());
        if (function == null) {
            return CompletableFuture.failedFuture(notFound(query.ref()));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return function.log().stream(query, onMessage);
            } catch (IOException e) {
                throw new ProviderException(ProviderException.Kind.INTERNAL, "cannot read the log of " + query.ref()
                        + ": " + e.getMessage(), e);
            }
        }, work);
    }

    private void writeSecret(Secret secret) {
        try {
            secrets.write(secret, secret.namespace());
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.INTERNAL, "cannot save secret " + secret.name() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CompletableFuture<Upstream> resolve(FunctionRef ref) {
        LocalFunction function = functions.get(ref);
        if (function == null) {
            return CompletableFuture.failedFuture(notFound(ref));
        }
        return function.acquire();
    }

    /** The CPU time the running replicas of a function have used, in nanoseconds; 0 for an unknown function. */
    public long cpuNanos(FunctionRef ref) {
        LocalFunction function = functions.get(ref);
        if (function == null) {
            return 0;
        }
        return function.processes().stream()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    /**
     * The most replicas of a function this machine can run to advantage: one per core, and no more than the memory
     * available holds at what its largest running replica uses now.
     */
    public Bound machineBound(FunctionRef ref) {
        LocalFunction function = functions.get(ref);
        List<ProcessHandle> running = function == null ? List.of() : function.processes();
        long replicaBytes = running.stream().mapToLong(Memory::ofProcess).max().orElse(0);
        return Bound.ofMachine(Runtime.getRuntime().availableProcessors(), Memory.availableBytes(), replicaBytes,
                running.size());
    }

    /** The warm pool's JVMs waiting for a function now, for tests and the benchmark. */
    public List<ProcessHandle> warmPool() {
        return launcher.warmPoolWaiting();
    }

    /** Every replica process running now, for tests and diagnostics. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> all = new ArrayList<>();
        functions.values().forEach(f -> all.addAll(f.processes()));
        return all;
    }

    @Override
    public CompletableFuture<Void> close() {
        return CompletableFuture.runAsync(() -> {
            List<CompletableFuture<Void>> stops = functions.values().stream().map(LocalFunction::shutdown).toList();
            launcher.close(LocalFunction.STOP_GRACE);
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
            functions.values().forEach(f -> f.log().close());
            scheduler.shutdownNow();
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warning("cannot release the lock of " + stateDir + ": " + e.getMessage());
            }
        }, work).whenComplete((done, error) -> work.shutdown());
    }

    private LocalFunction newFunction(StoredFunction stored, FunctionImage image) {
        return new LocalFunction(stored, image, launcher, new FunctionLog(stored.ref(), stateDir), readyTimeout,
                slowStart);
    }

    private FunctionImage resolveImage(FunctionDeployment deployment) {
        try {
            ImageRef.parse(deployment.image());
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + e.getMessage());
        }
        for (String secret : deployment.secrets()) {
            if (!secrets.exists(secret, deployment.namespace())) {
                throw new ProviderException(ProviderException.Kind.INVALID, "unable to fetch secrets: secret "
                        + secret + " not found in namespace " + deployment.namespace()
                        + ": create it with \"faas-cli secret create " + secret + "\"");
            }
        }
        return images.resolve(deployment);
    }

    /** {@code com.openfaas.scale.min} when above 0, else 1, as OpenFaaS starts a Deployment. */
    static int replicasOf(FunctionDeployment deployment) {
        try {
            return ScalingPolicy.fromLabels(deployment.labels()).activeMin();
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + e.getMessage());
        }
    }

    private static FunctionStatus statusOf(LocalFunction function) {
        StoredFunction stored = function.spec();
        FunctionDeployment d = stored.deployment();
        Map<String, String> labels = new LinkedHashMap<>(d.labels());
        labels.put(Labels.FAAS_FUNCTION, d.service());
        return new FunctionStatus(d.service(), d.image(), d.namespace(), d.envProcess(), d.envVars(), d.constraints(),
                d.secrets(), labels, d.annotations(), d.limits(), d.requests(), d.readOnlyRootFilesystem(), 0,
                stored.replicas(), function.availableReplicas(), stored.createdAt()).withHealth(function.health());
    }

    private void save(StoredFunction stored) {
        try {
            store.save(stored);
        } catch (IOException e) {
            throw new ProviderException(ProviderException.Kind.INTERNAL, "cannot save " + stored.ref() + " in "
                    + stateDir + ": " + e.getMessage(), e);
        }
    }

    private static ProviderException notFound(FunctionRef ref) {
        return ProviderException.functionNotFound(ref);
    }

    /** Runs a change off the event loop, one change at a time. */
    private <T> CompletableFuture<T> change(Supplier<T> action) {
        return CompletableFuture.supplyAsync(() -> {
            changes.lock();
            try {
                return action.get();
            } finally {
                changes.unlock();
            }
        }, work);
    }
}
