package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.provider.FunctionProvider;
import io.jfaas.gateway.provider.ProviderException;
import io.jfaas.model.FunctionNamespace;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code /system/namespace/NAME}, OpenFaaS's namespace management (its {@code faas-cli namespace} commands): GET
 * answers 200 and the {@code FunctionNamespace} ({@code name}, {@code labels}, {@code annotations}) or 404; POST
 * (to {@code /system/namespace/}, the name in the body) creates one, 201 or 409; PUT replaces its labels and
 * annotations, 202 or 404; DELETE removes it, 202, 404, 409 while it holds functions or secrets (nothing is removed
 * with it), 400 for the default namespace. Names, label and annotation keys and values follow Kubernetes' rules in
 * both modes (400 naming the field).
 */
public final class NamespaceHandler implements Handler<RoutingContext> {

    /** The route: the name may be empty (POST names the namespace in its body). */
    public static final String PATH = "/system/namespace/([^/]*)";

    private static final String EXAMPLE = "{\"name\": \"staging\", \"labels\": {\"team\": \"web\"},"
            + " \"annotations\": {\"openfaas\": \"1\"}}";

    private final FunctionProvider provider;
    private final JsonIo json;

    public NamespaceHandler(FunctionProvider provider, ObjectMapper mapper) {
        this.provider = provider;
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        String fromPath = ctx.pathParam("param0") == null ? "" : ctx.pathParam("param0");
        if (method == HttpMethod.GET) {
            Replies.reply(ctx, () -> provider.namespace(checkedName(fromPath, method)), found -> {
                if (found.isPresent()) {
                    json.send(ctx, found.get());
                } else {
                    HttpErrors.send(ctx, 404, "namespace " + fromPath + " not found");
                }
            });
        } else if (method == HttpMethod.POST) {
            Replies.reply(ctx, () -> provider.createNamespace(body(ctx, fromPath)),
                    done -> ctx.response().setStatusCode(201).end());
        } else if (method == HttpMethod.PUT) {
            Replies.reply(ctx, () -> provider.updateNamespace(body(ctx, checkedName(fromPath, method))),
                    done -> ctx.response().setStatusCode(202).end());
        } else {
            Replies.reply(ctx, () -> provider.deleteNamespace(checkedName(fromPath, method)),
                    done -> ctx.response().setStatusCode(202).end());
        }
    }

    /** The namespace in the path, which GET, PUT and DELETE need; 400 naming the rule it breaks. */
    private static String checkedName(String name, HttpMethod method) {
        if (name.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "namespace name required: " + method
                    + " /system/namespace/NAME");
        }
        List<String> problems = new FunctionNamespace(name, null, null).problems();
        if (!problems.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: "
                    + String.join("; ", problems));
        }
        return name;
    }

    /** The namespace in the body, named by the path when the body names none; 400 when they differ or it is bad. */
    private FunctionNamespace body(RoutingContext ctx, String fromPath) {
        FunctionNamespace given = json.read(ctx, FunctionNamespace.class, EXAMPLE, DeploymentRules::nestedNull);
        String name = given.name() == null || given.name().isEmpty() ? fromPath : given.name();
        if (!fromPath.isEmpty() && !fromPath.equals(name)) {
            throw new ProviderException(ProviderException.Kind.INVALID, "the body names namespace " + name
                    + " but the path " + fromPath);
        }
        FunctionNamespace namespace = given.withName(name);
        List<String> problems = namespace.problems();
        if (!problems.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: "
                    + String.join("; ", problems));
        }
        return namespace;
    }
}
