package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.contracts.Quantities;
import io.jfaas.gateway.http.Warnings;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.provider.DeploymentRules;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /system/functions} (create) and {@code PUT /system/functions} (update): 202 with an empty body;
 * 400 for a body that is not a valid deployment; 409 on create of an existing function; 404 on update of a missing
 * one (faas-cli relies on it: it tries PUT, then POST on 404). A limit the provider accepts but does not enforce is
 * named in a {@code Warning} header.
 */
public final class DeployHandler implements Handler<RoutingContext> {

    private static final String EXAMPLE = io.jfaas.provider.RequestBodies.DEPLOYMENT_EXAMPLE;

    private final FunctionProvider provider;
    private final boolean create;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    private DeployHandler(FunctionProvider provider, boolean create, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.create = create;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    public static DeployHandler create(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        return new DeployHandler(provider, true, defaultNamespace, mapper);
    }

    public static DeployHandler update(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        return new DeployHandler(provider, false, defaultNamespace, mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Replies.reply(ctx, () -> {
            FunctionDeployment deployment = validated(ctx);
            return (create ? provider.deploy(deployment) : provider.update(deployment))
                    .thenApply(done -> provider.unenforced(
                            new FunctionRef(deployment.service(), deployment.namespace()), deployment.limits(),
                            deployment.requests()));
        }, warning -> {
            warning.ifPresent(text -> Warnings.add(ctx.response(), text));
            ctx.response().setStatusCode(202).end();
        });
    }

    private FunctionDeployment validated(RoutingContext ctx) {
        FunctionDeployment deployment = json.read(ctx, FunctionDeployment.class, EXAMPLE,
                DeploymentRules::nestedNull);
        FunctionDeployment valid = DeploymentRules.validated(deployment);
        return valid.withNamespace(namespaces.resolve(ctx, valid.namespace()));
    }
}
