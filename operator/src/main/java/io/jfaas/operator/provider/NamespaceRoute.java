package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jfaas.model.FunctionNamespace;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.reconcile.Children;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /system/namespace/NAME}: the function namespaces as Kubernetes Namespaces, the same answers as local mode.
 * GET: 200 with the labels and annotations of a namespace that takes functions ({@link Namespaces#isFunctionNamespace}),
 * else 404. POST creates a Namespace annotated {@code openfaas=1} (201, 409 when one of that name exists); PUT replaces
 * its labels and annotations, keeping Kubernetes' own {@code kubernetes.io/metadata.name} and the opt-in (202);
 * DELETE deletes an empty one (202; 409 while Functions or the platform's Secrets are in it; 400 for the default
 * namespace). Creating, changing and deleting need the chart's {@code clusterRole} (the operator then watches every
 * namespace); without it they are 400 naming the value.
 */
final class NamespaceRoute extends Route {

    static final String PATH = "/system/namespace/";
    private static final String METADATA_NAME = "kubernetes.io/metadata.name";

    private final KubernetesClient client;
    private final Namespaces namespaces;
    private final ObjectMapper mapper;

    NamespaceRoute(KubernetesClient client, Namespaces namespaces, ObjectMapper mapper) {
        super("GET", "POST", "PUT", "DELETE");
        this.client = client;
        this.namespaces = namespaces;
        this.mapper = mapper;
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        String fromPath = exchange.getRequestURI().getPath().substring(PATH.length());
        switch (exchange.getRequestMethod()) {
            case "GET" -> {
                Namespace found = functionNamespace(checked(fromPath, exchange.getRequestMethod()));
                Exchanges.json(exchange, mapper, 200, new FunctionNamespace(fromPath,
                        found.getMetadata().getAnnotations(), found.getMetadata().getLabels()));
            }
            case "POST" -> {
                FunctionNamespace namespace = body(exchange, fromPath);
                managed(namespace.name());
                if (client.namespaces().withName(namespace.name()).get() != null) {
                    throw new ApiError(409, "namespace " + namespace.name() + " already exists: change its labels"
                            + " and annotations with PUT /system/namespace/" + namespace.name());
                }
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace.name())
                        .withLabels(namespace.labels()).withAnnotations(optedIn(namespace.annotations()))
                        .endMetadata().build()).create();
                Exchanges.empty(exchange, 201);
            }
            case "PUT" -> {
                FunctionNamespace namespace = body(exchange, checked(fromPath, exchange.getRequestMethod()));
                Namespace current = functionNamespace(namespace.name());
                managed(namespace.name());
                Map<String, String> labels = new LinkedHashMap<>(namespace.labels());
                labels.put(METADATA_NAME, namespace.name());
                current.getMetadata().setLabels(labels);
                current.getMetadata().setAnnotations(optedIn(namespace.annotations()));
                client.namespaces().resource(current).update();
                Exchanges.empty(exchange, 202);
            }
            default -> {
                String name = checked(fromPath, exchange.getRequestMethod());
                if (name.equals(namespaces.defaultNamespace())) {
                    throw ApiError.badRequest("namespace " + name + " is the default namespace and cannot be"
                            + " deleted");
                }
                functionNamespace(name);
                managed(name);
                List<String> held = new ArrayList<>();
                client.resources(FunctionResource.class).inNamespace(name).list().getItems().stream()
                        .map(f -> "function " + f.getMetadata().getName()).sorted().forEach(held::add);
                client.secrets().inNamespace(name).withLabel(Children.MANAGED_BY, Children.MANAGED_BY_VALUE).list()
                        .getItems().stream().map(s -> "secret " + s.getMetadata().getName()).sorted()
                        .forEach(held::add);
                if (!held.isEmpty()) {
                    throw new ApiError(409, "namespace " + name + " still holds " + String.join(", ", held)
                            + ": remove them first");
                }
                client.namespaces().withName(name).delete();
                Exchanges.empty(exchange, 202);
            }
        }
    }

    /** The Namespace of a function namespace; 404 for any other name. */
    private Namespace functionNamespace(String name) {
        Namespace found = client.namespaces().withName(name).get();
        if (found == null || !namespaces.isFunctionNamespace(found)) {
            throw ApiError.notFound("namespace " + name + " not found");
        }
        return found;
    }

    /** 400 unless the operator may manage namespaces (the chart's clusterRole: it watches every namespace). */
    private void managed(String name) {
        if (!namespaces.watchesAll()) {
            throw ApiError.badRequest("namespace " + name + " cannot be managed here: the operator reconciles only "
                    + namespaces.watched() + "; install the chart with clusterRole=true to manage namespaces");
        }
    }

    private static Map<String, String> optedIn(Map<String, String> annotations) {
        Map<String, String> all = new LinkedHashMap<>(annotations);
        all.put(Namespaces.ANNOTATION, "1");
        return all;
    }

    private static String checked(String name, String method) {
        if (name.isEmpty()) {
            throw ApiError.badRequest("namespace name required: " + method + " /system/namespace/NAME");
        }
        List<String> problems = new FunctionNamespace(name, null, null).problems();
        if (!problems.isEmpty()) {
            throw ApiError.badRequest("validation failed: " + String.join("; ", problems));
        }
        return name;
    }

    private FunctionNamespace body(HttpExchange exchange, String fromPath) throws IOException {
        FunctionNamespace given = Exchanges.body(exchange, mapper, FunctionNamespace.class);
        String name = given.name() == null || given.name().isEmpty() ? fromPath : given.name();
        if (!fromPath.isEmpty() && !fromPath.equals(name)) {
            throw ApiError.badRequest("the body names namespace " + name + " but the path " + fromPath);
        }
        FunctionNamespace namespace = given.withName(name);
        List<String> problems = namespace.problems();
        if (!problems.isEmpty()) {
            throw ApiError.badRequest("validation failed: " + String.join("; ", problems));
        }
        return namespace;
    }
}
