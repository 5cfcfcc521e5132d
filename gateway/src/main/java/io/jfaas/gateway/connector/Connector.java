package io.jfaas.gateway.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.FunctionRef;
import io.jfaas.triggers.Triggers;
import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * One connector: reads the functions and their triggers from the gateway every {@code rebuild_interval}, runs the
 * scheduled ones ({@link Scheduler}) and, with NATS, invokes functions with their topics' messages
 * ({@link TopicListener}). Without NATS only schedules run, with claims in memory (one connector).
 */
public final class Connector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Connector.class.getName());

    private final ConnectorConfig config;
    private final GatewayClient gateway;
    private final Optional<Connection> nats;
    /** The NATS connection this connector made for itself (a connector process), closed with it. */
    private final Optional<Connection> ownNats;
    private final TickClaims claims;
    private final Scheduler scheduler;
    private final Optional<TopicListener> topics;
    private final Thread refresher;
    private final AtomicLong refreshes = new AtomicLong();
    private volatile String lastProblem = "";
    private final Map<FunctionRef, String> reportedProblems = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopped;
    private final HttpClient http;
    /** The Vert.x instance this connector made for itself (a connector process), closed with it. */
    private final Optional<Vertx> ownVertx;

    private Connector(ConnectorConfig config, HttpClient http, Optional<Vertx> ownVertx, GatewayClient gateway,
                      Optional<Connection> nats, Optional<Connection> ownNats, TickClaims claims, Clock clock) {
        this.config = config;
        this.http = http;
        this.ownVertx = ownVertx;
        this.gateway = gateway;
        this.nats = nats;
        this.ownNats = ownNats;
        this.claims = claims;
        this.scheduler = new Scheduler(claims, (ref, mode, headers) ->
                gateway.invoke(ref, mode, headers, new byte[0], 0).status(), clock, config.invocation(),
                config.maxInflight());
        this.topics = nats.map(connection -> new TopicListener(connection, (ref, mode, headers, body) ->
                // one byte more than a reply may carry: enough to know it is too large
                gateway.invoke(ref, mode, headers, body, connection.getMaxPayload() + 1), config.invocation(),
                config.maxInflight(), config.pendingMessages(), config.pendingBytes()));
        // virtual: it sleeps between reads, and a platform thread would hold its stack all the while
        this.refresher = Thread.ofVirtual().name("connector-refresh").unstarted(this::refreshLoop);
    }

    /**
     * Connects to NATS (when configured) and starts reading the gateway's functions, with a Vert.x instance of its own
     * for its HTTP client (a connector process).
     */
    public static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json)
            throws IOException {
        Vertx vertx = Vertx.vertx();
        try {
            return start(config, credentials, json, Clock.systemUTC(), vertx, true, Optional.empty());
        } catch (IOException | RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /**
     * The same inside a local gateway, with what that gateway already holds: its Vert.x instance, for the HTTP client,
     * and its NATS connection, if it has one (topics and schedule claims then travel on it: one connection per process,
     * not two). Neither is closed with the connector.
     */
    public static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json,
                                  Vertx vertx, Optional<Connection> gatewayNats) throws IOException {
        return start(config, credentials, json, Clock.systemUTC(), vertx, false, gatewayNats);
    }

    /**
     * {@code ownsVertx}: whether the connector closes {@code vertx} when it is closed. With {@code gatewayNats} it uses
     * that connection and leaves it open; without it, it connects to {@code config.natsUrl()}, if set, and closes that
     * connection with itself.
     */
    static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json, Clock clock,
                           Vertx vertx, boolean ownsVertx, Optional<Connection> gatewayNats) throws IOException {
        Optional<Connection> ownNats = gatewayNats.isPresent() || config.natsUrl().isEmpty() ? Optional.empty()
                : Optional.of(connect(config.natsUrl().get()));
        Optional<Connection> nats = gatewayNats.or(() -> ownNats);
        TickClaims claims;
        try {
            claims = nats.isPresent() ? new TickClaims.JetStreamKv(nats.get()) : new TickClaims.InMemory();
        } catch (IOException | RuntimeException e) {
            ownNats.ifPresent(Connector::closeQuietly);
            throw e;
        }
        // made once NATS is set up, so that a connector that cannot start leaves no client behind
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
                .setMaxRedirects(0), new PoolOptions().setHttp1MaxSize(2 * config.maxInflight() + 1));
        GatewayClient gateway = new GatewayClient(http, config.gatewayUrl(), credentials, json,
                config.upstreamTimeout());
        Connector connector = new Connector(config, http, ownsVertx ? Optional.of(vertx) : Optional.empty(), gateway,
                nats, ownNats, claims, clock);
        connector.scheduler.start();
        connector.refresher.start();
        LOG.info("connector: functions from " + config.gatewayUrl() + " every " + config.rebuildInterval().toMillis()
                + " ms; schedules claimed " + claims.description() + "; topics "
                + (nats.isPresent() ? "on NATS (queue group " + TopicListener.QUEUE_GROUP + ", max in flight "
                + config.maxInflight() + (gatewayNats.isPresent() ? ", the gateway's connection" : "") + ")"
                : "off (no NATS)") + "; default invocation "
                + config.invocation().name().toLowerCase(java.util.Locale.ROOT));
        return connector;
    }

    /** A connector process's own connection, reconnecting for ever. */
    private static Connection connect(String url) throws IOException {
        try {
            // slow consumers are told by TopicListener, which knows what its messages are for
            return Nats.connect(new Options.Builder().server(url).connectionName("jfaas-connector").maxReconnects(-1)
                    .errorListener(new ErrorListener() { }).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS", e);
        }
    }

    private void refreshLoop() {
        while (!stopped) {
            refresh();
            try {
                Thread.sleep(config.rebuildInterval()); // the period between reads of the function list
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void refresh() {
        try {
            Map<FunctionRef, Triggers> functions = new LinkedHashMap<>();
            for (GatewayClient.Listed listed : gateway.functions()) {
                functions.put(listed.ref(), listed.triggers());
                listed.triggers().problem().ifPresent(problem -> {
                    if (!problem.equals(reportedProblems.put(listed.ref(), problem))) {
                        LOG.warning("connector: " + listed.ref() + ": " + problem);
                    }
                });
            }
            reportedProblems.keySet().retainAll(functions.keySet());
            scheduler.update(functions);
            topics.ifPresent(listener -> listener.update(functions));
            refreshes.incrementAndGet();
            if (!lastProblem.isEmpty()) {
                LOG.info("connector: reads the functions from " + gateway.gateway() + " again");
                lastProblem = "";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                LOG.warning("connector: cannot read the functions from " + gateway.gateway() + ": " + problem
                        + " (trying again every " + config.rebuildInterval().toMillis() + " ms)");
                lastProblem = problem;
            }
        }
    }

    /** How many times the function list was read (tests wait for it). */
    long refreshes() {
        return refreshes.get();
    }

    Optional<TopicListener> topics() {
        return topics;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    /** Healthy while its NATS connection (if any) is up. */
    public boolean healthy() {
        return nats.map(c -> c.getStatus() == Connection.Status.CONNECTED).orElse(true);
    }

    /** The reason it is not healthy. */
    public String state() {
        return nats.map(c -> "NATS connection " + c.getStatus()).orElse("no NATS");
    }

    @Override
    public void close() {
        stopped = true;
        refresher.interrupt();
        scheduler.close();
        topics.ifPresent(TopicListener::close);
        claims.close();
        ownNats.ifPresent(Connector::closeQuietly);
        http.close();
        ownVertx.ifPresent(Vertx::close);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
