package io.jfaas.operator.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Labels;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.reconcile.Children;
import io.jfaas.operator.scaling.PrometheusClient.PrometheusException;
import io.jfaas.scaling.Bound;
import io.jfaas.scaling.FunctionLoad;
import io.jfaas.scaling.FunctionSample;
import io.jfaas.scaling.ReplicaLimits;
import io.jfaas.scaling.ScaleType;
import io.jfaas.scaling.ScalingLoop;
import io.jfaas.scaling.ScalingOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's autoscaler, the {@link ScalingLoop}'s driver on Prometheus: every interval it samples each
 * Function: the load of each scale type its policy needs from Prometheus (one query per type in use, by {@code
 * function_name}; the default, saturation, reads the capacity query and, for Functions with a CPU limit, the cpu
 * query), what one replica can carry (its {@code max_inflight} and CPU limit), and the replicas and ready replicas
 * of its Deployment. It lets the loop decide, and when a decision changes the replicas sets them through the
 * Deployment's scale subresource. The cluster bounds the plan through the Deployment: a replica's CPU limit is what
 * it can carry, and replicas the nodes have no room for stay pending, never ready, so no more are planned. The last
 * decision goes into the Function's status ({@code status.autoscaler}) and, when it scales, the log.
 *
 * <p>Functions and Deployments come from this class's own informers (no list per pass). Runs on the leader only: {@link
 * #start()} when this replica gains the lease, {@link #stop()} when it loses it. When Prometheus cannot answer, no
 * decision is made and the replicas stay as they are; the failure is logged once per streak.
 */
public final class PrometheusAutoscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusAutoscaler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final PrometheusClient prometheus;
    private final OperatorConfig.Autoscaling config;
    private final Set<String> namespaces;
    private final Clock clock;
    /** The loop's memory of every Function; a fresh one each time this replica starts to lead. */
    private ScalingLoop loop;
    private final List<SharedIndexInformer<FunctionResource>> functionInformers = new ArrayList<>();
    private final List<SharedIndexInformer<Deployment>> deploymentInformers = new ArrayList<>();
    private ScheduledExecutorService timer;
    private boolean prometheusFailing;

    /**
     * @param namespaces the namespaces whose Functions are scaled; empty: all
     */
    public PrometheusAutoscaler(KubernetesClient client, PrometheusClient prometheus, OperatorConfig.Autoscaling config,
                      Set<String> namespaces, Clock clock) {
        this.client = client;
        this.prometheus = prometheus;
        this.config = config;
        this.namespaces = Set.copyOf(namespaces);
        this.clock = clock;
    }

    /** Starts the informers, then decides every interval, each pass starting when the one before has finished. */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        // started, not awaited: this runs on the leader election's callback, which must not block; a pass before the
        // caches are filled decides only for the Functions and Deployments already seen
        if (namespaces.isEmpty()) {
            functionInformers.add(client.resources(FunctionResource.class).inAnyNamespace().runnableInformer(0));
            deploymentInformers.add(client.apps().deployments().inAnyNamespace().withLabel(Labels.FAAS_FUNCTION)
                    .runnableInformer(0));
        } else {
            for (String namespace : namespaces) {
                functionInformers.add(client.resources(FunctionResource.class).inNamespace(namespace)
                        .runnableInformer(0));
                deploymentInformers.add(client.apps().deployments().inNamespace(namespace)
                        .withLabel(Labels.FAAS_FUNCTION).runnableInformer(0));
            }
        }
        loop = new ScalingLoop(config.windows());
        functionInformers.forEach(SharedIndexInformer::start);
        deploymentInformers.forEach(SharedIndexInformer::start);
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("autoscaler").factory());
        long interval = config.interval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                decide();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("autoscaler pass failed; trying again in {} ms", interval, e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("autoscaler: every {} ms from Prometheus at {}", interval, config.prometheus());
    }

    /** Stops deciding; what it decided stays in place. */
    public synchronized void stop() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer = null;
        functionInformers.forEach(SharedIndexInformer::stop);
        deploymentInformers.forEach(SharedIndexInformer::stop);
        functionInformers.clear();
        deploymentInformers.clear();
    }

    @Override
    public void close() {
        stop();
    }

    /** Whether the informers have filled their caches (tests wait on this before calling {@link #decide()}). */
    synchronized boolean synced() {
        return timer != null && functionInformers.stream().allMatch(SharedIndexInformer::hasSynced)
                && deploymentInformers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** One pass over every Function the informers hold. */
    void decide() throws InterruptedException {
        List<FunctionResource> all = new ArrayList<>();
        Map<String, Deployment> deployments = new HashMap<>();
        ScalingLoop loop;
        synchronized (this) {
            loop = this.loop;
            functionInformers.forEach(informer -> all.addAll(informer.getStore().list()));
            deploymentInformers.forEach(informer -> informer.getStore().list().forEach(d ->
                    deployments.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d)));
        }
        Set<ScaleType> types = EnumSet.noneOf(ScaleType.class);
        all.forEach(function -> types.addAll(ScalingLoop.measures(function.getSpec().getLabels(), limits(function))));
        Map<ScaleType, Map<String, Double>> loads = new EnumMap<>(ScaleType.class);
        for (ScaleType type : types) {
            try {
                loads.put(type, prometheus.query(config.query(type)));
            } catch (PrometheusException e) {
                if (!prometheusFailing) {
                    LOG.warn("autoscaler: no decisions while Prometheus cannot answer; replicas stay as they are: {}",
                            e.getMessage());
                    prometheusFailing = true;
                }
                return;
            }
        }
        if (prometheusFailing && !types.isEmpty()) {
            LOG.info("autoscaler: Prometheus answers again at {}", config.prometheus());
            prometheusFailing = false;
        }
        Map<FunctionRef, FunctionResource> sampled = new HashMap<>();
        List<FunctionSample> samples = new ArrayList<>();
        for (FunctionResource function : all) {
            FunctionRef ref = new FunctionRef(Children.name(function), function.getMetadata().getNamespace());
            Deployment deployment = deployments.get(ref.namespace() + "/" + ref.name());
            if (deployment == null || deployment.getSpec() == null) {
                continue; // the reconciler has not created it yet
            }
            int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
            int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                    : deployment.getStatus().getReadyReplicas();
            sampled.put(ref, function);
            samples.add(new FunctionSample(ref, function.getSpec().getLabels(), replicas, ready,
                    new FunctionLoad.Rates(load(loads, ScaleType.RPS, ref), load(loads, ScaleType.CAPACITY, ref),
                            load(loads, ScaleType.CPU, ref)),
                    limits(function), Bound.NONE));
        }
        for (ScalingOutcome outcome : loop.step(clock.instant(), samples)) {
            FunctionRef ref = outcome.function();
            if (outcome.changes()) {
                LOG.info(outcome.logLine());
                try {
                    client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name())
                            .scale(outcome.decision().desired());
                } catch (KubernetesClientException e) {
                    LOG.warn("autoscaler: cannot scale {}: {}", ref, e.getMessage());
                }
            }
            record(sampled.get(ref), outcome);
        }
    }

    /** The load of this type Prometheus reported for the function; 0 where it was not asked or has no series. */
    private static double load(Map<ScaleType, Map<String, Double>> loads, ScaleType type, FunctionRef function) {
        return loads.getOrDefault(type, Map.of()).getOrDefault(function.qualified(), 0.0);
    }

    /** A replica's {@code max_inflight} (from the Function's environment) and its CPU limit. */
    private static ReplicaLimits limits(FunctionResource function) {
        FunctionResourceSpec spec = function.getSpec();
        return ReplicaLimits.of(spec.getEnvironment(), spec.getLimits() == null ? null : spec.getLimits().cpu());
    }

    /** Writes the decision into the Function's status, unless the status already says the same. */
    private void record(FunctionResource function, ScalingOutcome outcome) {
        AutoscalerDecision written = function.getStatus() == null ? null : function.getStatus().getAutoscaler();
        if (written != null
                && outcome.decidesAs(written.getDesiredReplicas(), written.getReplicas(), written.getMode())) {
            return;
        }
        AutoscalerDecision status = AutoscalerDecision.of(outcome.status());
        try {
            String patch = JSON.writeValueAsString(Map.of("status", Map.of("autoscaler", status)));
            client.resources(FunctionResource.class).inNamespace(function.getMetadata().getNamespace())
                    .withName(function.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        } catch (KubernetesClientException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("autoscaler: cannot record the decision of {}/{}: {}", function.getMetadata().getNamespace(),
                    function.getMetadata().getName(), e.getMessage());
        }
    }
}
