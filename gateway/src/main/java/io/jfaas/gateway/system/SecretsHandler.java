package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.ProviderException;
import io.jfaas.model.Names;
import io.jfaas.model.Secret;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /system/secrets}: GET lists names (200, values never), POST creates (202; 409 when it exists), PUT replaces
 * a value (202; 404 when missing), DELETE with {@code {"name", "namespace"}} removes (202; 404 when missing).
 * {@code rawValue} (base64) wins over {@code value}. The namespace comes from the query, else the body.
 */
public final class SecretsHandler implements Handler<RoutingContext> {

    private static final String EXAMPLE = io.jfaas.provider.RequestBodies.SECRET_EXAMPLE;

    private final FunctionProvider provider;
    private final NamespaceParam namespaces;
    private final JsonIo json;

    public SecretsHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.json = new JsonIo(mapper);
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET) {
            Replies.reply(ctx, () -> provider.listSecrets(namespaces.resolve(ctx)), list -> json.send(ctx, list));
            return;
        }
        Replies.reply(ctx, () -> change(ctx, method), done -> ctx.response().setStatusCode(202).end());
    }

    private CompletableFuture<Void> change(RoutingContext ctx, HttpMethod method) {
        Secret given = json.read(ctx, Secret.class, EXAMPLE);
        Names.secretNameProblem(given.name()).ifPresent(problem -> {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + problem);
        });
        Secret secret = new Secret(given.name(), namespaces.resolve(ctx, given.namespace()), given.value(),
                given.rawValue());
        if (method == HttpMethod.POST) {
            return provider.createSecret(secret);
        }
        if (method == HttpMethod.PUT) {
            return provider.updateSecret(secret);
        }
        return provider.deleteSecret(secret.name(), secret.namespace());
    }
}
