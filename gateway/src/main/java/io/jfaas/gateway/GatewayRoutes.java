package io.jfaas.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.async.AsyncService;
import io.jfaas.gateway.auth.Access;
import io.jfaas.gateway.auth.AuthHandler;
import io.jfaas.gateway.auth.CrossSiteGuard;
import io.jfaas.gateway.auth.LoginHandler;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestDeadlines;
import io.jfaas.gateway.http.StrictRequests;
import io.jfaas.gateway.http.ClientConnections;
import io.jfaas.gateway.invoke.CallIdHandler;
import io.jfaas.gateway.invoke.FunctionRelay;
import io.jfaas.gateway.invoke.FunctionRequests;
import io.jfaas.gateway.invoke.InvokeHandler;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.metrics.MetricsHandler;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.gateway.system.AlertHandler;
import io.jfaas.gateway.system.DeleteHandler;
import io.jfaas.gateway.system.DeployHandler;
import io.jfaas.gateway.system.FunctionStatusHandler;
import io.jfaas.gateway.system.InfoHandler;
import io.jfaas.gateway.system.JsonBodies;
import io.jfaas.gateway.system.ListFunctionsHandler;
import io.jfaas.gateway.system.LogsHandler;
import io.jfaas.gateway.system.NamespaceHandler;
import io.jfaas.gateway.system.NamespacesHandler;
import io.jfaas.gateway.system.ScaleHandler;
import io.jfaas.gateway.system.SecretsHandler;
import io.jfaas.gateway.system.StatusDetails;
import io.jfaas.gateway.ui.CallCountsHandler;
import io.jfaas.gateway.ui.ImagesHandler;
import io.jfaas.gateway.ui.TriggersHandler;
import io.jfaas.gateway.ui.UiHandler;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.provider.FunctionProvider;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every route of the gateway, in one method. Read top to bottom: the public routes, the invocation path, then the
 * /system API behind basic auth, the web UI behind the same auth, then how unmatched and failed requests are
 * answered.
 */
public final class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class.getName());

    /** JSON bodies of the /system API are small; anything larger is refused with 413. */
    static final long SYSTEM_BODY_LIMIT = 1024 * 1024;

    /** The function-name segment OpenFaaS accepts (its mux pattern), then an optional sub-path. */
    static final String FUNCTION_PATH = "/function/[-a-zA-Z_0-9.]+(/.*)?";

    /** The same for asynchronous calls (POST only). */
    static final String ASYNC_FUNCTION_PATH = "/async-function/[-a-zA-Z_0-9.]+(/.*)?";

    /** The web UI: {@code /ui} (redirected) and everything below {@code /ui/}. */
    static final String UI_PATH = "/ui(/.*)?";

    private GatewayRoutes() {
    }

    /**
     * The router.
     *
     * @param access the basic-auth user and the UI's sessions (shared by every router of the gateway), or empty when
     *               {@code basic_auth=false}
     * @param fromZero where calls get their replica, waking functions at zero
     * @param details what the gateway adds to function statuses
     * @param async the queue: {@code /async-function} and the dead-letter routes are mounted only with one (as OpenFaaS
     *              mounts {@code /async-function} only when it has a queue)
     */
    public static Router router(Vertx vertx, GatewayConfig config, FunctionProvider provider,
                                Optional<Access> access, HttpClient functionClient, GatewayMetrics metrics,
                                ScaleFromZero fromZero, StatusDetails details, ObjectMapper json,
                                Optional<AsyncService> async) {
        Router router = Router.router(vertx);
        String namespace = config.functionNamespace();

        // Every request: no ambiguous one, then read_timeout and write_timeout.
        router.route().handler(new StrictRequests());
        router.route().handler(deadlines(config));

        // Public: health, the UI's address, and invocations. Innermost last: call id, then the proxy.
        router.route("/healthz").handler(ctx -> ctx.response().setStatusCode(200).end());
        router.get("/").handler(ctx -> ctx.response().setStatusCode(307).putHeader("Location", "/ui/").end());
        // (most invocations never reach the router: requestHandler takes them first, with the same handlers)
        router.routeWithRegex(FUNCTION_PATH)
                .handler(new CallIdHandler(BuildInfo.version()))
                .handler(invokeHandler(config, fromZero, functionClient, metrics, async));
        async.ifPresent(queue -> router.postWithRegex(ASYNC_FUNCTION_PATH)
                .handler(new CallIdHandler(BuildInfo.version()))
                .handler(queue.invokeHandler(provider)));

        // The system API: no request a browser sends for another site, then basic auth (before any body is read),
        // then JSON only, then a bounded body, then the route. Separate routes, because Vert.x puts a body handler
        // ahead of user handlers within one route.
        Optional<AuthHandler> authHandler = access.map(a -> new AuthHandler(a.credentials(), a.sessions()));
        Handler<RoutingContext> auth = authHandler.<Handler<RoutingContext>>map(a -> a).orElse(RoutingContext::next);
        CrossSiteGuard crossSite = new CrossSiteGuard();
        router.route("/system/*").handler(crossSite).handler(auth).handler(new JsonBodies());
        router.route("/system/*").handler(BodyHandler.create(false).setBodyLimit(SYSTEM_BODY_LIMIT));
        router.get("/system/info").handler(new InfoHandler(provider::info, BuildInfo.versionInfo(), json,
                async.map(queue -> Map.<String, Object>of("queue", queue.description(), "durable", queue.durable()))));
        router.get("/system/functions").handler(new ListFunctionsHandler(provider, details, namespace, json));
        router.post("/system/functions").handler(DeployHandler.create(provider, namespace, json));
        router.put("/system/functions").handler(DeployHandler.update(provider, namespace, json));
        router.delete("/system/functions").handler(new DeleteHandler(provider, namespace, json));
        router.get("/system/function/:name").handler(new FunctionStatusHandler(provider, details, namespace, json));
        router.post("/system/scale-function/:name").handler(new ScaleHandler(provider, namespace, json));
        router.post("/system/alert").handler(new AlertHandler(provider, namespace, json));
        router.get("/system/namespaces").handler(new NamespacesHandler(provider, json));
        NamespaceHandler namespaceHandler = new NamespaceHandler(provider, json);
        for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
            router.routeWithRegex(method, NamespaceHandler.PATH).handler(namespaceHandler);
        }
        SecretsHandler secrets = new SecretsHandler(provider, namespace, json);
        router.get("/system/secrets").handler(secrets);
        router.post("/system/secrets").handler(secrets);
        router.put("/system/secrets").handler(secrets);
        router.delete("/system/secrets").handler(secrets);
        router.get("/system/logs").handler(new LogsHandler(provider, namespace, json));
        async.ifPresent(queue -> {
            router.get("/system/async/dead-letters").handler(queue.listDeadLetters(json));
            router.post("/system/async/dead-letters/redrive").handler(queue.redriveAll(json));
            router.post("/system/async/dead-letters/:callId/redrive").handler(queue.redriveOne(json));
        });

        // The web UI: its login (the page and its files are public; the session cookie is what a cross-site request
        // can't ride), then the same guard and auth, then its files (GET and HEAD) and the call counts behind its
        // charts.
        access.ifPresentOrElse(a -> {
            LoginHandler login = new LoginHandler(authHandler.orElseThrow(), a.sessions(), a.throttle(), json);
            router.post(UiHandler.LOGIN_PATH).handler(crossSite);
            router.post(UiHandler.LOGIN_PATH).handler(BodyHandler.create(false).setBodyLimit(LoginHandler.BODY_LIMIT));
            router.post(UiHandler.LOGIN_PATH).handler(login.login());
            router.post(UiHandler.LOGOUT_PATH).handler(crossSite).handler(login.logout());
        }, () -> router.get(UiHandler.LOGIN_PATH).handler(ctx -> ctx.response().setStatusCode(303)
                .putHeader("Location", UiHandler.PREFIX).end()));
        UiHandler ui = UiHandler.create();
        router.routeWithRegex(UiHandler.PUBLIC_PATH).handler(crossSite).handler(ui);
        router.routeWithRegex(UI_PATH).handler(crossSite).handler(auth);
        router.get(CallCountsHandler.PATH).handler(new CallCountsHandler(metrics, namespace, json));
        router.get(TriggersHandler.PATH).handler(new TriggersHandler(provider, namespace, json, Clock.systemUTC()));
        router.get(ImagesHandler.PATH).handler(new ImagesHandler(config.remote().isPresent() ? Optional.empty()
                : Optional.of(new LocalImageStore(config.imageStore())), json));
        router.routeWithRegex(UI_PATH).handler(ui);

        // Unmatched and failed requests: plain text, never a stack trace.
        router.errorHandler(404, ctx -> HttpErrors.send(ctx, 404, "404 page not found"));
        router.errorHandler(405, ctx -> HttpErrors.send(ctx, 405, "method " + ctx.request().method()
                + " is not allowed for " + ctx.request().path()));
        router.errorHandler(413, ctx -> HttpErrors.send(ctx, 413, "request body is larger than the limit of "
                + (ctx.request().path().startsWith(UiHandler.PREFIX) ? LoginHandler.BODY_LIMIT : SYSTEM_BODY_LIMIT)
                + " bytes"));
        router.errorHandler(400, ctx -> HttpErrors.send(ctx, 400, "bad request"));
        router.errorHandler(500, ctx -> {
            LOG.log(Level.SEVERE, "request " + ctx.request().method() + " " + ctx.request().path() + " failed",
                    ctx.failure());
            HttpErrors.send(ctx, 500, "internal error (see the gateway's log)");
        });
        return router;
    }

    /**
     * The server's request handler: invocations in normal form on the fast path ({@link FunctionRequests}: the same
     * handlers as the router's invocation route, in the same order, without a routing context), everything else
     * through {@code router}, which must be this configuration's {@link #router}.
     *
     * @param connections the connection watches installed on the server, if any
     */
    public static Handler<HttpServerRequest> requestHandler(Vertx vertx, GatewayConfig config, Router router,
                                                            HttpClient functionClient, GatewayMetrics metrics,
                                                            ScaleFromZero fromZero, Optional<AsyncService> async,
                                                            Optional<ClientConnections> connections) {
        return new FunctionRequests(vertx, router, connections, deadlines(config),
                new CallIdHandler(BuildInfo.version()), invokeHandler(config, fromZero, functionClient, metrics, async));
    }

    /**
     * What the servers' {@link FunctionRelay}s share: the same settings, deadlines and call headers as
     * {@link #requestHandler}'s invocations.
     */
    public static FunctionRelay.Shared functionRelay(GatewayConfig config, ScaleFromZero fromZero,
                                                     GatewayMetrics metrics, Optional<ClientConnections> connections) {
        return new FunctionRelay.Shared(fromZero, metrics, invokeSettings(config), deadlines(config), connections,
                CallIdHandler.servedBy(BuildInfo.version()));
    }

    private static RequestDeadlines deadlines(GatewayConfig config) {
        return new RequestDeadlines(config.readTimeout(), config.writeTimeout());
    }

    private static InvokeHandler invokeHandler(GatewayConfig config, ScaleFromZero fromZero, HttpClient functionClient,
                                               GatewayMetrics metrics, Optional<AsyncService> async) {
        return new InvokeHandler(fromZero, functionClient, async.flatMap(AsyncService::natsConnection), metrics,
                invokeSettings(config));
    }

    private static InvokeHandler.Settings invokeSettings(GatewayConfig config) {
        return new InvokeHandler.Settings(config.functionNamespace(), config.upstreamTimeout(),
                config.maxRequestBody());
    }

    /**
     * The metrics listener's router (OpenFaaS's port 8082, no auth): {@code /metrics} in the Prometheus text format and
     * {@code /healthz} answering "OK".
     */
    public static Router metricsRouter(Vertx vertx, FunctionProvider provider, GatewayMetrics metrics) {
        Router router = Router.router(vertx);
        router.get("/metrics").handler(new MetricsHandler(provider, metrics));
        router.get("/healthz").handler(ctx -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                .end("OK"));
        router.errorHandler(404, ctx -> HttpErrors.send(ctx, 404, "404 page not found"));
        return router;
    }
}
