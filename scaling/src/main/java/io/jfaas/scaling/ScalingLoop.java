package io.jfaas.scaling;

import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The autoscaler's pass over every function, around the one algorithm: a driver samples each function (its labels,
 * replicas and load), and {@link #step} reads each policy from the labels (labels it cannot read pin the function:
 * scaling is off, and the decision says why), keeps one {@link FunctionAutoscaler} per function, forgets the
 * functions no longer sampled, and returns each decision with the status and log line it makes. The drivers only
 * measure, scale and write statuses: the gateway from its own meters, the operator from Prometheus.
 *
 * <p>Nothing here reads a clock or the network. Passes run one at a time; {@link #last} may be asked from any thread.
 */
public final class ScalingLoop {

    private final ScalingWindows windows;
    private final int maxReplicas;
    private final Map<FunctionRef, Tracked> functions = new ConcurrentHashMap<>();

    /** A loop whose replicas only the functions' labels bound. */
    public ScalingLoop(ScalingWindows windows) {
        this(windows, Integer.MAX_VALUE);
    }

    /**
     * @param maxReplicas the back end's own bound on a function's replicas, below its labels' maximum
     */
    public ScalingLoop(ScalingWindows windows, int maxReplicas) {
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be 1 or more: " + maxReplicas);
        }
        this.windows = windows;
        this.maxReplicas = maxReplicas;
    }

    /**
     * The loads a pass needs measured for a function with these labels and replica limits (a driver that pays per
     * measure asks only for these); none when its labels pin it or cannot be read.
     */
    public static Set<ScaleType> measures(Map<String, String> labels, ReplicaLimits limits) {
        try {
            return ScalingPolicy.fromLabels(labels).measures(limits);
        } catch (IllegalArgumentException e) {
            return EnumSet.noneOf(ScaleType.class);
        }
    }

    /**
     * One pass at {@code now}: a decision for every sample, in their order. Functions not sampled are forgotten, so
     * one that comes back starts afresh. Times must not go backwards between passes.
     */
    public synchronized List<ScalingOutcome> step(Instant now, Collection<FunctionSample> samples) {
        List<ScalingOutcome> outcomes = new ArrayList<>(samples.size());
        Set<FunctionRef> seen = new HashSet<>();
        for (FunctionSample sample : samples) {
            seen.add(sample.function());
            Tracked tracked = functions.computeIfAbsent(sample.function(), f -> new Tracked());
            ScalingOutcome outcome = ScalingOutcome.of(sample.function(), tracked.decide(now, sample), now);
            tracked.last = outcome.status();
            outcomes.add(outcome);
        }
        functions.keySet().retainAll(seen);
        return outcomes;
    }

    /** The last decision for a function, if the last pass sampled it. */
    public Optional<AutoscalerStatus> last(FunctionRef function) {
        Tracked tracked = functions.get(function);
        return tracked == null ? Optional.empty() : Optional.ofNullable(tracked.last);
    }

    /** One function: the algorithm's memory of its load, its last totals, and its last decision. */
    private final class Tracked {
        final FunctionAutoscaler autoscaler = new FunctionAutoscaler(windows);
        Instant lastPass;
        long lastCalls;
        long lastCpu;
        volatile AutoscalerStatus last;

        Decision decide(Instant now, FunctionSample sample) {
            FunctionLoad.Rates rates = rates(now, sample.load());
            try {
                ScalingPolicy policy = ScalingPolicy.fromLabels(sample.labels()).capped(maxReplicas);
                double load = switch (policy.type()) {
                    case RPS -> rates.callsPerSecond();
                    case CAPACITY, SATURATION -> rates.inFlight();
                    case CPU -> rates.millicores();
                };
                Observation seen = policy.fixed()
                        ? new Observation(sample.replicas(), sample.ready(), load)
                        : new Observation(sample.replicas(), sample.ready(), load, rates.callsPerSecond(),
                                rates.millicores(), sample.limits(), sample.bound());
                return autoscaler.decide(now, policy, seen);
            } catch (IllegalArgumentException e) {
                return new Decision(sample.replicas(), sample.replicas(), ScalingMode.FIXED, 0,
                        "scaling is off: " + e.getMessage());
            }
        }

        /** Rates as measured, or from totals: the increase since the last pass over the time between. */
        private FunctionLoad.Rates rates(Instant now, FunctionLoad load) {
            if (load instanceof FunctionLoad.Rates rates) {
                return rates;
            }
            FunctionLoad.Totals totals = (FunctionLoad.Totals) load;
            double seconds = lastPass == null ? 0 : Duration.between(lastPass, now).toNanos() / 1e9;
            FunctionLoad.Rates rates = seconds > 0
                    ? new FunctionLoad.Rates(Math.max(0, totals.callsStarted() - lastCalls) / seconds,
                            totals.inFlight(), Math.max(0, totals.cpuNanos() - lastCpu) / 1e6 / seconds)
                    : new FunctionLoad.Rates(0, totals.inFlight(), 0);
            lastPass = now;
            lastCalls = totals.callsStarted();
            lastCpu = totals.cpuNanos();
            return rates;
        }
    }
}
