package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.FunctionProvider;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /system/functions?namespace=}: 200 and a JSON array of FunctionStatus, each with the gateway's count of
 * its completed calls as {@code invocationCount}.
 */
public final class ListFunctionsHandler implements Handler<RoutingContext> {

    private final FunctionProvider provider;
    private final StatusDetails details;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public ListFunctionsHandler(FunctionProvider provider, StatusDetails details, String defaultNamespace,
                                ObjectMapper mapper) {
        this.provider = provider;
        this.details = details;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> provider.list(namespaces.resolve(ctx)), functions -> json.send(ctx, functions.stream()
                .map(details::of)
                .toList()));
    }
}
