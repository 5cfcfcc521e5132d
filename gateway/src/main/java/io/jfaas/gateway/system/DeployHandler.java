package io.jfaas.gateway.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.contracts.Quantities;
import io.jfaas.gateway.http.Warnings;
import io.jfaas.gateway.provider.FunctionProvider;
import io.jfaas.gateway.provider.ProviderException;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.Names;
import io.jfaas.model.SyncTransport;
import io.jfaas.scaling.ScalingPolicy;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code POST /system/functions} (create) and {@code PUT /system/functions} (update): 202 with an empty body;
 * 400 for a body that is not a valid deployment; 409 on create of an existing function; 404 on update of a missing
 * one (faas-cli relies on it: it tries PUT, then POST on 404). A limit the provider accepts but does not enforce is
 * named in a {@code Warning} header.
 */
public final class DeployHandler implements Handler<RoutingContext> {

    private static final String EXAMPLE = "{\"service\": \"hello\", \"image\": \"hello:latest\"}";

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
                    .thenApply(done -> provider.unenforced(deployment.limits(), deployment.requests()));
        }, warning -> {
            warning.ifPresent(text -> Warnings.add(ctx.response(), text));
            ctx.response().setStatusCode(202).end();
        });
    }

    private FunctionDeployment validated(RoutingContext ctx) {
        FunctionDeployment deployment = json.read(ctx, FunctionDeployment.class, EXAMPLE,
                DeploymentRules::nestedNull);
        List<String> problems = DeploymentRules.problems(deployment);
        if (!problems.isEmpty()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: "
                    + String.join("; ", problems));
        }
        Names.functionNameProblem(deployment.service()).ifPresent(problem -> {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + problem);
        });
        if (deployment.image() == null || deployment.image().isBlank()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: image: is required");
        }
        SyncTransport.annotationProblem(deployment).ifPresent(problem -> {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + problem);
        });
        try {
            ScalingPolicy.fromLabels(deployment.labels());
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + e.getMessage());
        }
        return canonicalResources(deployment.withNamespace(namespaces.resolve(ctx, deployment.namespace())));
    }

    /** The deployment with its limits and requests in canonical form; 400 naming a quantity that is not one. */
    private static FunctionDeployment canonicalResources(FunctionDeployment deployment) {
        return new FunctionDeployment(deployment.service(), deployment.image(), deployment.namespace(),
                deployment.envProcess(), deployment.envVars(), deployment.constraints(), deployment.secrets(),
                deployment.labels(), deployment.annotations(), canonical(deployment.limits(), "limits"),
                canonical(deployment.requests(), "requests"), deployment.readOnlyRootFilesystem());
    }

    private static FunctionResources canonical(FunctionResources resources, String field) {
        if (resources == null || resources.isUnset()) {
            return null;
        }
        try {
            return new FunctionResources(
                    resources.memory() == null || resources.memory().isBlank() ? null
                            : Quantities.canonical(resources.memory()),
                    resources.cpu() == null || resources.cpu().isBlank() ? null : Quantities.canonical(resources.cpu()));
        } catch (IllegalArgumentException e) {
            throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + field + ": "
                    + e.getMessage());
        }
    }
}
