package io.jfaas.gateway.metrics;

import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last few minutes of each function's calls, errors and replicas, sampled by the gateway every few seconds, so a
 * chart has a past the moment someone opens it (the web UI's function page). At most {@link #WINDOW} /
 * {@link #INTERVAL} samples a function; functions the provider no longer lists are forgotten.
 */
public final class FunctionHistory {

    private static final Logger LOG = Logger.getLogger(FunctionHistory.class.getName());
    public static final Duration INTERVAL = Duration.ofSeconds(5);
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /**
     * One sample: when (epoch milliseconds), completed calls and calls answered 400 or more since the gateway started,
     * desired and available replicas.
     */
    public record Sample(long t, long invocations, long errors, long replicas, long available) {
    }

    private final GatewayMetrics metrics;
    private final Map<FunctionRef, Deque<Sample>> functions = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    FunctionHistory(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    /** Samples the provider's functions every {@link #INTERVAL} from now on. */
    public synchronized void start(FunctionProvider provider, Clock clock) {
        // a virtual thread: between samples it costs nothing
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("function-history").factory());
        timer.scheduleWithFixedDelay(() -> {
            try {
                record(clock.instant(), provider.listAll().get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(Level.FINE, "cannot sample the functions for their history", e);
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Adds a sample of each function at {@code now}, and drops what is older than the window or no longer listed. */
    void record(Instant now, List<FunctionStatus> listed) {
        long horizon = now.minus(WINDOW).toEpochMilli();
        Set<FunctionRef> seen = new HashSet<>();
        for (FunctionStatus function : listed) {
            FunctionRef ref = new FunctionRef(function.name(), function.namespace());
            seen.add(ref);
            Deque<Sample> samples = functions.computeIfAbsent(ref, r -> new ArrayDeque<>());
            synchronized (samples) {
                samples.addLast(new Sample(now.toEpochMilli(), metrics.invocations(ref),
                        metrics.failedInvocations(ref), function.replicas(), function.availableReplicas()));
                while (!samples.isEmpty() && samples.peekFirst().t() < horizon) {
                    samples.removeFirst();
                }
            }
        }
        functions.keySet().retainAll(seen);
    }

    /** A function's samples, oldest first; empty for a function never sampled. */
    public List<Sample> of(FunctionRef ref) {
        Deque<Sample> samples = functions.get(ref);
        if (samples == null) {
            return List.of();
        }
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }
}
