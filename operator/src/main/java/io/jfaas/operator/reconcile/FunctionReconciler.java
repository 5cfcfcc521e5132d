package io.jfaas.operator.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceStatus;
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
 * leaves the running Deployment alone and says why in the {@code Ready} condition, and so does a child the API server
 * refuses (422). There is no finalizer: the children's owner references let Kubernetes' garbage collector delete them
 * with the Function, even while the operator is down. Replicas are set on create and raised to the minimum; otherwise
 * the scale subresource (the autoscaler, the scale API) owns them, and an update based on a stale copy fails with a
 * conflict instead of taking them back.
 */
public final class FunctionReconciler implements Reconciler<FunctionResource> {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);
    /** How soon a Function with a problem (e.g. a secret not created yet) is tried again. */
    static final Duration RETRY_PROBLEM = Duration.ofSeconds(10);
    private static final int HTTP_UNPROCESSABLE = 422;

    private final FunctionDefaults defaults;
    private final Clock clock;

    /**
     * @param defaults the pods' defaults
     */
    public FunctionReconciler(FunctionDefaults defaults, Clock clock) {
        this.defaults = defaults;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, FunctionResource>> prepareEventSources(EventSourceContext<FunctionResource> context) {
        // children map back to their Function through the owner reference
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration
                        .from(Deployment.class, FunctionResource.class)
                        .withName("deployments").build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration
                        .from(Service.class, FunctionResource.class)
                        .withName("services").build(), context));
    }

    @Override
    public UpdateControl<FunctionResource> reconcile(FunctionResource function, Context<FunctionResource> context) {
        KubernetesClient client = context.getClient();
        OldFinalizers.remove(client, function);
        String name = Children.name(function);
        // tolerate children of another name (left by an earlier spec.name): only ours are looked at
        Optional<Deployment> current = context.getSecondaryResources(Deployment.class).stream()
                .filter(d -> name.equals(d.getMetadata().getName())).findFirst();
        Optional<Service> currentService = context.getSecondaryResources(Service.class).stream()
                .filter(s -> name.equals(s.getMetadata().getName())).findFirst();
        FunctionResourceStatus previous = function.getStatus() == null
                ? new FunctionResourceStatus() : function.getStatus();
        Deployment deployment = current.orElse(null);
        Condition ready;
        boolean problem = false;
        try {
            requireMatchingNames(function);
            Deployment desired = DesiredDeployment.build(function, defaults,
                    current.map(d -> d.getSpec().getReplicas()).orElse(null), secretTypes(client, function));
            deployment = apply(client, desired, current.orElse(null));
            apply(client, DesiredService.build(function), currentService.orElse(null));
            ready = condition(previous, FunctionResourceStatus.READY, true, "Synced", "Function synced successfully");
        } catch (SpecProblem e) {
            LOG.info("Function {}/{}: {}", function.getMetadata().getNamespace(), function.getMetadata().getName(),
                    e.getMessage());
            ready = condition(previous, FunctionResourceStatus.READY, false, e.reason(), e.getMessage());
            problem = true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != HTTP_UNPROCESSABLE) {
                throw e;
            }
            // the API server refused a child: the spec is the problem, and the server's message says why
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : e.getMessage();
            LOG.info("Function {}/{}: refused by the API server: {}", function.getMetadata().getNamespace(),
                    function.getMetadata().getName(), message);
            ready = condition(previous, FunctionResourceStatus.READY, false, SpecProblem.INVALID_SPEC, message);
            problem = true;
        }
        FunctionResourceStatus status = status(function, previous, deployment, ready);
        if (!sameStatus(previous, status)) {
            patchStatus(client, function, status);
        }
        return problem ? UpdateControl.<FunctionResource>noUpdate().rescheduleAfter(RETRY_PROBLEM)
                : UpdateControl.noUpdate();
    }

    /** The status from the Deployment (null when there is none) and the Ready condition; never the autoscaler's. */
    private FunctionResourceStatus status(FunctionResource function, FunctionResourceStatus previous,
                                          Deployment deployment, Condition ready) {
        FunctionResourceStatus status = new FunctionResourceStatus();
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
                ? condition(previous, FunctionResourceStatus.HEALTHY, true, "AllReplicasAvailable",
                        available + " of " + replicas + " replicas available")
                : condition(previous, FunctionResourceStatus.HEALTHY, false, "ReplicasUnavailable",
                        available + " of " + replicas + " replicas available"));
        status.setObservedGeneration(function.getMetadata().getGeneration());
        return status;
    }

    /**
     * The one place the status is written: a JSON merge patch of the fields the reconciler owns, from a fresh object.
     * {@code status.autoscaler} is not in it, so a reconcile never writes back a decision it read from a stale cache.
     */
    private static void patchStatus(KubernetesClient client, FunctionResource function, FunctionResourceStatus status) {
        client.resources(FunctionResource.class).inNamespace(function.getMetadata().getNamespace())
                .withName(function.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), statusPatch(status));
    }

    /** The merge patch of {@code status}: {@code {"status": {...}}} without {@code autoscaler}. */
    static String statusPatch(FunctionResourceStatus status) {
        ObjectNode patch = Serialization.jsonMapper().createObjectNode();
        ObjectNode fields = patch.putObject("status");
        fields.set("conditions", Serialization.jsonMapper().valueToTree(status.getConditions()));
        fields.put("replicas", status.getReplicas());
        fields.put("availableReplicas", status.getAvailableReplicas());
        fields.put("unavailableReplicas", status.getUnavailableReplicas());
        fields.put("observedGeneration", status.getObservedGeneration());
        return patch.toString();
    }

    /** Children are named after {@code spec.name}: it must be {@code metadata.name} (the CRD's rule says so too). */
    private static void requireMatchingNames(FunctionResource function) throws SpecProblem {
        String specName = function.getSpec().getName();
        if (specName != null && !specName.isBlank() && !specName.equals(function.getMetadata().getName())) {
            throw new SpecProblem(SpecProblem.INVALID_NAME, "spec.name: \"" + specName
                    + "\" must equal metadata.name \"" + function.getMetadata().getName() + "\"");
        }
    }

    private static Map<String, String> secretTypes(KubernetesClient client, FunctionResource function) {
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

    private Condition condition(FunctionResourceStatus previous, String type, boolean ok, String reason,
                                String message) {
        String status = ok ? "True" : "False";
        Condition before = previous.condition(type);
        String since = before != null && status.equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime() : Instant.now(clock).toString();
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).build();
    }

    private static boolean sameStatus(FunctionResourceStatus a, FunctionResourceStatus b) {
        return Objects.equals(a.getReplicas(), b.getReplicas())
                && Objects.equals(a.getAvailableReplicas(), b.getAvailableReplicas())
                && Objects.equals(a.getUnavailableReplicas(), b.getUnavailableReplicas())
                && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration())
                && Objects.equals(a.getConditions(), b.getConditions());
    }
}
