package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jfaas.model.Names;
import io.jfaas.model.Secret;
import io.jfaas.provider.ProviderException;
import io.jfaas.operator.reconcile.Children;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * {@code /system/secrets}: Kubernetes Secrets of type Opaque labelled {@code app.kubernetes.io/managed-by=jfaas}, with
 * one key, the secret's name, so a function reads it at {@code /var/openfaas/secrets/<name>}. Listings show only
 * labelled Secrets and never values; {@code rawValue} wins over {@code value}.
 */
final class SecretsRoute extends Route {

    private final KubernetesClient client;
    private final Namespaces namespaces;
    private final ObjectMapper mapper;

    SecretsRoute(KubernetesClient client, Namespaces namespaces, ObjectMapper mapper) {
        super("GET", "POST", "PUT", "DELETE");
        this.client = client;
        this.namespaces = namespaces;
        this.mapper = mapper;
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().matches("/system/secrets/?")) {
            throw ApiError.notFound("404 page not found");
        }
        Map<String, String> query = Exchanges.query(exchange);
        if ("GET".equals(exchange.getRequestMethod())) {
            String namespace = namespaces.resolve(query, null);
            List<Secret> secrets = client.secrets().inNamespace(namespace)
                    .withLabel(Children.MANAGED_BY, Children.MANAGED_BY_VALUE).list().getItems().stream()
                    .map(s -> new Secret(s.getMetadata().getName(), namespace, null, null))
                    .toList();
            Exchanges.json(exchange, mapper, 200, secrets);
            return;
        }
        Secret request = Exchanges.body(exchange, mapper, Secret.class);
        Names.secretNameProblem(request.name()).ifPresent(problem -> {
            throw ApiError.badRequest(problem);
        });
        String namespace = namespaces.resolve(query, request.namespace());
        io.fabric8.kubernetes.api.model.Secret current = managed(namespace, request.name());
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                if (client.secrets().inNamespace(namespace).withName(request.name()).get() != null) {
                    throw ApiError.of(ProviderException.secretExists(request.name(), namespace));
                }
                try {
                    client.resource(secret(namespace, request)).create();
                } catch (KubernetesClientException e) {
                    if (e.getCode() == 409) {
                        throw ApiError.of(ProviderException.secretExists(request.name(), namespace));
                    }
                    throw e;
                }
            }
            case "PUT" -> {
                requireFound(current, request.name(), namespace);
                current.setData(secret(namespace, request).getData());
                current.setStringData(null);
                client.resource(current).update();
            }
            default -> {
                requireFound(current, request.name(), namespace);
                client.resource(current).delete();
            }
        }
        Exchanges.empty(exchange, 202);
    }

    private io.fabric8.kubernetes.api.model.Secret managed(String namespace, String name) {
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        boolean ours = secret != null && secret.getMetadata().getLabels() != null
                && Children.MANAGED_BY_VALUE.equals(secret.getMetadata().getLabels().get(Children.MANAGED_BY));
        return ours ? secret : null;
    }

    private static void requireFound(Object secret, String name, String namespace) {
        if (secret == null) {
            throw ApiError.of(ProviderException.secretNotFound(name, namespace));
        }
    }

    private static io.fabric8.kubernetes.api.model.Secret secret(String namespace, Secret request) {
        byte[] value = request.rawValue() != null && request.rawValue().length > 0 ? request.rawValue()
                : (request.value() == null ? "" : request.value()).getBytes(StandardCharsets.UTF_8);
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(request.name())
                    .withNamespace(namespace)
                    .addToLabels(Children.MANAGED_BY, Children.MANAGED_BY_VALUE)
                .endMetadata()
                .withType("Opaque")
                .withData(Map.of(request.name(), Base64.getEncoder().encodeToString(value)))
                .build();
    }
}
