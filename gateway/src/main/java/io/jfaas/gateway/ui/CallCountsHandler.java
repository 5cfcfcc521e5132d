package io.jfaas.gateway.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /ui/api/calls/NAME?namespace=}: the gateway's counts of a function's completed calls since it started,
 * {@code {"function":"NAME.NS","invocations":N,"errors":E,"history":[...],"recent":[...]}}, errors being answers of
 * 400 or more, the last calls ({@link io.jfaas.gateway.metrics.RecentCalls}: when, status, duration, call id), and
 * the last minutes of samples ({@link io.jfaas.gateway.metrics.FunctionHistory}) so the charts start with a past. The UI polls it for
 * its chart; OpenFaaS's API has the total ({@code invocationCount}) but not the errors, and the Prometheus metrics are
 * on another port. A function that was never called (or does not exist) has zeros.
 */
public final class CallCountsHandler implements Handler<RoutingContext> {

    /** The route, below the UI's prefix and so behind the same basic auth. */
    public static final String PATH = "/ui/api/calls/:name";

    private final GatewayMetrics metrics;
    private final String defaultNamespace;
    private final ObjectMapper json;

    public CallCountsHandler(GatewayMetrics metrics, String defaultNamespace, ObjectMapper json) {
        this.metrics = metrics;
        this.defaultNamespace = defaultNamespace;
        this.json = json;
    }

    @Override
    public void handle(RoutingContext ctx) {
        UiAnswers.function(ctx, defaultNamespace).ifPresent(ref -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("function", ref.toString());
            counts.put("invocations", metrics.invocations(ref));
            counts.put("errors", metrics.failedInvocations(ref));
            counts.put("history", metrics.history().of(ref));
            counts.put("recent", metrics.recentCalls(ref));
            UiAnswers.json(ctx, json, counts);
        });
    }
}
