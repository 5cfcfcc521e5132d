package io.jfaas.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.async.AsyncService;
import io.jfaas.gateway.auth.Access;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.gateway.connector.Connector;
import io.jfaas.gateway.connector.ConnectorConfig;
import io.jfaas.gateway.http.ClientConnections;
import io.jfaas.gateway.invoke.FunctionRelay;
import io.jfaas.gateway.invoke.DirectInvoker;
import io.jfaas.gateway.local.LocalProvider;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.ui.UiHandler;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.gateway.remote.RemoteProvider;
import io.jfaas.gateway.scaling.MeteredAutoscaler;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.gateway.system.StatusDetails;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import io.jfaas.model.SyncTransport;
import io.jfaas.scaling.Bound;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

/**
 * The gateway process: reads {@link GatewayConfig} once, starts the provider, serves {@link GatewayRoutes} on one
 * HTTP server per core, and on shutdown stops the provider's replicas.
 */
public final class Gateway {

    static {
        // one line per record; set before the first logger exists
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }

    private static final Logger LOG = Logger.getLogger(Gateway.class.getName());

    /** How long an idle connection to a replica is kept: half the watchdog's idle limit. */
    static final int UPSTREAM_KEEP_ALIVE_SECONDS = io.jfaas.gateway.invoke.InvokeHandler.UPSTREAM_KEEP_ALIVE_SECONDS;

    /** The longest one call to a remote provider may take (logs excepted). */
    static final Duration REMOTE_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;
    private final FunctionProvider provider;
    private final List<HttpServer> servers;
    private final HttpServer metricsServer;
    private final GatewayMetrics metrics;
    private final MeteredAutoscaler autoscaler;
    private final AsyncService async;
    private volatile Optional<Connector> connector = Optional.empty();

    private Gateway(Vertx vertx, FunctionProvider provider, List<HttpServer> servers, HttpServer metricsServer,
                    GatewayMetrics metrics, MeteredAutoscaler autoscaler, AsyncService async) {
        this.vertx = vertx;
        this.async = async;
        this.provider = provider;
        this.servers = servers;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
        this.autoscaler = autoscaler;
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            System.err.println("gateway: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Gateway gateway;
        try {
            gateway = start(config, env);
        } catch (Exception e) {
            System.err.println("gateway: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::stop, "gateway-shutdown"));
    }

    /**
     * Starts a gateway and returns once it listens: in local mode, or, with {@code functions_provider_url} set, in
     * front of that provider (reached in the background), invoking functions at their ready endpoints.
     */
    public static Gateway start(GatewayConfig config, Map<String, String> env) throws IOException {
        ConnectorConfig connectorConfig;
        try {
            connectorConfig = ConnectorConfig.fromEnv(env);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid connector setting: " + e.getMessage(), e);
        }
        Optional<Credentials> credentials = credentials(config);
        ObjectMapper json = Json.newMapper();
        // the queue first: its NATS server is also the one replicas on the NATS transport serve (and its store is in
        // the state directory, so that is checked to be this gateway's first)
        if (config.remote().isEmpty()) {
            LocalProvider.checkStateDirectory(config.stateDir());
        }
        AsyncService async;
        try {
            async = AsyncService.open(config.async(), config.functionNamespace(), json);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot set up async invocations: " + e.getMessage(), e);
        }
        if (config.syncTransport() == SyncTransport.Kind.NATS && async.natsUrl().isEmpty()) {
            async.close();
            throw new IOException(SyncTransport.SETTING + "=nats needs a NATS server: set JFAAS_NATS_URL, or install"
                    + " nats-server (and leave JFAAS_NATS_SERVER unset) for the gateway to start one");
        }
        // replicas get the URL of a user that may only serve calls (with the gateway's own nats-server)
        SyncTransport transport = new SyncTransport(config.syncTransport(), async.functionNatsUrl());
        Backend backend;
        try {
            backend = backend(config, env, credentials, transport);
        } catch (IOException | RuntimeException e) {
            async.close();
            throw e;
        }
        FunctionProvider provider = backend.provider();
        // One event loop per core (Vert.x's default is two): the API's servers take one each, and what else runs on
        // an event loop (the metrics listener, clients, timers) shares them; a second set of loops would idle, each
        // with its thread's stack and Netty's caches (0.3-0.5 MiB at rest for two loops on two cores).
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
        GatewayMetrics metrics = new GatewayMetrics();
        GatewayConfig.Scaling scaling = config.scaling();
        MeteredAutoscaler autoscaler = new MeteredAutoscaler(provider, metrics, backend.cpuNanos(), backend.bound(),
                scaling.windows(), LocalProvider.MAX_REPLICAS, Clock.systemUTC());
        Routed routed = new Routed(config, provider, credentials.map(Access::of), metrics,
                new ScaleFromZero(provider, scaling.fromZero(), scaling.maxHeldCalls()),
                new StatusDetails(metrics, autoscaler::status), json, async,
                new ClientConnections(config.readTimeout(), config.connections().idleTimeout(),
                        config.connections().maxPerClient()));
        List<HttpServer> servers = new ArrayList<>();
        HttpServer metricsServer;
        try {
            // One server per core, each a verticle on its own event loop with its own client to the functions: a call
            // is read, proxied and answered on one thread, never handed between loops. They share one port, so port 0
            // is turned into a free port first (each would otherwise get its own).
            int port = config.port() == 0 ? freePort(config.bindAddress()) : config.port();
            List<ServerVerticle> deployed = new CopyOnWriteArrayList<>();
            await(vertx.deployVerticle(() -> {
                ServerVerticle server = new ServerVerticle(port, routed);
                deployed.add(server);
                return server;
            }, new DeploymentOptions().setInstances(cores)));
            deployed.forEach(server -> servers.add(server.server()));
        } catch (RuntimeException e) {
            async.close();
            provider.close().join();
            vertx.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        try {
            // the metrics listener has no credentials: the same bounds on its connections as the API's
            HttpServer metricsHttp = vertx.createHttpServer(ClientConnections.serverOptions(false));
            Router metricsRouter = GatewayRoutes.metricsRouter(vertx, provider, metrics);
            routed.connections().install(metricsHttp, metricsRouter);
            metricsServer = await(metricsHttp.requestHandler(metricsRouter)
                    .listen(config.metricsPort(), config.bindAddress()));
        } catch (RuntimeException e) {
            async.close();
            provider.close().join();
            vertx.close();
            throw new IOException("cannot listen for metrics on " + config.bindAddress() + ":" + config.metricsPort()
                    + " (set JFAAS_METRICS_PORT to another port): " + e.getMessage(), e);
        }
        if (scaling.autoscale()) {
            autoscaler.start(scaling.interval());
        }
        metrics.history().start(provider, Clock.systemUTC());
        Gateway gateway = new Gateway(vertx, provider, servers, metricsServer, metrics, autoscaler, async);
        // this gateway as its own clients in this process reach it: the connector, and the queue worker for functions
        // served over NATS
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::")
                ? "127.0.0.1" : config.bindAddress();
        java.net.URI self = java.net.URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + gateway.port());
        if (!vertx.isNativeTransportEnabled()) {
            LOG.info("epoll is not available (" + vertx.unavailableNativeTransportCause()
                    + "): using the JDK's selector, which costs more per call");
        }
        if (config.remote().isEmpty() && connectorConfig.enabled()) {
            // local mode: the connector (schedules, topics) runs here, a client of this gateway like any other, on the
            // queue's NATS connection (one per process: each costs threads and buffers)
            gateway.connector = Optional.of(Connector.start(connectorConfig.inGateway(self), credentials, json, vertx,
                    async.natsConnection()));
        } else if (config.remote().isEmpty()) {
            LOG.info("connector: off (" + ConnectorConfig.ENABLED + "=false): no schedules, no topics");
        }
        // last: a worker draining a full queue keeps NATS and the cores busy, and the connector's set-up requests to
        // NATS (its key-value buckets) could time out behind it. The worker calls functions as this gateway's own
        // /function route does, in this process (so async calls are proxied and counted as sync ones); over HTTP to
        // that route only for functions served over NATS.
        async.startWorker(provider, self, config.upstreamTimeout(), Optional.of(new DirectInvoker(vertx,
                routed.fromZero(), vertx.createHttpClient(functionClientOptions(), functionPoolOptions()), metrics,
                invokeSettings(config), BuildInfo.version())));
        announce(config, backend.description(), gateway.port(), gateway.metricsPort(), credentials.isPresent(),
                async);
        return gateway;
    }

    /**
     * The provider the gateway runs in front of, with what the local autoscaler reads of it.
     *
     * @param cpuNanos a function's CPU time so far, for the autoscaler
     * @param bound the most replicas of a function the machine can run to advantage, for the autoscaler
     * @param description for the start-up message
     */
    private record Backend(FunctionProvider provider, ToLongFunction<FunctionRef> cpuNanos,
                           Function<FunctionRef, Bound> bound, String description) {
    }

    /** The one place the provider is chosen: remote when {@code functions_provider_url} is set, else local. */
    private static Backend backend(GatewayConfig config, Map<String, String> env, Optional<Credentials> credentials,
                                   SyncTransport transport) throws IOException {
        if (config.remote().isPresent()) {
            GatewayConfig.Remote remote = config.remote().get();
            // returns at once: the provider is reached in the background, calls answer 503 until it is
            RemoteProvider provider = RemoteProvider.start(new RemoteProvider.Settings(remote.url(), credentials,
                    transport, config.readyTimeout(), REMOTE_REQUEST_TIMEOUT, config.scaling().maxHeldCalls()));
            // the autoscaler is never started in this mode (GatewayConfig turns it off): the provider scales
            return new Backend(provider, ref -> 0L, ref -> Bound.NONE, "remote provider at " + remote.url()
                    + ", functions at their ready endpoints (the provider's endpoints feed)");
        }
        LocalProvider provider = LocalProvider.start(new LocalProvider.Settings(config.stateDir(), config.imageStore(),
                config.watchdogClasspath(), javaLauncher(), config.readyTimeout(), Duration.ofSeconds(60),
                config.startupCache(), env, config.functionNamespace(), BuildInfo.version(), transport,
                config.scaling().slowStart(), config.liveness(), config.containers(), config.warmPool()));
        return new Backend(provider, provider::cpuNanos, provider::machineBound, "local provider");
    }

    /** What every server's router is made of; shared by all of them. */
    private record Routed(GatewayConfig config, FunctionProvider provider, Optional<Access> access,
                          GatewayMetrics metrics, ScaleFromZero fromZero, StatusDetails details, ObjectMapper json,
                          AsyncService async, ClientConnections connections) {
    }

    /** One of the gateway's HTTP servers, with its own router and client to the functions. */
    private static final class ServerVerticle extends VerticleBase {

        private final int port;
        private final Routed routed;
        private volatile HttpServer server;

        ServerVerticle(int port, Routed routed) {
            this.port = port;
            this.routed = routed;
        }

        @Override
        public Future<?> start() {
            // Idle connections are closed well before the watchdog's JDK server closes its side (30 s): a request
            // sent on a connection the server is closing fails with 502.
            HttpClient functionClient = vertx.createHttpClient(functionClientOptions(), functionPoolOptions());
            Router router = GatewayRoutes.router(vertx, routed.config(), routed.provider(), routed.access(),
                    functionClient, routed.metrics(), routed.fromZero(), routed.details(), routed.json(),
                    Optional.of(routed.async()));
            HttpServer http = vertx.createHttpServer(ClientConnections.serverOptions(routed.config().connections().h2c()));
            GatewayConfig config = routed.config();
            FunctionRelay.Shared relay = GatewayRoutes.functionRelay(config, routed.fromZero(), routed.metrics(),
                    Optional.of(routed.connections()));
            routed.connections().install(http, router, config.connections().functionRelay()
                    ? connection -> FunctionRelay.install(relay, connection) : connection -> { });
            return http.requestHandler(GatewayRoutes.requestHandler(vertx, routed.config(), router, functionClient,
                            routed.metrics(), routed.fromZero(), Optional.of(routed.async()),
                            Optional.of(routed.connections())))
                    .listen(port, routed.config().bindAddress())
                    .onSuccess(listening -> server = listening);
        }

        HttpServer server() {
            return server;
        }
    }

    /** The options of every client the gateway calls functions with. */
    private static HttpClientOptions functionClientOptions() {
        return new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setKeepAliveTimeout(UPSTREAM_KEEP_ALIVE_SECONDS);
    }

    private static PoolOptions functionPoolOptions() {
        return new PoolOptions().setHttp1MaxSize(1024);
    }

    private static io.jfaas.gateway.invoke.InvokeHandler.Settings invokeSettings(GatewayConfig config) {
        return new io.jfaas.gateway.invoke.InvokeHandler.Settings(config.functionNamespace(), config.upstreamTimeout(),
                config.maxRequestBody());
    }

    /** The port the gateway listens on (useful with port 0). */
    public int port() {
        return servers.get(0).actualPort();
    }

    /** The port of the metrics listener. */
    public int metricsPort() {
        return metricsServer.actualPort();
    }

    /** The autoscaler (running unless {@code JFAAS_AUTOSCALE=false}). */
    public MeteredAutoscaler autoscaler() {
        return autoscaler;
    }

    /** The provider behind the gateway. */
    public FunctionProvider provider() {
        return provider;
    }

    /**
     * Stops the queue worker gracefully first (its calls in flight use this gateway's clients to the functions, and its
     * route for functions on NATS, which are still open), then listening, then the queue, then every replica.
     */
    public void stop() {
        connector.ifPresent(Connector::close);
        autoscaler.stop();
        async.stopWorker();
        metricsServer.close();
        servers.forEach(server -> server.close().toCompletionStage().toCompletableFuture()
                .completeOnTimeout(null, 5, TimeUnit.SECONDS).join());
        async.close();
        provider.close().join();
        metrics.close();
        vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
        LOG.info("gateway stopped");
    }

    private static Optional<Credentials> credentials(GatewayConfig config) throws IOException {
        if (!config.basicAuth()) {
            LOG.warning("basic_auth=false: the /system API is open to anyone who can reach the gateway");
            return Optional.empty();
        }
        Path dir = config.secretMountPath();
        if (dir.equals(config.stateDir()) && Credentials.generateIfMissing(dir)) {
            LOG.info("generated credentials for user admin in " + dir);
        }
        return Optional.of(Credentials.read(dir));
    }

    private static void announce(GatewayConfig config, String backend, int port, int metricsPort,
                                 boolean basicAuth, AsyncService async) {
        String url = "http://" + config.bindAddress() + ":" + port;
        StringBuilder text = new StringBuilder()
                .append("jfaas gateway ").append(BuildInfo.version()).append(" (").append(backend).append(") listening on ").append(url)
                .append("\n  web UI: ").append(url).append(UiHandler.PREFIX)
                .append("\n  metrics: http://").append(config.bindAddress()).append(':').append(metricsPort)
                .append("/metrics")
                .append("\n  async:  ").append(async.description())
                .append("\n  sync transport: ").append(config.syncTransport().name().toLowerCase(java.util.Locale.ROOT))
                .append(" (per function: annotation ").append(SyncTransport.ANNOTATION).append(')');
        if (config.remote().isEmpty()) {
            text.append("\n  state:  ").append(config.stateDir())
                    .append("\n  images: ").append(config.imageStore());
        }
        if (basicAuth) {
            Path password = config.secretMountPath().resolve(Credentials.PASSWORD_FILE);
            text.append("\n  basic auth: user in ").append(config.secretMountPath().resolve(Credentials.USER_FILE))
                    .append(", password in ").append(password)
                    .append("\n  log in with: cat ").append(password)
                    .append(" | faas-cli login --gateway ").append(url).append(" --username admin --password-stdin");
        }
        LOG.info(text.toString());
    }

    private static int freePort(String bindAddress) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot find a free port on " + bindAddress, e);
        }
    }

    private static String javaLauncher() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static <T> T await(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
