package io.jfaas.gateway.remote;

import io.jfaas.model.FunctionRef;
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import io.jfaas.provider.FunctionEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's copy of every function's ready endpoints, kept by the provider's endpoints feed
 * ({@link EndpointsUpdate}), and the choice of an endpoint per call: the ready one with the fewest calls in flight
 * from this gateway (ties taken in turn), as the local provider picks a replica. Reading it never leaves the process.
 * A call that finds no ready endpoint waits for the next change of its function; at most {@code maxWaiting} calls wait
 * per function.
 */
final class EndpointTable {

    /** One ready endpoint and this gateway's calls in flight to it (kept while the endpoint stays ready). */
    static final class Slot {
        final Endpoint endpoint;
        final AtomicInteger inFlight = new AtomicInteger();

        Slot(Endpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    /**
     * One function as last heard of: {@code replicas} null while its Deployment does not exist yet;
     * {@code expectedSince} the time this gateway deployed it when the feed has not listed it yet, or scaled it up from
     * zero when the feed has not reported its replicas since, else 0.
     */
    record Entry(Integer replicas, List<Slot> ready, Map<String, String> annotations, AtomicInteger turn,
                 long expectedSince) {
    }

    /**
     * How long a function this gateway deployed outlives snapshots that do not list it yet, and a scale-up from zero it
     * made outlives updates that still say 0 replicas.
     */
    static final long EXPECTED_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Map<FunctionRef, Entry> entries = new ConcurrentHashMap<>();
    /** Calls waiting for a change of a function; guarded by itself. */
    private final Map<FunctionRef, List<CompletableFuture<Void>>> waiting = new HashMap<>();
    private final int maxWaiting;

    EndpointTable(int maxWaiting) {
        this.maxWaiting = maxWaiting;
    }

    /** What is known of {@code ref}, or empty for a function the provider does not have. */
    Optional<Entry> entry(FunctionRef ref) {
        return Optional.ofNullable(entries.get(ref));
    }

    /** The ready endpoint of {@code ref} with the fewest calls in flight, not one of {@code refused}; counted. */
    Optional<Slot> pick(Entry entry, Set<Endpoint> refused) {
        List<Slot> ready = entry.ready();
        int size = ready.size();
        if (size == 0) {
            return Optional.empty();
        }
        int start = Math.floorMod(entry.turn().getAndIncrement(), size);
        Slot best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            Slot slot = ready.get((start + i) % size);
            int load = slot.inFlight.get();
            if (load < bestLoad && !refused.contains(slot.endpoint)) {
                best = slot;
                bestLoad = load;
            }
        }
        if (best != null) {
            best.inFlight.incrementAndGet();
        }
        return Optional.ofNullable(best);
    }

    /** Applies one line of the feed. */
    void apply(EndpointsUpdate update) {
        if (update.snapshot()) {
            Set<FunctionRef> kept = new java.util.HashSet<>();
            update.functions().forEach(f -> kept.add(new FunctionRef(f.name(), f.namespace())));
            long now = System.nanoTime();
            for (FunctionRef gone : List.copyOf(entries.keySet())) {
                Entry entry = entries.get(gone);
                // a snapshot made before this gateway's deploy reached the provider's cache does not list it
                boolean expected = entry != null && entry.expectedSince() != 0
                        && now - entry.expectedSince() < EXPECTED_NANOS;
                if (!kept.contains(gone) && !expected) {
                    entries.remove(gone);
                    wake(gone);
                }
            }
        }
        update.functions().forEach(this::put);
        update.removed().forEach(ref -> {
            entries.remove(ref);
            wake(ref);
        });
    }

    private void put(FunctionEndpoints function) {
        FunctionRef ref = new FunctionRef(function.name(), function.namespace());
        Entry old = entries.get(ref);
        Map<Endpoint, Slot> kept = new HashMap<>();
        if (old != null) {
            old.ready().forEach(slot -> kept.put(slot.endpoint, slot));
        }
        List<Slot> ready = new ArrayList<>();
        // an endpoint that stays keeps its count of calls in flight
        function.ready().forEach(endpoint -> ready.add(kept.getOrDefault(endpoint, new Slot(endpoint))));
        // an update that still says 0 after this gateway scaled the function up predates the scale-up (the feed lags
        // behind the provider's answer): the calls being woken wait for the replicas instead of waking it again; and
        // one that still lists replicas after this gateway scaled it to zero predates that: calls wake it, they are
        // not sent to replicas on their way out
        boolean expecting = old != null && old.replicas() != null && old.expectedSince() != 0
                && System.nanoTime() - old.expectedSince() < EXPECTED_NANOS;
        boolean stale = expecting && function.replicas() != null && (old.replicas() > 0) != (function.replicas() > 0);
        entries.put(ref, new Entry(stale ? old.replicas() : function.replicas(), List.copyOf(ready),
                function.annotations(), old == null ? new AtomicInteger() : old.turn(),
                stale ? old.expectedSince() : 0));
        wake(ref);
    }

    /**
     * Notes what this gateway itself just asked of the provider, before the feed says so: a function it deployed is
     * starting (not unknown), one it scaled up is no longer at zero, one it scaled to zero is (calls wake it).
     */
    void expect(FunctionRef ref, Integer replicas) {
        entries.compute(ref, (key, old) -> old == null
                ? new Entry(null, List.of(), Map.of(), new AtomicInteger(), Math.max(1, System.nanoTime()))
                : replicas == null ? old
                : new Entry(replicas, old.ready(), old.annotations(), old.turn(),
                        (replicas > 0) != (old.replicas() != null && old.replicas() > 0)
                                ? Math.max(1, System.nanoTime()) : old.expectedSince()));
        wake(ref);
    }

    /**
     * Completes when {@code ref} changes, or after {@code nanos} (whichever is first); fails with
     * {@link TooManyWaiting} when {@code maxWaiting} calls wait for it already.
     */
    CompletableFuture<Void> changed(FunctionRef ref, long nanos) {
        CompletableFuture<Void> change = new CompletableFuture<>();
        synchronized (waiting) {
            List<CompletableFuture<Void>> list = waiting.computeIfAbsent(ref, r -> new ArrayList<>());
            list.removeIf(CompletableFuture::isDone);
            if (list.size() >= maxWaiting) {
                return CompletableFuture.failedFuture(new TooManyWaiting(maxWaiting));
            }
            list.add(change);
        }
        return change.completeOnTimeout(null, nanos, TimeUnit.NANOSECONDS);
    }

    /** Calls waiting for {@code ref} now (for tests of the bound). */
    int waiting(FunctionRef ref) {
        synchronized (waiting) {
            List<CompletableFuture<Void>> list = waiting.get(ref);
            return list == null ? 0 : (int) list.stream().filter(f -> !f.isDone()).count();
        }
    }

    private void wake(FunctionRef ref) {
        List<CompletableFuture<Void>> woken;
        synchronized (waiting) {
            woken = waiting.remove(ref);
        }
        if (woken != null) {
            woken.forEach(f -> f.complete(null));
        }
    }

    /** Too many calls wait for one function. */
    static final class TooManyWaiting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyWaiting(int max) {
            super(max + " calls wait for the function already", null, false, false);
        }
    }
}
