package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfaas.operator.crd.FunctionResource;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The finalizer earlier versions put on every Function ({@value #NAME}, JOSDK's default name). It makes deleting a
 * Function wait for an operator, and the reconciler, which uses no finalizer, is never called for a Function already
 * being deleted: so it is removed at start-up from every Function that has it (deleting ones included, which then
 * go), and by the reconciler from any an older operator adds meanwhile.
 */
public final class OldFinalizers {

    /** The finalizer's name. */
    public static final String NAME = "functions.openfaas.com/finalizer";

    private static final Logger LOG = LoggerFactory.getLogger(OldFinalizers.class);

    private OldFinalizers() {
    }

    /**
     * Removes the finalizer from every Function of these namespaces (all when empty) that has it; a failure is logged,
     * not thrown (the reconciler removes it from the others).
     *
     * @return how many Functions it was removed from
     */
    public static int removeFromAll(KubernetesClient client, Set<String> namespaces) {
        int removed = 0;
        try {
            List<FunctionResource> functions = namespaces.isEmpty()
                    ? client.resources(FunctionResource.class).inAnyNamespace().list().getItems()
                    : namespaces.stream().flatMap(ns -> client.resources(FunctionResource.class).inNamespace(ns).list()
                            .getItems().stream()).toList();
            for (FunctionResource function : functions) {
                if (remove(client, function)) {
                    removed++;
                }
            }
        } catch (KubernetesClientException e) {
            LOG.warn("cannot remove the finalizer {} of earlier versions from Functions: {}", NAME, e.getMessage());
        }
        if (removed > 0) {
            LOG.info("removed the finalizer {} of earlier versions from {} Function(s)", NAME, removed);
        }
        return removed;
    }

    /**
     * Removes it from this Function, if it has it, with an update of the version read (a newer one fails with a
     * conflict: the caller tries again later).
     *
     * @return whether it was removed
     */
    static boolean remove(KubernetesClient client, FunctionResource function) {
        if (!function.getMetadata().getFinalizers().contains(NAME)) {
            return false;
        }
        FunctionResource without = client.resources(FunctionResource.class)
                .inNamespace(function.getMetadata().getNamespace())
                .withName(function.getMetadata().getName()).get();
        if (without == null || !without.getMetadata().getResourceVersion()
                .equals(function.getMetadata().getResourceVersion())) {
            return false;
        }
        without.getMetadata().getFinalizers().remove(NAME);
        client.resource(without).update();
        return true;
    }
}
