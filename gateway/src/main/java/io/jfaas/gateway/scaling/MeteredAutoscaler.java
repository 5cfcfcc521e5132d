package io.jfaas.gateway.scaling;

import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.scaling.Bound;
import io.jfaas.scaling.FunctionLoad;
import io.jfaas.scaling.FunctionSample;
import io.jfaas.scaling.ReplicaLimits;
import io.jfaas.scaling.ScalingLoop;
import io.jfaas.scaling.ScalingOutcome;
import io.jfaas.scaling.ScalingWindows;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Local mode's autoscaler, the {@link ScalingLoop}'s driver on the gateway's own meters: every interval it samples
 * each function (calls started and calls in flight from the meters, its replicas' CPU time, what one replica can
 * carry: its {@code max_inflight}, as local replicas have no CPU limit of their own; and the machine's bound: cores,
 * memory), lets the loop decide, and tells the provider when the replicas should change. The last decision of each
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
    private final ScalingLoop loop;
    private final Clock clock;
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
        this.loop = new ScalingLoop(windows, maxReplicas);
        this.clock = clock;
    }

    /** Decides every {@code interval} from now on, each pass starting when the one before has finished. */
    public synchronized void start(Duration interval) {
        // a virtual thread: between decisions it costs nothing
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("autoscaler").factory());
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
        return loop.last(ref);
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
                    List<FunctionSample> samples = new ArrayList<>(all.size());
                    for (FunctionStatus function : all) {
                        FunctionRef ref = new FunctionRef(function.name(), function.namespace());
                        samples.add(new FunctionSample(ref, function.labels(), (int) function.replicas(),
                                (int) function.availableReplicas(),
                                new FunctionLoad.Totals(metrics.started(ref), metrics.inFlight(ref),
                                        cpuNanos.applyAsLong(ref)),
                                ReplicaLimits.of(function.envVars(), null), bound.apply(ref)));
                    }
                    List<ScalingOutcome> outcomes = loop.step(clock.instant(), samples);
                    List<CompletableFuture<Void>> scales = new ArrayList<>();
                    for (ScalingOutcome outcome : outcomes) {
                        if (outcome.changes()) {
                            LOG.info(outcome.logLine());
                            scales.add(provider.scale(outcome.function(), outcome.decision().desired())
                                    .exceptionally(failure -> {
                                        LOG.warning("autoscaler: cannot scale " + outcome.function() + ": "
                                                + failure.getMessage());
                                        return null;
                                    }));
                        }
                    }
                    metrics.autoscalerDecisions(outcomes.stream()
                            .collect(Collectors.toMap(ScalingOutcome::function, ScalingOutcome::status)));
                    return CompletableFuture.allOf(scales.toArray(CompletableFuture[]::new));
                });
    }
}
