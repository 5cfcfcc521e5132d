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
                      Optional<Connection> nats, TickClaims claims, Clock clock) {
        this.config = config;
        this.http = http;
        this.ownVertx = ownVertx;
        this.gateway = gateway;
        this.nats = nats;
        this.claims = claims;
        this.scheduler = new Scheduler(claims, (ref, mode, headers) ->
                gateway.invoke(ref, mode, headers, new byte[0], 0).status(), clock, config.invocation(),
                config.maxInflight());
        this.topics = nats.map(connection -> new TopicListener(connection, (ref, mode, headers, body) ->
                // one byte more than a reply may carry: enough to know it is too large
                gateway.invoke(ref, mode, headers, body, connection.getMaxPayload() + 1), config.invocation(),
                config.maxInflight(), config.pendingMessages(), config.pendingBytes()));
        this.refresher = Thread.ofPlatform().daemon().name("connector-refresh").unstarted(this::refreshLoop);
    }

    /**
     * Connects to NATS (when configured) and starts reading the gateway's functions, with a Vert.x instance of its own
     * for its HTTP client (a connector process).
     */
    public static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json)
            throws IOException {
        Vertx vertx = Vertx.vertx();
        try {
            return start(config, credentials, json, Clock.systemUTC(), vertx, true);
        } catch (IOException | RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The same with the Vert.x instance of the gateway it runs in, for its HTTP client. */
    public static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json,
                                  Vertx vertx) throws IOException {
        return start(config, credentials, json, Clock.systemUTC(), vertx, false);
    }

    /** {@code ownsVertx}: whether the connector closes {@code vertx} when it is closed. */
    static Connector start(ConnectorConfig config, Optional<Credentials> credentials, ObjectMapper json, Clock clock,
                           Vertx vertx, boolean ownsVertx) throws IOException {
        Optional<Connection> nats = Optional.empty();
        TickClaims claims;
        if (config.natsUrl().isPresent()) {
            Connection connection;
            try {
                connection = Nats.connect(new Options.Builder().server(config.natsUrl().get())
                        .connectionName("jfaas-connector").maxReconnects(-1)
                        .errorListener(new ErrorListener() {
                            @Override
                            public void slowConsumerDetected(Connection conn, io.nats.client.Consumer consumer) {
                                LOG.warning("topics: messages arrive faster than functions take them: NATS drops"
                                        + " those beyond " + ConnectorConfig.PENDING_MESSAGES + "/"
                                        + ConnectorConfig.PENDING_BYTES + " (" + consumer.getDroppedCount()
                                        + " dropped so far)");
                            }
                        }).build());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while connecting to NATS", e);
            }
            try {
                claims = new TickClaims.JetStreamKv(connection);
            } catch (IOException | RuntimeException e) {
                closeQuietly(connection);
                throw e;
            }
            nats = Optional.of(connection);
        } else {
            claims = new TickClaims.InMemory();
        }
        // made once NATS is set up, so that a connector that cannot start leaves no client behind
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5_000)
                .setMaxRedirects(0), new PoolOptions().setHttp1MaxSize(2 * config.maxInflight() + 1));
        GatewayClient gateway = new GatewayClient(http, config.gatewayUrl(), credentials, json,
                config.upstreamTimeout());
        Connector connector = new Connector(config, http, ownsVertx ? Optional.of(vertx) : Optional.empty(), gateway,
                nats, claims, clock);
        connector.scheduler.start();
        connector.refresher.start();
        LOG.info("connector: functions from " + config.gatewayUrl() + " every " + config.rebuildInterval().toMillis()
                + " ms; schedules claimed " + claims.description() + "; topics "
                + (nats.isPresent() ? "on NATS (queue group " + TopicListener.QUEUE_GROUP + ", max in flight "
                + config.maxInflight() + ")" : "off (no NATS)") + "; default invocation "
                + config.invocation().name().toLowerCase(java.util.Locale.ROOT));
        return connector;
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
        nats.ifPresent(Connector::closeQuietly);
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
