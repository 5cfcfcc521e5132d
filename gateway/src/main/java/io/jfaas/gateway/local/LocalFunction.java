package io.jfaas.gateway.local;

import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.ReplicaHealth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * One deployed function's replicas, kept converging on what was deployed: the desired number of the current
 * revision, started as needed, restarted with back-off when they crash; replicas of an earlier revision serve until
 * enough of the new one are ready (a rolling update). Calls take the ready replica with the fewest calls in flight for
 * its {@link SlowStart} weight (a replica that has just become ready takes a small, rising share); while none is ready
 * they wait, up to a limit.
 *
 * <p>All state changes happen under one lock; futures are completed after it is released.
 */
final class LocalFunction {

    private static final Logger LOG = Logger.getLogger(LocalFunction.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofMillis(250);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final Duration STOP_GRACE = Duration.ofSeconds(40);

    private final FunctionRef ref;
    private final ReplicaLauncher launcher;
    private final FunctionLog log;
    private final Duration readyTimeout;
    private final SlowStart slowStart;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Replica> replicas = new ArrayList<>();
    /** The ready replicas, gathered for one pick (under the lock). */
    private final List<Replica> ready = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> stopped = new ArrayList<>();
    private StoredFunction spec;
    private FunctionImage image;
    private int revision;
    private int pendingRestarts;
    private int crashes;
    private int restarts;
    private String lastExitInstance;
    private String lastError;
    private Instant lastErrorAt;
    private boolean shuttingDown;
    private long picks;

    LocalFunction(StoredFunction spec, FunctionImage image, ReplicaLauncher launcher, FunctionLog log,
                  Duration readyTimeout, SlowStart slowStart) {
        this.slowStart = slowStart;
        this.ref = spec.ref();
        this.spec = spec;
        this.image = image;
        this.launcher = launcher;
        this.log = log;
        this.readyTimeout = readyTimeout;
    }

    FunctionRef ref() {
        return ref;
    }

    FunctionLog log() {
        return log;
    }

    /** Its replicas the liveness check probes: ready ones, and those taken out of rotation for missing probes. */
    List<Replica> probedReplicas() {
        lock.lock();
        try {
            return replicas.stream().filter(Replica::isProbed).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Takes a ready replica that missed a liveness probe out of rotation: it gets no new calls meanwhile. */
    void suspend(Replica replica, String why) {
        lock.lock();
        try {
            if (replica.state() != Replica.State.READY) {
                return;
            }
            replica.state(Replica.State.UNREADY);
        } finally {
            lock.unlock();
        }
        log.append(replica.instance(), "[jfaas] replica missed a liveness probe (" + why + "): it gets no new calls"
                + " until it answers again");
    }

    /** Puts a replica that answers its liveness probe again back in rotation, and serves calls waiting for one. */
    void readmit(Replica replica) {
        List<Runnable> completions = new ArrayList<>();
        lock.lock();
        try {
            if (replica.state() != Replica.State.UNREADY) {
                return;
            }
            replica.state(Replica.State.READY);
            serveWaiters(completions);
        } finally {
            lock.unlock();
        }
        log.append(replica.instance(), "[jfaas] replica answers its liveness probe again: back in rotation");
        completions.forEach(Runnable::run);
    }

    /**
     * Kills a replica that stopped answering (the liveness check): calls in flight to it fail at once, and it is
     * restarted as a crashed replica is.
     */
    void replaceUnresponsive(Replica replica, String why) {
        if (!replica.isProbed()) {
            return;
        }
        log.append(replica.instance(), "[jfaas] replica failed its liveness check (" + why + "): replacing it");
        launcher.kill(replica);
    }

    /** The image its replicas run now. */
    FunctionImage image() {
        lock.lock();
        try {
            return image;
        } finally {
            lock.unlock();
        }
    }

    /** Starts the replicas of what was deployed. */
    void start() {
        withLock(this::reconcile);
    }

    /** Rolls out a new deployment: a new revision of replicas replaces the old one once ready. */
    void update(StoredFunction newSpec, FunctionImage newImage) {
        withLock(() -> {
            spec = newSpec;
            image = newImage;
            revision++;
            crashes = 0;
            restarts = 0;
            lastError = null;
            lastExitInstance = null;
            lastErrorAt = null;
            reconcile();
        });
    }

    /** Sets the desired replicas; 0 stops them all, and calls waiting for a replica are told it is scaled to zero. */
    void scale(StoredFunction scaled) {
        List<Waiter> parked = List.of();
        lock.lock();
        try {
            spec = scaled;
            reconcile();
            if (scaled.replicas() == 0 && pick() == null) {
                parked = new ArrayList<>(waiters);
                waiters.clear();
            }
        } finally {
            lock.unlock();
        }
        for (Waiter waiter : parked) {
            waiter.timeout.cancel(false);
            waiter.future.completeExceptionally(new ProviderException(ProviderException.Kind.SCALED_TO_ZERO,
                    "function " + ref + " was scaled to zero"));
        }
    }

    StoredFunction spec() {
        lock.lock();
        try {
            return spec;
        } finally {
            lock.unlock();
        }
    }

    /** Replicas ready to serve now. */
    int availableReplicas() {
        lock.lock();
        try {
            return (int) replicas.stream().filter(r -> r.state() == Replica.State.READY).count();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How its replicas are doing: ready, starting, crash-looping (replicas keep exiting before they are ready) or
     * scaled to zero; the restarts since it was deployed or updated, and the last exit with the last line that
     * replica printed.
     */
    ReplicaHealth health() {
        String error;
        String instance;
        ReplicaHealth health;
        lock.lock();
        try {
            int desired = spec.replicas();
            long ready = replicas.stream().filter(r -> r.state() == Replica.State.READY).count();
            String state = desired == 0 ? "scaled-to-zero" : ready >= desired ? "ready"
                    : crashes > 0 ? "crash-looping" : "starting";
            error = lastError;
            instance = lastExitInstance;
            health = new ReplicaHealth(state, restarts, lastError, lastErrorAt);
        } finally {
            lock.unlock();
        }
        if (instance == null) {
            return health;
        }
        // the replica's output is read apart from its exit: asked for when it is shown, it has been read by then
        String words = log.lastWords(instance).map(w -> ": " + w).orElse("");
        return new ReplicaHealth(health.state(), health.restarts(), error + words,
                health.lastErrorAt());
    }

    /** Every replica's process that has not exited (a container's main process, see {@link Replica#measured}). */
    List<ProcessHandle> processes() {
        lock.lock();
        try {
            return replicas.stream().map(Replica::measured).filter(ProcessHandle::isAlive).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A ready replica for one call, or a wait for one (failing with UNAVAILABLE after the ready timeout); at 0
     * desired replicas, SCALED_TO_ZERO at once, for the gateway to wake the function.
     */
    CompletableFuture<Upstream> acquire() {
        lock.lock();
        try {
            if (shuttingDown) {
                return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.NOT_FOUND,
                        "function " + ref + " is being removed"));
            }
            Replica replica = pick();
            if (replica != null) {
                return CompletableFuture.completedFuture(lease(replica));
            }
            if (spec.replicas() == 0) {
                return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.SCALED_TO_ZERO,
                        "function " + ref + " is scaled to zero"));
            }
            Waiter waiter = new Waiter(new CompletableFuture<>());
            waiter.timeout = launcher.scheduler().schedule(() -> expire(waiter), readyTimeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            waiters.add(waiter);
            return waiter.future;
        } finally {
            lock.unlock();
        }
    }

    /** Stops every replica; completes when all have exited. The function takes no calls from now on. */
    CompletableFuture<Void> shutdown() {
        List<Waiter> abandoned;
        CompletableFuture<Void> done = new CompletableFuture<>();
        lock.lock();
        try {
            shuttingDown = true;
            abandoned = new ArrayList<>(waiters);
            waiters.clear();
            for (Replica replica : replicas) {
                if (replica.state() != Replica.State.STOPPING) {
                    replica.state(Replica.State.STOPPING);
                    launcher.stop(replica, STOP_GRACE);
                }
            }
            if (replicas.isEmpty()) {
                done.complete(null);
            } else {
                stopped.add(done);
            }
        } finally {
            lock.unlock();
        }
        for (Waiter waiter : abandoned) {
            waiter.timeout.cancel(false);
            waiter.future.completeExceptionally(new ProviderException(ProviderException.Kind.NOT_FOUND,
                    "function " + ref + " was removed"));
        }
        return done;
    }

    private void onReady(Replica replica) {
        List<Runnable> completions = new ArrayList<>();
        lock.lock();
        try {
            if (replica.state() != Replica.State.STARTING) {
                return;
            }
            replica.ready(System.nanoTime());
            crashes = 0;
            LOG.fine(() -> "replica " + replica + " of " + ref + " is ready");
            serveWaiters(completions);
            reconcile();
        } finally {
            lock.unlock();
        }
        completions.forEach(Runnable::run);
    }

    /** Leases a ready replica to every waiting call; the completions run after the lock is released. */
    private void serveWaiters(List<Runnable> completions) {
        while (!waiters.isEmpty()) {
            Waiter waiter = waiters.remove(0);
            Replica chosen = pick();
            waiter.timeout.cancel(false);
            Upstream upstream = lease(chosen);
            completions.add(() -> {
                if (!waiter.future.complete(upstream)) {
                    upstream.release();
                }
            });
        }
    }

    private void onExit(Replica replica) {
        List<CompletableFuture<Void>> finished = List.of();
        lock.lock();
        try {
            boolean expected = replica.state() == Replica.State.STOPPING;
            replica.state(Replica.State.EXITED);
            replicas.remove(replica);
            if (shuttingDown) {
                if (replicas.isEmpty()) {
                    finished = new ArrayList<>(stopped);
                    stopped.clear();
                }
            } else if (!expected) {
                int code = replica.process().exitValue();
                if (replica.revision() == revision) {
                    crashes++;
                    restarts++;
                    lastExitInstance = replica.instance();
                    lastError = "replica " + replica.instance() + " exited with code " + code;
                    lastErrorAt = Instant.now();
                    pendingRestarts++;
                    Duration delay = backoff(crashes);
                    log.append(replica.instance(), "[jfaas] replica exited with code " + code + "; restarting in "
                            + delay.toMillis() + " ms");
                    launcher.scheduler().schedule(() -> withLock(() -> {
                        pendingRestarts--;
                        reconcile();
                    }), delay.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    log.append(replica.instance(), "[jfaas] replica of an earlier revision exited with code " + code);
                    reconcile();
                }
            }
        } finally {
            lock.unlock();
        }
        finished.forEach(f -> f.complete(null));
    }

    /** Makes the replicas converge on the spec. Called with the lock held. */
    private void reconcile() {
        if (shuttingDown) {
            return;
        }
        int desired = spec.replicas();
        List<Replica> current = replicas.stream().filter(r -> r.revision() == revision && r.isLive()).toList();
        for (int missing = desired - current.size() - pendingRestarts; missing > 0; missing--) {
            startReplica();
        }
        if (current.size() > desired) {
            current.stream()
                    .sorted(Comparator.comparing((Replica r) -> r.state() == Replica.State.READY)
                            .thenComparing(Replica::started, Comparator.reverseOrder()))
                    .limit(current.size() - desired)
                    .forEach(this::stop);
        }
        long readyCurrent = current.stream().filter(r -> r.state() == Replica.State.READY).count();
        List<Replica> old = replicas.stream().filter(r -> r.revision() != revision && r.isLive()).toList();
        long keepOld = Math.max(0, desired - readyCurrent);
        old.stream()
                .sorted(Comparator.comparing((Replica r) -> r.state() == Replica.State.READY))
                .limit(Math.max(0, old.size() - keepOld))
                .forEach(this::stop);
    }

    private void startReplica() {
        try {
            Replica replica = launcher.launch(spec.deployment(), image, revision, log, this::onReady, this::onExit);
            replicas.add(replica);
        } catch (IOException e) {
            crashes++;
            lastExitInstance = null;
            lastError = "cannot start a replica: " + e.getMessage();
            lastErrorAt = Instant.now();
            pendingRestarts++;
            Duration delay = backoff(crashes);
            log.append(ref.name(), "[jfaas] cannot start a replica: " + e.getMessage() + "; retrying in "
                    + delay.toMillis() + " ms");
            launcher.scheduler().schedule(() -> withLock(() -> {
                pendingRestarts--;
                reconcile();
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stop(Replica replica) {
        replica.state(Replica.State.STOPPING);
        launcher.stop(replica, STOP_GRACE);
    }

    /**
     * The ready replica with the fewest calls in flight for its slow-start weight; ties go round-robin. Called with
     * the lock held.
     */
    private Replica pick() {
        ready.clear();
        for (Replica replica : replicas) {
            if (replica.state() == Replica.State.READY) {
                ready.add(replica);
            }
        }
        long now = System.nanoTime();
        return SlowStart.pick(ready, r -> r.inFlight().get(),
                r -> slowStart.weight(Duration.ofNanos(now - r.readyAt())), picks++);
    }

    private static Upstream lease(Replica replica) {
        replica.inFlight().incrementAndGet();
        return new Upstream() {
            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return replica.port();
            }

            @Override
            public java.util.Optional<String> natsSubject() {
                return replica.natsSubject();
            }

            @Override
            public void release() {
                replica.inFlight().decrementAndGet();
            }
        };
    }

    private void expire(Waiter waiter) {
        boolean removed;
        lock.lock();
        try {
            removed = waiters.remove(waiter);
        } finally {
            lock.unlock();
        }
        if (removed) {
            waiter.future.completeExceptionally(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "function " + ref + " has no ready replica after " + readyTimeout.toSeconds()
                            + "s: see its log with \"faas-cli logs " + ref.name() + "\""));
        }
    }

    static Duration backoff(int crashes) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(20, Math.max(0, crashes - 1));
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    private void withLock(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    private static final class Waiter {
        final CompletableFuture<Upstream> future;
        ScheduledFuture<?> timeout;

        Waiter(CompletableFuture<Upstream> future) {
            this.future = future;
        }
    }
}
