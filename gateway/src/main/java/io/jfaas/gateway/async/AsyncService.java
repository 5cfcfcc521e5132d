package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.gateway.invoke.DirectInvoker;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.SyncTransport;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Async invocations in one gateway process: the queue (chosen once, at start), the routes' handlers and, once the
 * gateway listens, the queue worker. The queue is NATS JetStream at the configured URL; else, in local mode, a
 * {@code nats-server} child with its store in the state directory; else memory, which loses queued calls on restart.
 */
public final class AsyncService implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AsyncService.class.getName());

    private final AsyncConfig config;
    private final CallQueue queue;
    private final Optional<NatsServerProcess> natsServer;
    private final String defaultNamespace;
    private QueueWorker worker;

    private AsyncService(AsyncConfig config, CallQueue queue, Optional<NatsServerProcess> natsServer,
                         String defaultNamespace) {
        this.config = config;
        this.queue = queue;
        this.natsServer = natsServer;
        this.defaultNamespace = defaultNamespace;
    }

    /** Opens the queue as the settings say (see the class comment); the worker starts with {@link #startWorker}. */
    public static AsyncService open(AsyncConfig config, String defaultNamespace,
                                    ObjectMapper json) throws IOException {
        int maxAckPending = JetStreamQueue.maxAckPending(config.maxInflight());
        try {
            if (config.natsUrl().isPresent()) {
                return new AsyncService(config, JetStreamQueue.connect(config.natsUrl().get(), json, config.ackWait(),
                        maxAckPending, config.streamMaxBytes()), Optional.empty(), defaultNamespace);
            }
            Optional<Path> program = NatsServerProcess.find(config.natsServer());
            if (program.isEmpty()) {
                return new AsyncService(config, new MemoryQueue(config.memoryQueueBytes()), Optional.empty(), defaultNamespace);
            }
            NatsServerProcess server = NatsServerProcess.start(program.get(), config.natsStoreDir(), 0);
            try {
                LOG.info("started " + program.get() + " (pid " + server.pid() + ") on "
                        + NatsEnvelope.withoutCredentials(server.url()) + ", store in "
                        + server.dir());
                return new AsyncService(config, JetStreamQueue.connect(server.url(), json, config.ackWait(),
                        maxAckPending, config.streamMaxBytes()), Optional.of(server), defaultNamespace);
            } catch (IOException | RuntimeException e) {
                server.close();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to NATS", e);
        }
    }

    /**
     * Starts the queue worker, if this process runs one, calling the gateway at {@code gateway}
     * (e.g. {@code http://127.0.0.1:8080}).
     */
    public void startWorker(FunctionProvider provider, URI gateway, Duration upstreamTimeout) {
        startWorker(provider, gateway, upstreamTimeout, Optional.empty());
    }

    /**
     * Starts the queue worker, if this process runs one, calling functions in this process with {@code direct} (the
     * gateway at {@code gateway} only for what {@code direct} hands back: functions served over NATS).
     */
    public void startWorker(FunctionProvider provider, URI gateway, Duration upstreamTimeout,
                            Optional<DirectInvoker> direct) {
        if (!config.queueWorker()) {
            LOG.info("queue worker: not in this process (" + AsyncConfig.QUEUE_WORKER + "=false)");
            return;
        }
        worker = new QueueWorker(queue, config, gateway, direct,
                ref -> provider.status(ref).thenApply(status -> status.map(FunctionStatus::annotations)
                        .filter(a -> a != null).orElse(Map.of())),
                defaultNamespace, upstreamTimeout.plusSeconds(30));
        worker.start();
        LOG.info("queue worker: " + (direct.isPresent() ? "calls functions in this process" : "calls " + gateway)
                + ", max_inflight " + config.maxInflight() + ", per function "
                + config.functionMaxInflight() + ", ack_wait " + config.ackWait().toSeconds() + "s, retries: "
                + config.retry().describe());
    }

    /** The handler of {@code POST /async-function/...}. */
    public Handler<RoutingContext> invokeHandler(FunctionProvider provider) {
        return new AsyncInvokeHandler(provider, queue, defaultNamespace, config.maxRequestBody());
    }

    /** {@code GET /system/async/dead-letters}. */
    public Handler<RoutingContext> listDeadLetters(ObjectMapper json) {
        return new DeadLetterHandler(queue, json).list();
    }

    /** {@code POST /system/async/dead-letters/redrive}. */
    public Handler<RoutingContext> redriveAll(ObjectMapper json) {
        return new DeadLetterHandler(queue, json).redriveAll();
    }

    /** {@code POST /system/async/dead-letters/:callId/redrive}. */
    public Handler<RoutingContext> redriveOne(ObjectMapper json) {
        return new DeadLetterHandler(queue, json).redriveOne();
    }

    /** Where queued calls are kept, for the start-up log and {@code /system/info}. */
    public String description() {
        return queue.description();
    }

    /** Whether queued calls survive a restart. */
    public boolean durable() {
        return queue.durable();
    }

    /**
     * The gateway's NATS connection and the server's URL, when the queue is on NATS JetStream (the same connection
     * carries sync calls over NATS: {@code io.jfaas.model.SyncTransport}).
     */
    public Optional<io.nats.client.Connection> natsConnection() {
        return queue instanceof JetStreamQueue jetStream ? Optional.of(jetStream.connection()) : Optional.empty();
    }

    /** The URL of the NATS server the queue is on, when it is on one (with the gateway's credentials, if any). */
    public Optional<String> natsUrl() {
        return queue instanceof JetStreamQueue jetStream ? Optional.of(jetStream.url()) : Optional.empty();
    }

    /**
     * The URL replicas serve NATS calls at: the server the queue is on, with the credentials of the user that may only
     * serve calls when the gateway runs that server itself (with a server of yours, its URL as given).
     */
    public Optional<String> functionNatsUrl() {
        return natsServer.map(NatsServerProcess::functionUrl).or(this::natsUrl);
    }

    CallQueue queue() {
        return queue;
    }

    /**
     * Stops the worker gracefully, if this process runs one: no more calls are taken, those in flight finish and are
     * acknowledged (see {@link QueueWorker#close()}). The gateway calls it while it still serves its own
     * {@code /function} route, which the worker's calls go through.
     */
    public void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    /** Stops the worker (as {@link #stopWorker()}), then the queue and the NATS child, if any. */
    @Override
    public void close() {
        stopWorker();
        queue.close();
        natsServer.ifPresent(NatsServerProcess::close);
    }
}
