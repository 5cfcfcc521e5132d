package io.jfaas.operator.provider;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfaas.model.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which namespaces hold functions: the default one, and every namespace annotated {@code openfaas: "1"} (or
 * {@code "true"}) that the operator watches (all of them in the chart's {@code clusterRole} mode, as OpenFaaS's
 * multi-namespace mode); never {@code kube-system}. A request's namespace is its {@code namespace} query parameter,
 * else the one in its body, else the default.
 */
final class Namespaces {

    static final String ANNOTATION = "openfaas";

    private final KubernetesClient client;
    private final String defaultNamespace;
    private final Set<String> watched;

    /**
     * @param watched the namespaces the operator reconciles ({@code JFAAS_WATCH_NAMESPACES}); empty for all
     */
    Namespaces(KubernetesClient client, String defaultNamespace, Set<String> watched) {
        this.client = client;
        this.defaultNamespace = defaultNamespace;
        this.watched = Set.copyOf(watched);
    }

    private boolean isWatched(String namespace) {
        return watched.isEmpty() || watched.contains(namespace);
    }

    String defaultNamespace() {
        return defaultNamespace;
    }

    /** Whether the operator watches every namespace (the chart's clusterRole), so namespaces can be managed. */
    boolean watchesAll() {
        return watched.isEmpty();
    }

    /** The namespaces the operator reconciles, sorted; empty for all. */
    List<String> watched() {
        return watched.stream().sorted().toList();
    }

    /** Whether this Namespace takes functions: the default one, or watched and annotated openfaas=1. */
    boolean isFunctionNamespace(Namespace namespace) {
        String name = namespace.getMetadata().getName();
        return name.equals(defaultNamespace)
                || !Names.FORBIDDEN_NAMESPACE.equals(name) && isWatched(name) && optedIn(namespace);
    }

    /** The namespace of a request, checked: 400 when it is invalid, kube-system, or not opted in. */
    String resolve(Map<String, String> query, String fromBody) {
        String fromQuery = query.get("namespace");
        String namespace = notBlank(fromQuery) ? fromQuery.trim() : notBlank(fromBody) ? fromBody.trim()
                : defaultNamespace;
        Names.namespaceProblem(namespace).ifPresent(problem -> {
            throw ApiError.badRequest(problem);
        });
        if (!namespace.equals(defaultNamespace)) {
            if (!isWatched(namespace)) {
                throw ApiError.badRequest("namespace " + namespace + " is not a function namespace: the operator"
                        + " reconciles only " + watched.stream().sorted().toList()
                        + " (install the chart with clusterRole=true for every namespace annotated " + ANNOTATION
                        + "=1)");
            }
            Namespace found = client.namespaces().withName(namespace).get();
            if (found == null || !optedIn(found)) {
                throw ApiError.badRequest("namespace " + namespace + " is not a function namespace: annotate it with "
                        + ANNOTATION + "=1, or use " + defaultNamespace);
            }
        }
        return namespace;
    }

    /** The default namespace first, then the opted-in ones by name. */
    List<String> list() {
        List<String> names = new ArrayList<>();
        names.add(defaultNamespace);
        try {
            client.namespaces().list().getItems().stream()
                    .filter(Namespaces::optedIn)
                    .map(n -> n.getMetadata().getName())
                    .filter(n -> !n.equals(defaultNamespace) && !n.equals(Names.FORBIDDEN_NAMESPACE))
                    .filter(this::isWatched)
                    .sorted()
                    .forEach(names::add);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            // without a ClusterRole only the default namespace is visible
        }
        return names;
    }

    private static boolean optedIn(Namespace namespace) {
        Map<String, String> annotations = namespace.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(ANNOTATION);
        return "1".equals(value) || "true".equalsIgnoreCase(value);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
