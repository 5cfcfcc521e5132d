package io.jfaas.gateway.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/** What the UI's own routes ({@code /ui/api/...}) share: the function a path names, and their JSON answers. */
final class UiAnswers {

    private UiAnswers() {
    }

    /**
     * The function of a {@code /ui/api/.../:name?namespace=} path, the namespace defaulting; empty, with a 400 naming
     * what is wrong already sent, for a name or namespace that is none.
     */
    static Optional<FunctionRef> function(RoutingContext ctx, String defaultNamespace) {
        String name = ctx.pathParam("name");
        String namespace = Optional.ofNullable(ctx.request().getParam("namespace")).filter(s -> !s.isBlank())
                .orElse(defaultNamespace);
        Optional<String> problem = Names.functionNameProblem(name).or(() -> Names.namespaceProblem(namespace));
        if (problem.isPresent()) {
            HttpErrors.send(ctx, 400, problem.get());
            return Optional.empty();
        }
        return Optional.of(new FunctionRef(name, namespace));
    }

    /** 200 with the value as JSON, never cached (the UI polls these). */
    static void json(RoutingContext ctx, ObjectMapper json, Object value) {
        try {
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(json.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            HttpErrors.sendFailure(ctx, e);
        }
    }
}
