package io.jfaas.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.jfaas.operator.reconcile.FunctionDefaults;
import io.jfaas.operator.reconcile.FunctionReconciler;
import io.jfaas.operator.reconcile.OldFinalizers;
import io.jfaas.operator.scaling.PrometheusAutoscaler;
import io.jfaas.operator.scaling.PrometheusClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JOSDK operator running the {@link FunctionReconciler}, configured from {@link OperatorConfig}, and the
 * {@link PrometheusAutoscaler} (unless {@code JFAAS_AUTOSCALE=false}); with leader election both run on the leader
 * only.
 * fabric8's leader elector is single-use: once this replica has lost its lease it never competes again, so losing it
 * is final: {@link #health()} turns bad and the {@code leadershipLost} action runs (the process exits, see
 * {@link Main}).
 */
public final class FunctionOperator implements AutoCloseable {

    private final Operator operator;
    private final PrometheusAutoscaler autoscaler;
    private final boolean leaderElection;
    private final Runnable leadershipLost;
    private final KubernetesClient client;
    private final Set<String> watchNamespaces;
    private volatile boolean started;
    private volatile boolean leading;
    private volatile boolean lostLease;
    private volatile boolean closing;
    /** The longest one Prometheus query may take. */
    private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(5);

    /** An operator whose lost leadership only shows in {@link #health()}. */
    public FunctionOperator(KubernetesClient client, OperatorConfig config) {
        this(client, config, () -> { });
    }

    /**
     * @param leadershipLost what to do once this replica has lost its lease (it can never lead again): exit
     */
    public FunctionOperator(KubernetesClient client, OperatorConfig config, Runnable leadershipLost) {
        this.leadershipLost = leadershipLost;
        this.client = client;
        this.watchNamespaces = config.watchNamespaces();
        Duration lease = config.leaseDuration();
        OperatorConfig.Autoscaling scaling = config.autoscaling();
        this.autoscaler = scaling.enabled()
                ? new PrometheusAutoscaler(client, new PrometheusClient(scaling.prometheus(), PROMETHEUS_TIMEOUT),
                        scaling, config.watchNamespaces(), Clock.systemUTC())
                : null;
        this.leaderElection = config.leaderElection();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    // one write path, the one the tests run: children are created and updated with their
                    // resourceVersion, the status is merge-patched by the reconciler (no server-side apply)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false);
            if (config.leaderElection()) {
                // renew well before the lease runs out, retry often: the ratios of client-go's defaults (15s/10s/2s)
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(config.leaseName(),
                        config.leaseNamespace(), lease, lease.multipliedBy(2).dividedBy(3),
                        lease.dividedBy(7), config.identity(),
                        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, leader -> { }), false));
            }
        });
        FunctionReconciler reconciler = new FunctionReconciler(
                new FunctionDefaults(config.imagePullPolicy(), config.setNonRootUser(),
                        config.syncTransport()),
                Clock.systemUTC());
        operator.register(reconciler, c -> {
            if (config.watchNamespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.watchNamespaces());
            }
        });
    }

    /**
     * Starts the informers; with leader election the reconciler runs once this replica holds the lease.
     *
     * @throws RuntimeException when the operator cannot start (the CRD or a permission missing, no API server)
     */
    public void start() {
        OldFinalizers.removeFromAll(client, watchNamespaces);
        operator.start();
        started = true;
        if (autoscaler != null && !leaderElection) {
            autoscaler.start();
        }
    }

    private void startedLeading() {
        leading = true;
        if (autoscaler != null) {
            autoscaler.start();
        }
    }

    private void stoppedLeading() {
        boolean wasLeading = leading;
        leading = false;
        if (autoscaler != null) {
            autoscaler.stop();
        }
        if (wasLeading && !closing) {
            lostLease = true;
            leadershipLost.run();
        }
    }

    /** Whether this replica holds the lease (always true without leader election, once started). */
    public boolean leading() {
        return leaderElection ? leading : started;
    }

    /**
     * Why this replica is not healthy: not started yet, its lease lost (it would never reconcile again), or informers
     * that cannot list or watch; empty when healthy. A replica waiting for the lease is healthy.
     */
    public Optional<String> health() {
        if (!started) {
            return Optional.of("the operator has not started");
        }
        if (lostLease) {
            return Optional.of("lost the leader lease; this replica will never lead again");
        }
        if (!operator.getRuntimeInfo().allEventSourcesAreHealthy()) {
            Map<String, ? extends Map<String, ?>> unhealthy = operator.getRuntimeInfo().unhealthyEventSources();
            return Optional.of("informers not healthy: " + unhealthy.values().stream()
                    .flatMap(m -> m.keySet().stream()).sorted().toList());
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        closing = true;
        started = false;
        if (autoscaler != null) {
            autoscaler.close();
        }
        operator.stop();
    }
}
