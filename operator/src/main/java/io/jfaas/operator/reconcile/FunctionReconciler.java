package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.jfaas.operator.crd.Function;
import io.jfaas.operator.crd.FunctionStatus;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Function → Deployment + Service, and the Function's status from the Deployment. Every change to a Function or to
 * one of its children (a Deployment edited by hand, a rollout's progress) reconciles the Function again, which puts
 * the children back to what the spec asks for. A spec that cannot be deployed (a missing secret, an invalid quantity)
 * leaves the running Deployment alone and says why in the {@code Ready} condition.
 */
public final class FunctionReconciler implements Reconciler<Function>, Cleaner<Function> {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);
    /** How soon a Function with a problem (e.g. a secret not created yet) is tried again. */
    static final Duration RETRY_PROBLEM = Duration.ofSeconds(10);

    private final FunctionDefaults defaults;
    private final boolean serverSideApply;
    private final Clock clock;

    /**
     * @param defaults        the pods' defaults
     * @param serverSideApply apply children with server-side apply (production); off, create or update them with
     *                        optimistic locking (fabric8's mock server has no server-side apply)
     */
    public FunctionReconciler(FunctionDefaults defaults, boolean serverSideApply, Clock clock) {
        this.defaults = defaults;
        this.serverSideApply = serverSideApply;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
        // children map back to their Function through the owner reference
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Deployment.class, Function.class)
                        .withName("deployments").build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Service.class, Function.class)
                        .withName("services").build(), context));
    }

    @Override
    public UpdateControl<Function> reconcile(Function function, Context<Function> context) {
        KubernetesClient client = context.getClient();
        Optional<Deployment> current = context.getSecondaryResource(Deployment.class);
        FunctionStatus status = new FunctionStatus();
        FunctionStatus previous = function.getStatus() == null ? new FunctionStatus() : function.getStatus();
        Deployment deployment = current.orElse(null);
        Condition ready;
        boolean problem = false;
        try {
            Deployment desired = DesiredDeployment.build(function, defaults,
                    current.map(d -> d.getSpec().getReplicas()).orElse(null), secretTypes(client, function));
            deployment = apply(client, desired, current.orElse(null));
            apply(client, DesiredService.build(function), context.getSecondaryResource(Service.class).orElse(null));
            ready = condition(previous, FunctionStatus.READY, true, "Synced", "Function synced successfully");
        } catch (SpecProblem e) {
            LOG.info("Function {}/{}: {}", function.getMetadata().getNamespace(), function.getMetadata().getName(),
                    e.getMessage());
            ready = condition(previous, FunctionStatus.READY, false, e.reason(), e.getMessage());
            problem = true;
        }
        status.getConditions().add(ready);
        int replicas = deployment == null || deployment.getSpec().getReplicas() == null ? 0
                : deployment.getSpec().getReplicas();
        int available = deployment == null || deployment.getStatus() == null
                || deployment.getStatus().getAvailableReplicas() == null ? 0
                : deployment.getStatus().getAvailableReplicas();
        status.setReplicas(replicas);
        status.setAvailableReplicas(available);
        status.setUnavailableReplicas(Math.max(0, replicas - available));
        status.getConditions().add(available >= replicas
                ? condition(previous, FunctionStatus.HEALTHY, true, "AllReplicasAvailable",
                        available + " of " + replicas + " replicas available")
                : condition(previous, FunctionStatus.HEALTHY, false, "ReplicasUnavailable",
                        available + " of " + replicas + " replicas available"));
        status.setObservedGeneration(function.getMetadata().getGeneration());
        // the autoscaler writes this field; a reconcile keeps it
        status.setAutoscaler(previous.getAutoscaler());

        UpdateControl<Function> control;
        if (sameStatus(previous, status)) {
            control = UpdateControl.noUpdate();
        } else {
            function.setStatus(status);
            control = UpdateControl.patchStatus(function);
        }
        return problem ? control.rescheduleAfter(RETRY_PROBLEM) : control;
    }

    @Override
    public DeleteControl cleanup(Function function, Context<Function> context) {
        // owner references let Kubernetes collect the children too; deleting them here does not wait for that
        KubernetesClient client = context.getClient();
        String namespace = function.getMetadata().getNamespace();
        String name = Children.name(function);
        context.getSecondaryResource(Deployment.class)
                .ifPresent(d -> client.apps().deployments().inNamespace(namespace).withName(name).delete());
        context.getSecondaryResource(Service.class)
                .ifPresent(s -> client.services().inNamespace(namespace).withName(name).delete());
        return DeleteControl.defaultDelete();
    }

    private static Map<String, String> secretTypes(KubernetesClient client, Function function) {
        Map<String, String> types = new HashMap<>();
        for (String name : function.getSpec().getSecrets()) {
            Secret secret = client.secrets().inNamespace(function.getMetadata().getNamespace()).withName(name).get();
            if (secret != null) {
                types.put(name, secret.getType() == null ? "Opaque" : secret.getType());
            }
        }
        return types;
    }

    /**
     * Applies {@code desired}; returns what the cluster holds afterwards. {@code current} is the informer's copy, null
     * when it has none (not created yet, or the informer has not caught up with our own create). A same-named object
     * the Function does not own is never taken over.
     */
    private <T extends HasMetadata> T apply(KubernetesClient client, T desired, T current) throws SpecProblem {
        if (serverSideApply) {
            if (current == null) {
                requireOwned(desired, client.resource(desired).get());
            }
            return client.resource(desired).fieldManager(Children.FIELD_MANAGER).forceConflicts().serverSideApply();
        }
        if (current == null) {
            try {
                return client.resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
                current = client.resource(desired).get();
                if (current == null) {
                    throw e;
                }
                requireOwned(desired, current);
            }
        }
        if (Children.matches(desired, current)) {
            return current;
        }
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        return client.resource(desired).update();
    }

    private static void requireOwned(HasMetadata desired, HasMetadata existing) throws SpecProblem {
        String uid = desired.getMetadata().getOwnerReferences().getFirst().getUid();
        if (existing != null && existing.getMetadata().getOwnerReferences().stream()
                .noneMatch(o -> Objects.equals(uid, o.getUid()))) {
            throw new SpecProblem(SpecProblem.RESOURCE_EXISTS, desired.getKind() + " \"" + desired.getMetadata().getName()
                    + "\" already exists and is not managed by this Function");
        }
    }

    private Condition condition(FunctionStatus previous, String type, boolean ok, String reason, String message) {
        String status = ok ? "True" : "False";
        Condition before = previous.condition(type);
        String since = before != null && status.equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime() : Instant.now(clock).toString();
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).build();
    }

    private static boolean sameStatus(FunctionStatus a, FunctionStatus b) {
        return Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getConditions(), b.getConditions());
    }
}
