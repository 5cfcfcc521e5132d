package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.provider.FunctionProvider;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /system/functions?namespace=}: 200 and a JSON array of FunctionStatus. */
public final class ListFunctionsHandler implements Handler<RoutingContext> {

    private final FunctionProvider provider;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public ListFunctionsHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> provider.list(namespaces.resolve(ctx)), functions -> json.send(ctx, functions));
    }
}
