package io.jfaas.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.jfaas.operator.reconcile.FunctionDefaults;
import io.jfaas.operator.reconcile.FunctionReconciler;
import io.jfaas.operator.scaling.Autoscaler;
import io.jfaas.operator.scaling.PrometheusClient;
import java.time.Clock;
import java.time.Duration;

/**
 * The JOSDK operator running the {@link FunctionReconciler}, configured from {@link OperatorConfig}, and the
 * {@link Autoscaler} (unless {@code JFAAS_AUTOSCALE=false}); with leader election both run on the leader only.
 */
public final class FunctionOperator implements AutoCloseable {

    private final Operator operator;
    private final Autoscaler autoscaler;
    private final boolean leaderElection;
    /** The longest one Prometheus query may take. */
    private static final Duration PROMETHEUS_TIMEOUT = Duration.ofSeconds(5);

    public FunctionOperator(KubernetesClient client, OperatorConfig config) {
        Duration lease = config.leaseDuration();
        OperatorConfig.Autoscaling scaling = config.autoscaling();
        this.autoscaler = scaling.enabled()
                ? new Autoscaler(client, new PrometheusClient(scaling.prometheus(), PROMETHEUS_TIMEOUT), scaling,
                        config.watchNamespaces(), Clock.systemUTC())
                : null;
        this.leaderElection = config.leaderElection();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply());
            if (config.leaderElection()) {
                // renew well before the lease runs out, retry often: the ratios of client-go's defaults (15s/10s/2s)
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(config.leaseName(),
                        config.leaseNamespace(), lease, lease.multipliedBy(2).dividedBy(3),
                        lease.dividedBy(7), config.identity(), autoscaler == null ? null
                        : new LeaderCallbacks(autoscaler::start, autoscaler::stop, leader -> { }), false));
            }
        });
        FunctionReconciler reconciler = new FunctionReconciler(
                new FunctionDefaults(config.imagePullPolicy(), FunctionDefaults.OPENFAAS.runAsUser(),
                        config.syncTransport()),
                config.serverSideApply(), Clock.systemUTC());
        operator.register(reconciler, c -> {
            if (config.watchNamespaces().isEmpty()) {
                c.watchingAllNamespaces();
            } else {
                c.settingNamespaces(config.watchNamespaces());
            }
        });
    }

    /** Starts the informers; with leader election the reconciler runs once this replica holds the lease. */
    public void start() {
        operator.start();
        if (autoscaler != null && !leaderElection) {
            autoscaler.start();
        }
    }

    @Override
    public void close() {
        if (autoscaler != null) {
            autoscaler.close();
        }
        operator.stop();
    }
}
