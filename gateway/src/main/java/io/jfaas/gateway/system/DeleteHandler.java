package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.ProviderException;
import io.jfaas.model.DeleteFunctionRequest;
import io.jfaas.model.FunctionRef;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code DELETE /system/functions} with {@code {"functionName": NAME, "namespace": NS}}: 202; 400 for a missing body
 * or name; 404 for an unknown function. The namespace may also come in the query, which takes precedence.
 */
public final class DeleteHandler implements Handler<RoutingContext> {

    private static final String EXAMPLE = io.jfaas.provider.RequestBodies.DELETE_EXAMPLE;

    private final FunctionProvider provider;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public DeleteHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> {
            DeleteFunctionRequest request = json.read(ctx, DeleteFunctionRequest.class, EXAMPLE);
            if (request.functionName() == null || request.functionName().isBlank()) {
                throw new ProviderException(ProviderException.Kind.INVALID,
                        "functionName is required, e.g. " + EXAMPLE);
            }
            return provider.remove(new FunctionRef(request.functionName(), namespaces.resolve(ctx, request.namespace())));
        }, done -> ctx.response().setStatusCode(202).end());
    }
}
