package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfaas.model.DeleteFunctionRequest;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.Labels;
import io.jfaas.model.Names;
import io.jfaas.model.ScaleServiceRequest;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.reconcile.Children;
import io.jfaas.operator.reconcile.DesiredDeployment;
import io.jfaas.operator.reconcile.FunctionDefaults;
import io.jfaas.operator.reconcile.SpecProblem;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The function routes: {@code /system/functions} (GET list, POST create, PUT update, DELETE),
 * {@code /system/function/NAME} (GET status) and {@code /system/scale-function/NAME} (POST). Writes go to Function
 * resources, which the reconciler turns into Deployments; reads join each Function with its Deployment; scaling sets
 * the Deployment's scale subresource (0 allowed).
 */
final class FunctionsRoute {

    private static final int EDIT_ATTEMPTS = 5;

    private final KubernetesClient client;
    private final Namespaces namespaces;
    private final ObjectMapper mapper;

    FunctionsRoute(KubernetesClient client, Namespaces namespaces, ObjectMapper mapper) {
        this.client = client;
        this.namespaces = namespaces;
        this.mapper = mapper;
    }

    /** {@code /system/functions}. */
    Route functions() {
        return new Route("GET", "POST", "PUT", "DELETE") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                if (!exchange.getRequestURI().getPath().matches("/system/functions/?")) {
                    throw ApiError.notFound("404 page not found");
                }
                switch (exchange.getRequestMethod()) {
                    case "GET" -> list(exchange);
                    case "POST" -> deploy(exchange, true);
                    case "PUT" -> deploy(exchange, false);
                    default -> delete(exchange);
                }
            }
        };
    }

    /** {@code /system/function/NAME}. */
    Route status() {
        return new Route("GET") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                String name = lastSegment(exchange, "/system/function/");
                String namespace = namespaces.resolve(Exchanges.query(exchange), null);
                FunctionResource function = find(namespace, name);
                if (function == null) {
                    Exchanges.empty(exchange, 404);
                    return;
                }
                Exchanges.json(exchange, mapper, 200, FunctionMapping.toStatus(function, deployment(function)));
            }
        };
    }

    /** {@code /system/scale-function/NAME}. */
    Route scale() {
        return new Route("POST") {
            @Override
            void serve(HttpExchange exchange) throws IOException {
                String name = lastSegment(exchange, "/system/scale-function/");
                ScaleServiceRequest request = Exchanges.body(exchange, mapper, ScaleServiceRequest.class);
                if (request.replicas() < 0 || request.replicas() > Integer.MAX_VALUE) {
                    throw ApiError.badRequest("replicas: " + request.replicas() + " is not a replica count");
                }
                String namespace = namespaces.resolve(Exchanges.query(exchange), request.namespace());
                FunctionResource function = find(namespace, name);
                if (function == null) {
                    throw ApiError.notFound("function " + name + " not found in namespace " + namespace);
                }
                String deploymentName = Children.name(function);
                if (client.apps().deployments().inNamespace(namespace).withName(deploymentName).get() == null) {
                    throw new ApiError(500, "Unable to lookup function deployment " + deploymentName);
                }
                client.apps().deployments().inNamespace(namespace).withName(deploymentName)
                        .scale((int) request.replicas());
                Exchanges.empty(exchange, 202);
            }
        };
    }

    private void list(HttpExchange exchange) throws IOException {
        String namespace = namespaces.resolve(Exchanges.query(exchange), null);
        Map<String, Deployment> deployments = new HashMap<>();
        client.apps().deployments().inNamespace(namespace).withLabel(Labels.FAAS_FUNCTION).list()
                .getItems().forEach(d -> deployments.put(d.getMetadata().getName(), d));
        List<FunctionStatus> statuses = client.resources(FunctionResource.class).inNamespace(namespace).list()
                .getItems().stream()
                .filter(f -> f.getMetadata().getDeletionTimestamp() == null)
                .map(f -> FunctionMapping.toStatus(f, deployments.get(Children.name(f))))
                .toList();
        Exchanges.json(exchange, mapper, 200, statuses);
    }

    private void deploy(HttpExchange exchange, boolean create) throws IOException {
        FunctionDeployment request = Exchanges.body(exchange, mapper, FunctionDeployment.class);
        Names.functionNameProblem(request.service()).ifPresent(problem -> {
            throw ApiError.badRequest("validation failed: " + problem);
        });
        if (request.image() == null || request.image().isBlank()) {
            throw ApiError.badRequest("validation failed: image: is required");
        }
        String namespace = namespaces.resolve(Exchanges.query(exchange), request.namespace());
        FunctionResource wanted = FunctionMapping.toFunction(request.withNamespace(namespace));
        validate(wanted);
        if (create) {
            try {
                client.resource(wanted).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    throw new ApiError(409, "function " + request.service() + " already exists in namespace "
                            + namespace);
                }
                throw e;
            }
        } else {
            update(namespace, wanted);
        }
        Exchanges.empty(exchange, 202);
    }

    /** The reconciler's own checks, so that a request it could not deploy fails now with 400. */
    private void validate(FunctionResource wanted) {
        Map<String, String> secretTypes = new HashMap<>();
        for (String name : wanted.getSpec().getSecrets()) {
            Secret secret = client.secrets().inNamespace(wanted.getMetadata().getNamespace()).withName(name).get();
            if (secret != null) {
                secretTypes.put(name, Objects.requireNonNullElse(secret.getType(), "Opaque"));
            }
        }
        try {
            DesiredDeployment.build(wanted, FunctionDefaults.OPENFAAS, null, secretTypes);
        } catch (SpecProblem problem) {
            throw ApiError.badRequest(SpecProblem.SECRET_NOT_FOUND.equals(problem.reason())
                    ? "unable to fetch secrets: " + problem.getMessage()
                    : "validation failed: " + problem.getMessage());
        }
    }

    private void update(String namespace, FunctionResource wanted) {
        for (int attempt = 1; ; attempt++) {
            FunctionResource current = find(namespace, wanted.getMetadata().getName());
            if (current == null) {
                throw ApiError.notFound("function " + wanted.getMetadata().getName() + " not found in namespace "
                        + namespace);
            }
            current.setSpec(wanted.getSpec());
            try {
                client.resource(current).update();
                return;
            } catch (KubernetesClientException e) {
                // the operator wrote the status meanwhile: read again and retry
                if (e.getCode() != 409 || attempt == EDIT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private void delete(HttpExchange exchange) throws IOException {
        DeleteFunctionRequest request = Exchanges.body(exchange, mapper, DeleteFunctionRequest.class);
        if (request.functionName() == null || request.functionName().isBlank()) {
            throw ApiError.badRequest("functionName: is required");
        }
        String namespace = namespaces.resolve(Exchanges.query(exchange), request.namespace());
        FunctionResource function = find(namespace, request.functionName());
        if (function == null) {
            throw ApiError.notFound("function " + request.functionName() + " not found in namespace " + namespace);
        }
        client.resource(function).delete();
        Exchanges.empty(exchange, 202);
    }

    /** The live Function named {@code name}, or null (a Function being deleted counts as gone). */
    private FunctionResource find(String namespace, String name) {
        FunctionResource function = client.resources(FunctionResource.class).inNamespace(namespace).withName(name)
                .get();
        return function == null || function.getMetadata().getDeletionTimestamp() != null ? null : function;
    }

    private Deployment deployment(FunctionResource function) {
        return client.apps().deployments().inNamespace(function.getMetadata().getNamespace())
                .withName(Children.name(function)).get();
    }

    private static String lastSegment(HttpExchange exchange, String prefix) {
        String path = exchange.getRequestURI().getPath();
        String name = path.length() > prefix.length() ? path.substring(prefix.length()) : "";
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.contains("/")) {
            throw ApiError.notFound("404 page not found");
        }
        return name;
    }
}
