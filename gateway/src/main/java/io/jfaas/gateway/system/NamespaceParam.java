package io.jfaas.gateway.system;

import io.jfaas.provider.ProviderException;
import io.jfaas.model.Names;
import io.vertx.ext.web.RoutingContext;

/**
 * The namespace a /system request is about: the {@code namespace} query parameter, else the one in the body, else
 * the gateway's default; refused with 400 when it is not a valid namespace or is {@code kube-system}.
 */
final class NamespaceParam {

    private final String defaultNamespace;

    NamespaceParam(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace;
    }

    String resolve(RoutingContext ctx, String fromBody) {
        String fromQuery = ctx.request().getParam("namespace");
        String namespace = notBlank(fromQuery) ? fromQuery.trim() : notBlank(fromBody) ? fromBody.trim() : defaultNamespace;
        if (Names.FORBIDDEN_NAMESPACE.equals(namespace)) {
            throw new ProviderException(ProviderException.Kind.FORBIDDEN, "unable to use the " + namespace
                    + " namespace: it is not for functions");
        }
        Names.namespaceProblem(namespace).ifPresent(problem -> {
            throw new ProviderException(ProviderException.Kind.INVALID, problem);
        });
        return namespace;
    }

    String resolve(RoutingContext ctx) {
        return resolve(ctx, null);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
