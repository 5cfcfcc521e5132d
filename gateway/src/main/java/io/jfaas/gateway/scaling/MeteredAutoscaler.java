package io.jfaas.gateway.scaling;

import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.provider.FunctionProvider;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.scaling.Bound;
import io.jfaas.scaling.Decision;
import io.jfaas.scaling.FunctionAutoscaler;
import io.jfaas.scaling.Observation;
import io.jfaas.scaling.ReplicaLimits;
import io.jfaas.scaling.ScalingMode;
import io.jfaas.scaling.ScalingPolicy;
import io.jfaas.scaling.ScalingWindows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Local mode's autoscaler: every interval it reads each function's load from the gateway's own meters (calls started
 * per second, calls in flight) or its replicas' CPU time, what one replica can carry (its {@code max_inflight}: local
 * replicas have no CPU limit of their own), and the machine's bound (cores, memory), asks the function's {@link
 * FunctionAutoscaler} for a decision, and tells the provider when the replicas should change. The last decision of each
 * function is kept for its status ({@code autoscaler}) and the metrics.
 *
 * <p>A user's scale call sets the replicas the autoscaler starts from; it moves on from there with the load. Labels
 * {@code com.openfaas.scale.min} = {@code .max} pin a function; {@code JFAAS_AUTOSCALE=false} turns this off.
 */
public final class MeteredAutoscaler {

    private static final Logger LOG = Logger.getLogger(MeteredAutoscaler.class.getName());

    private final FunctionProvider provider;
    private final GatewayMetrics metrics;
    private final ToLongFunction<FunctionRef> cpuNanos;
    private final Function<FunctionRef, Bound> bound;
    private final ScalingWindows windows;
    private final int maxReplicas;
    private final Clock clock;
    private final Map<FunctionRef, Tracked> functions = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private volatile boolean stopped;

    /**
     * @param cpuNanos the CPU time a function's running replicas have used, in nanoseconds
     * @param bound the most replicas of a function the machine can run to advantage
     * @param maxReplicas the provider's own bound on replicas
     */
    public MeteredAutoscaler(FunctionProvider provider, GatewayMetrics metrics, ToLongFunction<FunctionRef> cpuNanos,
                      Function<FunctionRef, Bound> bound, ScalingWindows windows, int maxReplicas, Clock clock) {
        this.provider = provider;
        this.metrics = metrics;
        this.cpuNanos = cpuNanos;
        this.bound = bound;
        this.windows = windows;
        this.maxReplicas = maxReplicas;
        this.clock = clock;
    }

    /** Decides every {@code interval} from now on, each pass starting when the one before has finished. */
    public synchronized void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("autoscaler").factory());
        schedule(interval);
    }

    public synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** The last decision for a function, if it has had one. */
    public Optional<AutoscalerStatus> status(FunctionRef ref) {
        Tracked tracked = functions.get(ref);
        return tracked == null ? Optional.empty() : Optional.ofNullable(tracked.last);
    }

    private void schedule(Duration interval) {
        if (stopped) {
            return;
        }
        timer.schedule(() -> decide().whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.log(Level.WARNING, "autoscaler pass failed; trying again in " + interval.toMillis() + " ms",
                        failure);
            }
            schedule(interval);
        }), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every function of every namespace; completes when the scale calls it made are answered. */
    public CompletableFuture<Void> decide() {
        return provider.listAll()
                .thenCompose(all -> {
                    Instant now = clock.instant();
                    Set<FunctionRef> seen = new HashSet<>();
                    List<CompletableFuture<Void>> scales = new ArrayList<>();
                    for (FunctionStatus function : all) {
                        FunctionRef ref = new FunctionRef(function.name(), function.namespace());
                        seen.add(ref);
                        Decision decision = functions.computeIfAbsent(ref, r -> new Tracked())
                                .decide(ref, function, now);
                        if (decision.changes()) {
                            LOG.info("autoscaler: " + ref + " " + decision.current() + " → " + decision.desired()
                                    + " (" + decision.reason() + ")");
                            scales.add(provider.scale(ref, decision.desired()).exceptionally(failure -> {
                                LOG.warning("autoscaler: cannot scale " + ref + ": " + failure.getMessage());
                                return null;
                            }));
                        }
                    }
                    functions.keySet().retainAll(seen);
                    metrics.autoscalerDecisions(functions.entrySet().stream()
                            .filter(e -> e.getValue().last != null)
                            .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().last)));
                    return CompletableFuture.allOf(scales.toArray(CompletableFuture[]::new));
                });
    }

    /** One function: its algorithm state, the meter readings of the last pass, and the last decision. */
    private final class Tracked {
        final FunctionAutoscaler autoscaler = new FunctionAutoscaler(windows);
        Instant lastPass;
        long lastStarted;
        long lastCpu;
        AutoscalerStatus last;

        Decision decide(FunctionRef ref, FunctionStatus function, Instant now) {
            long started = metrics.started(ref);
            long cpu = cpuNanos.applyAsLong(ref);
            double seconds = lastPass == null ? 0 : Duration.between(lastPass, now).toNanos() / 1e9;
            Decision decision;
            try {
                ScalingPolicy policy = ScalingPolicy.fromLabels(function.labels()).capped(maxReplicas);
                double inFlight = metrics.inFlight(ref);
                double millicores = seconds > 0 ? Math.max(0, cpu - lastCpu) / 1e6 / seconds : 0;
                double calls = seconds > 0 ? Math.max(0, started - lastStarted) / seconds : 0;
                double load = switch (policy.type()) {
                    case RPS -> calls;
                    case CAPACITY, SATURATION -> inFlight;
                    case CPU -> millicores;
                };
                Observation seen = policy.fixed()
                        ? new Observation((int) function.replicas(), (int) function.availableReplicas(), load)
                        : new Observation((int) function.replicas(), (int) function.availableReplicas(), load,
                                calls, millicores, ReplicaLimits.of(function.envVars(), null), bound.apply(ref));
                decision = autoscaler.decide(now, policy, seen);
            } catch (IllegalArgumentException e) {
                int replicas = (int) function.replicas();
                decision = new Decision(replicas, replicas, ScalingMode.FIXED, 0, "scaling is off: " + e.getMessage());
            }
            lastPass = now;
            lastStarted = started;
            lastCpu = cpu;
            last = new AutoscalerStatus(decision.desired(), decision.current(),
                    decision.mode().name().toLowerCase(Locale.ROOT), decision.load(), decision.reason(), now);
            return decision;
        }
    }
}
