package io.jfaas.gateway.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.model.FunctionStatus;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.triggers.Schedule;
import io.jfaas.triggers.Triggers;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /ui/api/triggers/NAME?namespace=}: what invokes a function besides HTTP, read from its {@code topic} and
 * {@code schedule} annotations as the connector reads them, with the next scheduled run worked out by the connector's
 * own schedule code: {@code {"topics":[...],"schedule":"@every 1m","nextRun":"2026-...Z","invocation":"async",
 * "catchUp":false,"problem":null}} ({@code schedule}, {@code nextRun}, {@code invocation} and {@code problem} are null
 * when absent; an {@code invocation} of null means the connector's setting decides). 404 for an unknown function.
 * {@code faas-cli describe} shows the same, worked out on the client.
 */
public final class TriggersHandler implements Handler<RoutingContext> {

    /** The route, below the UI's prefix and so behind the same authentication. */
    public static final String PATH = "/ui/api/triggers/:name";

    private final FunctionProvider provider;
    private final String defaultNamespace;
    private final ObjectMapper json;
    private final Clock clock;

    public TriggersHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper json, Clock clock) {
        this.provider = provider;
        this.defaultNamespace = defaultNamespace;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        UiAnswers.function(ctx, defaultNamespace).ifPresent(ref -> {
            try {
                Future.fromCompletionStage(provider.status(ref), ctx.vertx().getOrCreateContext()).onComplete(result -> {
                    if (result.failed()) {
                        HttpErrors.sendFailure(ctx, result.cause());
                    } else if (result.result().isEmpty()) {
                        HttpErrors.send(ctx, 404, "function " + ref + " not found");
                    } else {
                        UiAnswers.json(ctx, json, describe(result.result().get(), clock.instant()));
                    }
                });
            } catch (RuntimeException e) {
                HttpErrors.sendFailure(ctx, e);
            }
        });
    }

    /** The answer's fields for one function at {@code now}: pure. */
    static Map<String, Object> describe(FunctionStatus status, Instant now) {
        Triggers triggers = Triggers.of(status.annotations());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("topics", triggers.topics());
        answer.put("schedule", triggers.schedule().map(Schedule::text).orElse(null));
        answer.put("nextRun", triggers.nextRun(now).map(next -> next.truncatedTo(ChronoUnit.SECONDS).toString())
                .orElse(null));
        answer.put("invocation", triggers.invocation().map(mode -> mode.name().toLowerCase(Locale.ROOT))
                .orElse(null));
        answer.put("catchUp", triggers.catchUp());
        answer.put("problem", triggers.problem().orElse(null));
        return answer;
    }
}
