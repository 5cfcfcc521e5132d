package io.jfaas.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.jfaas.operator.reconcile.FunctionDefaults;
import io.jfaas.operator.reconcile.FunctionReconciler;
import java.time.Clock;
import java.time.Duration;

/** The JOSDK operator running the {@link FunctionReconciler}, configured from {@link OperatorConfig}. */
public final class FunctionOperator implements AutoCloseable {

    private final Operator operator;

    public FunctionOperator(KubernetesClient client, OperatorConfig config) {
        Duration lease = config.leaseDuration();
        this.operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(config.serverSideApply())
                    .withSSABasedCreateUpdateMatchForDependentResources(config.serverSideApply());
            if (config.leaderElection()) {
                // renew well before the lease runs out, retry often: the ratios of client-go's defaults (15s/10s/2s)
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(config.leaseName(),
                        config.leaseNamespace(), lease, lease.multipliedBy(2).dividedBy(3),
                        lease.dividedBy(7), config.identity(), null, false));
            }
        });
        FunctionReconciler reconciler = new FunctionReconciler(
                new FunctionDefaults(config.imagePullPolicy(), FunctionDefaults.OPENFAAS.runAsUser()),
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
    }

    @Override
    public void close() {
        operator.stop();
    }
}
