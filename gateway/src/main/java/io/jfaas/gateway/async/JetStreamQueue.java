package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.contracts.NatsEnvelope;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamState;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The queue on NATS JetStream: calls in the stream {@code faas-request} (file storage, work-queue retention: a call
 * is deleted once acknowledged; de-duplicated by message id), read by the durable pull consumer {@code faas-workers}
 * with explicit acks; dead letters in the stream {@code faas-dead-letters}. Both streams hold at most
 * {@code JFAAS_ASYNC_STREAM_MAX_BYTES} and refuse what does not fit. The call ids clients sent in the last two minutes
 * are in the key-value bucket {@code faas-call-ids} (function and call id to what the call was), so that a call id
 * reused for another call is refused; the ids the gateway makes are sealed to their call instead ({@link CallIdSeal}).
 * The streams, the bucket and the consumer are created, or updated, on start.
 */
final class JetStreamQueue implements CallQueue {

    private static final Logger LOG = Logger.getLogger(JetStreamQueue.class.getName());

    static final String STREAM = "faas-request";
    static final String DEAD_LETTER_STREAM = "faas-dead-letters";
    static final String CONSUMER = "faas-workers";
    static final String CALL_IDS = "faas-call-ids";
    /** The call-id bucket holds small entries (a digest per call id) for two minutes; this bounds it. */
    static final long CALL_IDS_MAX_BYTES = 64L << 20;
    /** What a message's headers and framing take besides its JSON. */
    static final int MESSAGE_OVERHEAD = 4096;
    /**
     * A call is accepted once the stream has it; a stream that does not answer within this (to twice this: the
     * client looks for expired publishes this often) is taken as down. The NATS client times its own publishes out,
     * so a publish needs no timer of its own.
     */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
    /** How long a call stored by a later jfaas waits before it is offered again (to a newer worker, one hopes). */
    static final Duration NEWER_FRAME_DELAY = Duration.ofSeconds(30);
    /** Retries of one call within this window share its id and are stored once. */
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(2);

    /**
     * How many delivered calls may be unacknowledged at once: those running, and those waiting for a retry's back-off
     * or their function's limit (they are handed back with a delay and stay pending until redelivered). Generous, so
     * that many calls waiting to be retried do not stop new ones from being delivered.
     */
    static int maxAckPending(int maxInflight) {
        return Math.max(20_000, maxInflight * 64);
    }

    private final String url;
    private final Connection connection;
    /** The connection's timers: the client leaves an executor it was given running, so it is stopped here. */
    private final ScheduledExecutorService timers;
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectMapper json;
    private final Duration ackWait;
    private final int maxAckPending;
    private final long streamMaxBytes;
    private KeyValue callIds;
    private JetStreamSubscription subscription;

    private JetStreamQueue(String url, Connection connection, ScheduledExecutorService timers, ObjectMapper json,
                           Duration ackWait, int maxAckPending, long streamMaxBytes) throws IOException {
        this.url = url;
        this.connection = connection;
        this.timers = timers;
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        this.json = json;
        this.ackWait = ackWait;
        this.maxAckPending = maxAckPending;
        this.streamMaxBytes = streamMaxBytes;
    }

    Connection connection() {
        return connection;
    }

    String url() {
        return url;
    }

    /**
     * Connects (reconnecting for ever after), and makes sure the streams and the consumer exist.
     *
     * <p>The client's own threads are the socket's reader and writer and one per dispatcher (the replies to requests
     * and publishes, the connector's topics); what it runs now and then (its timers: pings, expired requests, write
     * timeouts; connecting; connection events) runs on virtual threads, which cost nothing while they wait, instead
     * of five platform threads.
     */
    static JetStreamQueue connect(String url, ObjectMapper json, Duration ackWait, int maxAckPending,
                                  long streamMaxBytes) throws IOException, InterruptedException {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofVirtual().name("jfaas-gateway-nats-timer").factory());
        timers.setRemoveOnCancelPolicy(true);
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        Options options = Options.builder()
                .server(url)
                .connectionName("jfaas-gateway")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                // publishes wait for their acknowledgement at most PUBLISH_TIMEOUT (checked as often)
                .requestCleanupInterval(PUBLISH_TIMEOUT)
                .connectionListener((conn, event) -> LOG.info("NATS " + NatsEnvelope.withoutCredentials(url)
                        + ": " + event))
                .errorListener(new io.nats.client.ErrorListener() { })
                .scheduledExecutor(timers)
                .connectThreadFactory(Thread.ofVirtual().name("jfaas-gateway-nats-connect").factory())
                .callbackThreadFactory(Thread.ofVirtual().name("jfaas-gateway-nats-events").factory())
                .build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (IOException | InterruptedException | RuntimeException e) {
            timers.shutdownNow();
            throw e;
        }
        try {
            JetStreamQueue queue = new JetStreamQueue(url, connection, timers, json, ackWait, maxAckPending,
                    streamMaxBytes);
            queue.declare();
            return queue;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            try {
                connection.close();
            } finally {
                timers.shutdownNow();
            }
            throw new IOException("cannot set up the JetStream streams at " + NatsEnvelope.withoutCredentials(url)
                    + ": " + e.getMessage(), e);
        }
    }

    private void declare() throws IOException, JetStreamApiException {
        ensureStream(StreamConfiguration.builder().name(STREAM).subjects(STREAM).storageType(StorageType.File)
                .retentionPolicy(RetentionPolicy.WorkQueue).maxBytes(streamMaxBytes).discardPolicy(DiscardPolicy.New)
                .duplicateWindow(DUPLICATE_WINDOW).build());
        ensureStream(StreamConfiguration.builder().name(DEAD_LETTER_STREAM).subjects(DEAD_LETTER_STREAM)
                .storageType(StorageType.File).maxBytes(streamMaxBytes).discardPolicy(DiscardPolicy.New).build());
        KeyValueConfiguration bucket = KeyValueConfiguration.builder().name(CALL_IDS).storageType(StorageType.File)
                .ttl(DUPLICATE_WINDOW).maxBucketSize(CALL_IDS_MAX_BYTES).build();
        KeyValueManagement buckets = connection.keyValueManagement();
        try {
            buckets.getStatus(CALL_IDS);
            buckets.update(bucket);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // not found
                throw e;
            }
            buckets.create(bucket);
        }
        callIds = connection.keyValue(CALL_IDS);
        management.addOrUpdateConsumer(STREAM, ConsumerConfiguration.builder()
                .durable(CONSUMER)
                .ackPolicy(AckPolicy.Explicit)
                .ackWait(ackWait)
                // attempts are counted by the worker in the message, not by redeliveries
                .maxDeliver(-1)
                .maxAckPending(maxAckPending)
                .build());
        subscription = jetStream.subscribe(null, PullSubscribeOptions.bind(STREAM, CONSUMER));
    }

    private void ensureStream(StreamConfiguration config) throws IOException, JetStreamApiException {
        try {
            StreamConfiguration existing = management.getStreamInfo(config.getName()).getConfiguration();
            if (existing.getRetentionPolicy() != config.getRetentionPolicy()) {
                // a stream of an older gateway (limits retention kept every call): NATS cannot change a retention
                // policy, so the stream is made again, which is safe only when no call in it is still to be run
                replaceStream(config);
                return;
            }
            management.updateStream(config);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // stream not found
                throw e;
            }
            management.addStream(config);
        }
    }

    private void replaceStream(StreamConfiguration config) throws IOException, JetStreamApiException {
        long waiting = 0;
        try {
            var consumer = management.getConsumerInfo(config.getName(), CONSUMER);
            waiting = consumer.getNumPending() + consumer.getNumAckPending();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10014) { // consumer not found: nothing was ever read, everything waits
                throw e;
            }
            waiting = management.getStreamInfo(config.getName()).getStreamState().getMsgCount();
        }
        if (waiting > 0) {
            throw new IOException("stream " + config.getName() + " (made by an older jfaas) keeps every call and still"
                    + " has " + waiting + " to run: let an older gateway run them, or delete the stream, then start"
                    + " again");
        }
        LOG.info("stream " + config.getName() + " is made again with " + config.getRetentionPolicy()
                + " retention (the older one kept every call; none was still to run)");
        management.deleteStream(config.getName());
        management.addStream(config);
    }

    /** Whether the NATS connection is up (the worker process's {@code /healthz}). */
    boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public String description() {
        return "NATS JetStream at " + NatsEnvelope.withoutCredentials(url) + " (stream " + STREAM
                + ", file storage; dead letters in " + DEAD_LETTER_STREAM + ")";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public CompletableFuture<Void> publish(QueuedCall call) {
        if (call.attempt() != 1 || call.redrives() != 0) {
            return publish(STREAM, call.messageId(), CallFrame.encode(call));
        }
        return claimAndPublish(call, call.digest());
    }

    /** A new call: one whose id is sealed to it is stored at once; any other id is claimed first. */
    @Override
    public CompletableFuture<Void> publishNew(QueuedCall call, String digest, boolean sealed) {
        if (sealed) {
            return publish(STREAM, call.messageId(digest), CallFrame.encode(call));
        }
        return claimAndPublish(call, digest);
    }

    /** Takes the call id for this function (or finds that this call has it), then stores the call. */
    private CompletableFuture<Void> claimAndPublish(QueuedCall call, String digest) {
        return CompletableFuture.runAsync(() -> claim(call, digest), VIRTUAL)
                .thenCompose(claimed -> publish(STREAM, call.messageId(digest), CallFrame.encode(call)));
    }

    private static final java.util.concurrent.Executor VIRTUAL = task -> Thread.ofVirtual().name("async-claim")
            .start(task);

    /** Takes the call id for this call, or fails with a conflict when another call of the function has it. */
    private void claim(QueuedCall call, String callDigest) {
        byte[] digest = callDigest.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            try {
                callIds.create(call.idKey(), digest);
                return;
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != 10071) { // wrong last sequence: the key exists
                    throw e;
                }
            }
            KeyValueEntry first = callIds.get(call.idKey());
            if (first != null && first.getValue() != null && !java.util.Arrays.equals(first.getValue(), digest)) {
                throw QueueRefusal.idConflict(call);
            }
        } catch (IOException | JetStreamApiException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter letter) {
        try {
            DeadLetter fitting = letter.fitting(connection.getMaxPayload() - MESSAGE_OVERHEAD, json);
            if (!fitting.equals(letter)) {
                LOG.warning("dead letter of call " + letter.call().callId() + " " + fitting.truncated());
            }
            return publish(DEAD_LETTER_STREAM, "dead#" + letter.call().messageId(), json.writeValueAsBytes(fitting));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> publish(String subject, String messageId, byte[] data) {
        try {
            return jetStream.publishAsync(NatsMessage.builder().subject(subject).data(data).build(),
                            PublishOptions.builder().messageId(messageId).build())
                    .<Void>thenApply(ack -> null)
                    .exceptionallyCompose(failure -> CompletableFuture.failedFuture(full(subject, failure)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A stream that refused a message for want of room becomes {@link QueueRefusal} FULL; anything else is kept. */
    private Throwable full(String subject, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JetStreamApiException api && (api.getApiErrorCode() == 10077 // maximum bytes
                    || api.getApiErrorCode() == 10047)) { // insufficient resources
                return QueueRefusal.full("stream " + subject + " holds " + streamMaxBytes + " bytes at most, "
                        + AsyncConfig.STREAM_MAX_BYTES);
            }
        }
        return failure;
    }

    @Override
    public int pull(int max, Duration wait, Consumer<Delivery> each) throws Exception {
        Iterator<Message> messages = subscription.iterate(max, wait);
        int count = 0;
        while (messages.hasNext()) {
            Message message = messages.next();
            if (!message.isJetStream()) {
                continue;
            }
            QueuedCall call;
            try {
                call = CallFrame.decode(message.getData(), json);
            } catch (CallFrame.Newer e) {
                // queued by a later jfaas sharing the stream: left for a worker that reads it, never dropped
                LOG.warning("leaving a call in " + STREAM + " for a newer worker: " + e.getMessage());
                message.nakWithDelay(NEWER_FRAME_DELAY);
                continue;
            } catch (IOException e) {
                LOG.warning("dropping an unreadable message from " + STREAM + ": " + e.getMessage());
                message.ack();
                continue;
            }
            each.accept(new JetStreamDelivery(message, call));
            count++;
        }
        return count;
    }

    @Override
    public List<DeadLetter> deadLetters() throws Exception {
        List<DeadLetter> letters = new ArrayList<>();
        forEachDeadLetter((sequence, letter) -> {
            letters.add(letter);
            return false;
        });
        return letters;
    }

    @Override
    public Optional<DeadLetter> removeDeadLetter(String callId) throws Exception {
        DeadLetter[] found = new DeadLetter[1];
        long[] at = new long[1];
        forEachDeadLetter((sequence, letter) -> {
            if (letter.call().callId().equals(callId)) {
                found[0] = letter;
                at[0] = sequence;
                return true;
            }
            return false;
        });
        if (found[0] == null) {
            return Optional.empty();
        }
        management.deleteMessage(DEAD_LETTER_STREAM, at[0]);
        return Optional.of(found[0]);
    }

    private interface Visitor {
        /** Returns true to stop. */
        boolean visit(long sequence, DeadLetter letter) throws IOException;
    }

    private void forEachDeadLetter(Visitor visitor) throws IOException, JetStreamApiException {
        StreamState state = management.getStreamInfo(DEAD_LETTER_STREAM).getStreamState();
        if (state.getMsgCount() == 0) {
            return;
        }
        for (long sequence = state.getFirstSequence(); sequence <= state.getLastSequence(); sequence++) {
            MessageInfo info;
            try {
                info = management.getMessage(DEAD_LETTER_STREAM, sequence);
            } catch (JetStreamApiException e) {
                continue; // deleted (redriven) letters leave gaps
            }
            if (visitor.visit(sequence, json.readValue(info.getData(), DeadLetter.class))) {
                return;
            }
        }
    }

    /** For tests: the consumer's count of delivered-but-unacknowledged and redelivered messages. */
    long[] consumerPendingAndRedelivered() throws IOException, JetStreamApiException {
        var info = management.getConsumerInfo(STREAM, CONSUMER);
        return new long[] {info.getNumAckPending(), info.getRedelivered()};
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timers.shutdownNow();
        }
    }

    private record JetStreamDelivery(Message message, QueuedCall call) implements Delivery {

        @Override
        public void ack() {
            message.ack();
        }

        @Override
        public void retryLater(Duration delay) {
            message.nakWithDelay(delay);
        }

        @Override
        public void inProgress() {
            message.inProgress();
        }
    }
}
