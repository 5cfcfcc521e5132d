package io.jfaas.operator.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jfaas.model.Labels;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.reconcile.Children;
import io.jfaas.operator.scaling.PrometheusClient.PrometheusException;
import io.jfaas.scaling.Bound;
import io.jfaas.scaling.Decision;
import io.jfaas.scaling.FunctionAutoscaler;
import io.jfaas.scaling.Observation;
import io.jfaas.scaling.ReplicaLimits;
import io.jfaas.scaling.ScaleType;
import io.jfaas.scaling.ScalingMode;
import io.jfaas.scaling.ScalingPolicy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes mode's autoscaler: every interval it reads each Function's policy from its labels, the load of each scale
 * type in use from Prometheus (one query per type, by {@code function_name}; the default, saturation, reads the
 * capacity query and, for Functions with a CPU limit, the cpu query), what one replica can carry (its {@code
 * max_inflight} and CPU limit), the replicas and ready replicas from the Function's Deployment, asks the Function's
 * {@link FunctionAutoscaler}, and when the decision changes the replicas sets them through the Deployment's scale
 * subresource. The cluster bounds the plan through the Deployment: a replica's CPU limit is what it can carry, and
 * replicas the nodes have no room for stay pending, never ready, so no more are planned. The last decision goes into
 * the Function's status ({@code status.autoscaler}) and, when it scales, the log.
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
    private final Map<String, Tracked> functions = new HashMap<>();
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
        synchronized (functions) {
            functions.clear();
        }
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
        synchronized (this) {
            functionInformers.forEach(informer -> all.addAll(informer.getStore().list()));
            deploymentInformers.forEach(informer -> informer.getStore().list().forEach(d ->
                    deployments.put(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName(), d)));
        }
        Map<FunctionResource, ScalingPolicy> policies = new IdentityHashMap<>();
        Map<FunctionResource, String> invalid = new IdentityHashMap<>();
        Set<ScaleType> types = new HashSet<>();
        for (FunctionResource function : all) {
            try {
                ScalingPolicy policy = ScalingPolicy.fromLabels(function.getSpec().getLabels());
                policies.put(function, policy);
                if (!policy.fixed()) {
                    Set<ScaleType> measured = EnumSet.copyOf(policy.type().measures());
                    if (policy.type() == ScaleType.SATURATION && limits(function).millicores() == 0) {
                        measured.remove(ScaleType.CPU); // no CPU limit: its CPU is not part of the measure
                    }
                    if (policy.type() == ScaleType.SATURATION && policy.zero()) {
                        // calls in flight, sampled, miss quick calls: calls started say it is in use
                        measured.add(ScaleType.RPS);
                    }
                    types.addAll(measured);
                }
            } catch (IllegalArgumentException e) {
                invalid.put(function, e.getMessage());
            }
        }
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
        Instant now = clock.instant();
        Set<String> seen = new HashSet<>();
        synchronized (functions) {
            for (FunctionResource function : all) {
                String namespace = function.getMetadata().getNamespace();
                String name = Children.name(function);
                Deployment deployment = deployments.get(namespace + "/" + name);
                if (deployment == null || deployment.getSpec() == null) {
                    continue; // the reconciler has not created it yet
                }
                String functionName = name + "." + namespace;
                seen.add(namespace + "/" + function.getMetadata().getName());
                Tracked tracked = functions.computeIfAbsent(namespace + "/" + function.getMetadata().getName(),
                        key -> new Tracked());
                int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
                int ready = deployment.getStatus() == null || deployment.getStatus().getReadyReplicas() == null ? 0
                        : deployment.getStatus().getReadyReplicas();
                Decision decision;
                ScalingPolicy policy = policies.get(function);
                if (policy == null) {
                    decision = new Decision(replicas, replicas, ScalingMode.FIXED, 0,
                            "scaling is off: " + invalid.get(function));
                } else {
                    decision = tracked.autoscaler.decide(now, policy, policy.fixed()
                            ? new Observation(replicas, ready, 0)
                            : observe(policy, function, functionName, loads, replicas, ready));
                }
                if (decision.changes()) {
                    LOG.info("autoscaler: {} {} → {} ({})", functionName, decision.current(), decision.desired(),
                            decision.reason());
                    try {
                        client.apps().deployments().inNamespace(namespace).withName(name).scale(decision.desired());
                    } catch (KubernetesClientException e) {
                        LOG.warn("autoscaler: cannot scale {}: {}", functionName, e.getMessage());
                    }
                }
                record(function, tracked, decision, now);
            }
            functions.keySet().retainAll(seen);
        }
    }

    /** What the Function's policy needs seen: its load, and for saturation its CPU and its replicas' limits. */
    private static Observation observe(ScalingPolicy policy, FunctionResource function, String functionName,
                                       Map<ScaleType, Map<String, Double>> loads, int replicas, int ready) {
        if (policy.type() != ScaleType.SATURATION) {
            return new Observation(replicas, ready, loads.get(policy.type()).getOrDefault(functionName, 0.0));
        }
        double inFlight = loads.get(ScaleType.CAPACITY).getOrDefault(functionName, 0.0);
        double calls = loads.getOrDefault(ScaleType.RPS, Map.of()).getOrDefault(functionName, 0.0);
        double millicores = loads.getOrDefault(ScaleType.CPU, Map.of()).getOrDefault(functionName, 0.0);
        return new Observation(replicas, ready, inFlight, calls, millicores, limits(function), Bound.NONE);
    }

    /** A replica's {@code max_inflight} (from the Function's environment) and its CPU limit. */
    private static ReplicaLimits limits(FunctionResource function) {
        FunctionResourceSpec spec = function.getSpec();
        return ReplicaLimits.of(spec.getEnvironment(), spec.getLimits() == null ? null : spec.getLimits().cpu());
    }

    /**
     * Writes the decision into the Function's status when it differs from the last one written in what it decides
     * (desired, current, mode); the load and reason of a steady function change every pass and are not worth a write.
     */
    private void record(FunctionResource function, Tracked tracked, Decision decision, Instant now) {
        String key = decision.desired() + "/" + decision.current() + "/" + decision.mode();
        if (key.equals(tracked.recorded)) {
            return;
        }
        AutoscalerDecision status = new AutoscalerDecision(decision.desired(), decision.current(),
                decision.mode().name().toLowerCase(Locale.ROOT), decision.load(), decision.reason(), now.toString());
        try {
            String patch = JSON.writeValueAsString(Map.of("status", Map.of("autoscaler", status)));
            client.resources(FunctionResource.class).inNamespace(function.getMetadata().getNamespace())
                    .withName(function.getMetadata().getName()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            tracked.recorded = key;
        } catch (KubernetesClientException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warn("autoscaler: cannot record the decision of {}/{}: {}", function.getMetadata().getNamespace(),
                    function.getMetadata().getName(), e.getMessage());
        }
    }

    /** One Function: the algorithm's memory of its load, and the last decision written to its status. */
    private final class Tracked {
        final FunctionAutoscaler autoscaler = new FunctionAutoscaler(config.windows());
        String recorded;
    }
}
