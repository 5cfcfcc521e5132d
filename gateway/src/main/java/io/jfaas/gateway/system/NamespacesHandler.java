package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.FunctionProvider;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /system/namespaces}: 200 and a JSON array of names, the default namespace first. */
public final class NamespacesHandler implements Handler<RoutingContext> {

    private final FunctionProvider provider;
    private final JsonIo json;

    public NamespacesHandler(FunctionProvider provider, ObjectMapper mapper) {
        this.provider = provider;
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, provider::namespaces, namespaces -> json.send(ctx, namespaces));
    }
}
