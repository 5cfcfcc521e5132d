package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jfaas.model.Labels;
import io.jfaas.operator.crd.FunctionResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Names, labels and ports every child of a Function gets: one place for each. */
public final class Children {

    /** The watchdog's HTTP port: the container port and the Service port. */
    public static final int HTTP_PORT = 8080;
    /** The watchdog's metrics port, scraped by Prometheus (never a Service port). */
    public static final int METRICS_PORT = 8081;
    /** Where secrets are mounted, one file per key: {@code /var/openfaas/secrets/<name>} for API-created secrets. */
    public static final String SECRETS_PATH = "/var/openfaas/secrets";
    /** The label on Secrets created through the provider API; listings show only these. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "jfaas";
    /** The field manager of server-side apply. */
    public static final String FIELD_MANAGER = "jfaas-operator";

    private Children() {
    }

    /** The Deployment's and the Service's name: {@code spec.name}, falling back to {@code metadata.name}. */
    public static String name(FunctionResource function) {
        String name = function.getSpec() == null ? null : function.getSpec().getName();
        return name == null || name.isBlank() ? function.getMetadata().getName() : name;
    }

    /** The selector of the Deployment and the Service. */
    public static Map<String, String> selector(FunctionResource function) {
        return Map.of(Labels.FAAS_FUNCTION, name(function));
    }

    /**
     * Labels of the Deployment and its pods: the spec's labels, then {@code faas_function}, {@code app} and
     * {@code controller} (OpenFaaS's operator), which a spec label cannot override.
     */
    public static Map<String, String> labels(FunctionResource function) {
        Map<String, String> labels = new LinkedHashMap<>(function.getSpec().getLabels());
        labels.put(Labels.FAAS_FUNCTION, name(function));
        labels.put("app", name(function));
        labels.put("controller", function.getMetadata().getName());
        return labels;
    }

    /** The projected volume holding the function's secrets. */
    public static String secretsVolume(FunctionResource function) {
        return name(function) + "-projected-secrets";
    }

    /**
     * True when {@code current} already has what {@code desired} sets: labels, annotations and spec (for a Service,
     * the fields the API server fills in, cluster IPs, are taken from {@code current} first).
     */
    static <T extends HasMetadata> boolean matches(T desired, T current) {
        if (!Objects.equals(desired.getMetadata().getLabels(), current.getMetadata().getLabels())
                || !Objects.equals(desired.getMetadata().getAnnotations(), current.getMetadata().getAnnotations())) {
            return false;
        }
        if (desired instanceof Deployment d && current instanceof Deployment c) {
            return Objects.equals(d.getSpec(), c.getSpec());
        }
        if (desired instanceof Service d && current instanceof Service c) {
            d.getSpec().setClusterIP(c.getSpec().getClusterIP());
            d.getSpec().setClusterIPs(c.getSpec().getClusterIPs());
            return Objects.equals(d.getSpec(), c.getSpec());
        }
        return false;
    }

    /** The owner reference that makes the Function the child's controller (Kubernetes deletes the child with it). */
    public static OwnerReference owner(FunctionResource function) {
        return new OwnerReferenceBuilder()
                .withApiVersion(function.getApiVersion())
                .withKind(function.getKind())
                .withName(function.getMetadata().getName())
                .withUid(function.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
