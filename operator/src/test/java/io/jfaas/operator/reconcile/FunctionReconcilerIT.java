package io.jfaas.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.crd.AutoscalerDecision;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceStatus;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One reconcile at a time, with the informers' view given by the test (so that it can be stale), against the mock
 * server behind the chart's RBAC: what a reconcile on an out-of-date cache does to replicas and to the autoscaler's
 * status, and how a child the API server refuses ends up in the status.
 */
class FunctionReconcilerIT {

    static final String NS = "openfaas-fn";

    AuthorizedCluster cluster;
    KubernetesClient admin;
    final FunctionReconciler reconciler = new FunctionReconciler(FunctionDefaults.OPENFAAS, Clock.systemUTC());

    @BeforeEach
    void start() {
        cluster = AuthorizedCluster.withChartDefaults();
        admin = cluster.admin();
    }

    @AfterEach
    void stop() {
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    /** A JOSDK context whose informers hold {@code cached}, and whose client is the operator's service account. */
    @SuppressWarnings("unchecked")
    Context<FunctionResource> context(HasMetadata... cached) {
        return (Context<FunctionResource>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getClient" -> cluster.operator();
                    case "getSecondaryResources" -> Set.copyOf(List.of(cached).stream()
                            .filter(((Class<?>) args[0])::isInstance).toList());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    FunctionResource fresh(String name) {
        return admin.resources(FunctionResource.class).inNamespace(NS).withName(name).get();
    }

    Deployment deployment(String name) {
        return admin.apps().deployments().inNamespace(NS).withName(name).get();
    }

    @Test
    void a_reconcile_on_a_stale_copy_fails_with_a_conflict_instead_of_taking_replicas_back() {
        admin.resource(Functions.function("hello", "img:1")).create();
        reconciler.reconcile(fresh("hello"), context());
        Deployment stale = deployment("hello");
        assertThat(stale.getSpec().getReplicas()).isEqualTo(1);
        Service service = admin.services().inNamespace(NS).withName("hello").get();

        // the autoscaler scales it to zero through the scale subresource
        admin.apps().deployments().inNamespace(NS).withName("hello").scale(0);
        admin.resources(FunctionResource.class).inNamespace(NS).withName("hello").edit(f -> {
            f.getSpec().setImage("img:2");
            return f;
        });

        assertThatThrownBy(() -> reconciler.reconcile(fresh("hello"), context(stale, service)))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(deployment("hello").getSpec().getReplicas()).isZero();

        // JOSDK retries with the informers caught up: the spec is applied, the replicas stay the scaler's
        reconciler.reconcile(fresh("hello"), context(deployment("hello"), service));
        assertThat(deployment("hello").getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                .isEqualTo("img:2");
        assertThat(deployment("hello").getSpec().getReplicas()).isZero();
    }

    @Test
    void a_reconcile_never_writes_the_autoscalers_status_back() {
        admin.resource(Functions.function("hello", "img:1")).create();
        FunctionResource staleCopy = fresh("hello");
        AutoscalerDecision decision = new AutoscalerDecision();
        decision.setDesiredReplicas(4);
        decision.setReplicas(1);
        decision.setReason("the autoscaler's latest");
        FunctionResourceStatus byAutoscaler = new FunctionResourceStatus();
        byAutoscaler.setAutoscaler(decision);
        FunctionResource written = fresh("hello");
        written.setStatus(byAutoscaler);
        admin.resource(written).updateStatus();

        // the cache still has the Function without the decision
        reconciler.reconcile(staleCopy, context());

        FunctionResourceStatus status = fresh("hello").getStatus();
        assertThat(status.condition(FunctionResourceStatus.READY).getStatus()).isEqualTo("True");
        assertThat(status.getAutoscaler()).isNotNull();
        assertThat(status.getAutoscaler().getReason()).isEqualTo("the autoscaler's latest");
        assertThat(FunctionReconciler.statusPatch(status)).doesNotContain("autoscaler");
    }

    @Test
    void the_finalizer_of_earlier_versions_is_removed_so_that_deleting_never_waits_for_an_operator() {
        FunctionResource old = Functions.function("hello", "img:1");
        old.getMetadata().setFinalizers(List.of(OldFinalizers.NAME));
        admin.resource(old).create();

        reconciler.reconcile(fresh("hello"), context());

        assertThat(fresh("hello").getMetadata().getFinalizers()).isEmpty();
        assertThat(deployment("hello")).isNotNull();
        admin.resources(FunctionResource.class).inNamespace(NS).withName("hello").delete();
        assertThat(fresh("hello")).isNull();
    }

    @Test
    void a_child_the_api_server_refuses_is_a_ready_false_condition_with_the_servers_message() {
        String message = "Deployment.apps \"hello\" is invalid: spec.template.spec.containers[0].image: Invalid value";
        cluster.server().expect().post().withPath("/apis/apps/v1/namespaces/openfaas-fn/deployments")
                .andReturn(422, new StatusBuilder().withCode(422).withStatus("Failure").withReason("Invalid")
                        .withMessage(message).build()).once();
        admin.resource(Functions.function("hello", "img:1")).create();

        reconciler.reconcile(fresh("hello"), context());

        FunctionResourceStatus status = fresh("hello").getStatus();
        assertThat(status.condition(FunctionResourceStatus.READY).getStatus()).isEqualTo("False");
        assertThat(status.condition(FunctionResourceStatus.READY).getReason()).isEqualTo("InvalidSpec");
        assertThat(status.condition(FunctionResourceStatus.READY).getMessage()).isEqualTo(message);
        assertThat(deployment("hello")).isNull();
    }
}
