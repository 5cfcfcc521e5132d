package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.Warnings;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.FunctionRef;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /system/function/{name}?namespace=}: 200 and the FunctionStatus; 404 with an empty body when there is no
 * such function, as OpenFaaS. {@code invocationCount} is the gateway's count of completed calls. A limit the provider
 * accepts but does not enforce is named in a {@code Warning} header.
 */
public final class FunctionStatusHandler implements Handler<RoutingContext> {

    private final FunctionProvider provider;
    private final StatusDetails details;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public FunctionStatusHandler(FunctionProvider provider, StatusDetails details, String defaultNamespace,
                                 ObjectMapper mapper) {
        this.provider = provider;
        this.details = details;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx,
                () -> provider.status(new FunctionRef(ctx.pathParam("name"), namespaces.resolve(ctx))),
                status -> {
                    if (status.isPresent()) {
                        provider.unenforced(new FunctionRef(status.get().name(), status.get().namespace()),
                                status.get().limits(), status.get().requests())
                                .ifPresent(text -> Warnings.add(ctx.response(), text));
                        json.send(ctx, details.of(status.get()));
                    } else {
                        ctx.response().setStatusCode(404).end();
                    }
                });
    }
}
