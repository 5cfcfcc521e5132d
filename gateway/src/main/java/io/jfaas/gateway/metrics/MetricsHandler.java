package io.jfaas.gateway.metrics;

import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.FunctionStatus;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code GET /metrics} on the metrics listener: asks the provider for every function's desired replicas (so
 * {@code gateway_service_count} is current at each scrape, as OpenFaaS resets it), then answers the Prometheus text.
 * A provider that does not answer within two seconds leaves the previous counts in place rather than failing the
 * scrape.
 */
public final class MetricsHandler implements Handler<RoutingContext> {

    private static final Logger LOG = Logger.getLogger(MetricsHandler.class.getName());
    private static final long REFRESH_TIMEOUT_SECONDS = 2;

    private final FunctionProvider provider;
    private final GatewayMetrics metrics;

    public MetricsHandler(FunctionProvider provider, GatewayMetrics metrics) {
        this.provider = provider;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Context context = ctx.vertx().getOrCreateContext();
        refresh().orTimeout(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS).whenComplete((counts, error) -> {
            if (error != null) {
                LOG.log(Level.WARNING, "gateway_service_count not refreshed: " + error);
            } else {
                metrics.serviceCounts(counts);
            }
            String text = metrics.scrape();
            context.runOnContext(v -> ctx.response()
                    .putHeader("Content-Type", GatewayMetrics.contentType())
                    .end(text));
        });
    }

    private CompletableFuture<List<List<FunctionStatus>>> refresh() {
        return provider.namespaces().thenCompose(namespaces -> {
            List<CompletableFuture<List<FunctionStatus>>> lists = new ArrayList<>();
            namespaces.forEach(namespace -> lists.add(provider.list(namespace)));
            return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                    .thenApply(done -> lists.stream().map(CompletableFuture::join).toList());
        });
    }
}
