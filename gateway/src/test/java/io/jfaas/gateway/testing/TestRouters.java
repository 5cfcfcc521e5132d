package io.jfaas.gateway.testing;

import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.GatewayRoutes;
import io.jfaas.gateway.async.AsyncService;
import io.jfaas.gateway.auth.Access;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.gateway.system.StatusDetails;
import io.jfaas.model.Json;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.Optional;

/** The gateway's router for route tests, made of what production gives it; no autoscaler decisions. */
public final class TestRouters {

    private TestRouters() {
    }

    /** With scale from zero as the settings say, and no queue. */
    public static Router router(Vertx vertx, GatewayConfig config, FunctionProvider provider,
                                Optional<Credentials> credentials, GatewayMetrics metrics) {
        return router(vertx, config, provider, credentials, metrics, new ScaleFromZero(provider,
                config.scaling().fromZero(), config.scaling().maxHeldCalls()), Optional.empty());
    }

    /**
     * The server's request handler as production has it: invocations on the fast path before the router
     * ({@link GatewayRoutes#requestHandler}), no connection watches.
     */
    public static Handler<HttpServerRequest> requestHandler(Vertx vertx, GatewayConfig config,
                                                            FunctionProvider provider, Optional<Credentials> credentials,
                                                            GatewayMetrics metrics, ScaleFromZero fromZero,
                                                            Optional<AsyncService> async) {
        HttpClient client = vertx.createHttpClient();
        return GatewayRoutes.requestHandler(vertx, config, router(vertx, config, provider, credentials, metrics,
                fromZero, async), client, metrics, fromZero, async, Optional.empty());
    }

    public static Router router(Vertx vertx, GatewayConfig config, FunctionProvider provider,
                                Optional<Credentials> credentials, GatewayMetrics metrics, ScaleFromZero fromZero,
                                Optional<AsyncService> async) {
        return GatewayRoutes.router(vertx, config, provider, credentials.map(Access::of), vertx.createHttpClient(),
                metrics, fromZero, new StatusDetails(metrics, ref -> Optional.empty()), Json.newMapper(), async);
    }
}
