package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The queue on NATS JetStream: calls in the stream {@code faas-request} (file storage, de-duplicated by message id),
 * read by the durable pull consumer {@code faas-workers} with explicit acks; dead letters in the stream
 * {@code faas-dead-letters}. The streams and the consumer are created, or updated, on start.
 */
final class JetStreamQueue implements CallQueue {

    private static final Logger LOG = Logger.getLogger(JetStreamQueue.class.getName());

    static final String STREAM = "faas-request";
    static final String DEAD_LETTER_STREAM = "faas-dead-letters";
    static final String CONSUMER = "faas-workers";
    /** A call is accepted once the stream has it; a stream that does not answer within this is taken as down. */
    static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);
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
    private final JetStream jetStream;
    private final JetStreamManagement management;
    private final ObjectMapper json;
    private final Duration ackWait;
    private final int maxAckPending;
    private JetStreamSubscription subscription;

    private JetStreamQueue(String url, Connection connection, ObjectMapper json, Duration ackWait, int maxAckPending)
            throws IOException {
        this.url = url;
        this.connection = connection;
        this.jetStream = connection.jetStream();
        this.management = connection.jetStreamManagement();
        this.json = json;
        this.ackWait = ackWait;
        this.maxAckPending = maxAckPending;
    }

    Connection connection() {
        return connection;
    }

    String url() {
        return url;
    }

    /** Connects (reconnecting for ever after), and makes sure the streams and the consumer exist. */
    static JetStreamQueue connect(String url, ObjectMapper json, Duration ackWait, int maxAckPending)
            throws IOException, InterruptedException {
        Options options = Options.builder()
                .server(url)
                .connectionName("jfaas-gateway")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener((conn, event) -> LOG.info("NATS " + url + ": " + event))
                .errorListener(new io.nats.client.ErrorListener() { })
                .build();
        Connection connection = Nats.connect(options);
        JetStreamQueue queue = new JetStreamQueue(url, connection, json, ackWait, maxAckPending);
        try {
            queue.declare();
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            connection.close();
            throw new IOException("cannot set up the JetStream streams at " + url + ": " + e.getMessage(), e);
        }
        return queue;
    }

    private void declare() throws IOException, JetStreamApiException {
        ensureStream(StreamConfiguration.builder().name(STREAM).subjects(STREAM).storageType(StorageType.File)
                .duplicateWindow(DUPLICATE_WINDOW).build());
        ensureStream(StreamConfiguration.builder().name(DEAD_LETTER_STREAM).subjects(DEAD_LETTER_STREAM)
                .storageType(StorageType.File).build());
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
            management.getStreamInfo(config.getName());
            management.updateStream(config);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != 10059) { // stream not found
                throw e;
            }
            management.addStream(config);
        }
    }

    /** Whether the NATS connection is up (the worker process's {@code /healthz}). */
    boolean connected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public String description() {
        return "NATS JetStream at " + url + " (stream " + STREAM + ", file storage; dead letters in "
                + DEAD_LETTER_STREAM + ")";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public CompletableFuture<Void> publish(QueuedCall call) {
        return publish(STREAM, call.messageId(), call);
    }

    @Override
    public CompletableFuture<Void> deadLetter(DeadLetter letter) {
        return publish(DEAD_LETTER_STREAM, "dead#" + letter.call().messageId(), letter);
    }

    private CompletableFuture<Void> publish(String subject, String messageId, Object value) {
        byte[] data;
        try {
            data = json.writeValueAsBytes(value);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            return jetStream.publishAsync(NatsMessage.builder().subject(subject).data(data).build(),
                            PublishOptions.builder().messageId(messageId).build())
                    .orTimeout(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .thenApply(ack -> null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
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
                call = json.readValue(message.getData(), QueuedCall.class);
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
