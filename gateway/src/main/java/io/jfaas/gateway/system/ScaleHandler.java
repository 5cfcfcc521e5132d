package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.ProviderException;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.ScaleServiceRequest;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /system/scale-function/{name}} with {@code {"serviceName", "replicas", "namespace"}}: 202; 0 replicas
 * is allowed (the historical OpenFaaS behaviour; CE refuses it). 400 for a body that is not a scale request, 404 for
 * an unknown function.
 */
public final class ScaleHandler implements Handler<RoutingContext> {

    private static final String EXAMPLE = io.jfaas.provider.RequestBodies.SCALE_EXAMPLE;

    private final FunctionProvider provider;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public ScaleHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    /** {@code replicas} must be there, a whole number from 0 (a null or a missing one is not a scale to zero). */
    static java.util.Optional<String> replicasProblem(com.fasterxml.jackson.databind.JsonNode tree) {
        com.fasterxml.jackson.databind.JsonNode replicas = tree == null ? null : tree.get("replicas");
        if (replicas == null || !replicas.isIntegralNumber() || !replicas.canConvertToLong() || replicas.asLong() < 0) {
            return java.util.Optional.of("replicas: " + (replicas == null ? "is required" : replicas + " is not")
                    + " a whole number from 0");
        }
        return java.util.Optional.empty();
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> {
            ScaleServiceRequest request;
            try {
                request = json.read(ctx, ScaleServiceRequest.class, EXAMPLE, ScaleHandler::replicasProblem);
            } catch (ProviderException e) {
                throw new ProviderException(ProviderException.Kind.INVALID, "Cannot parse request. Please pass valid"
                        + " JSON, e.g. " + EXAMPLE + " (" + e.getMessage() + ")");
            }
            return provider.scale(new FunctionRef(ctx.pathParam("name"), namespaces.resolve(ctx, request.namespace())),
                    request.replicas());
        }, done -> ctx.response().setStatusCode(202).end());
    }
}
