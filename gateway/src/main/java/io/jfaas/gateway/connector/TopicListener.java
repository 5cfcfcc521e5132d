package io.jfaas.gateway.connector;

import io.jfaas.model.FunctionRef;
import io.jfaas.triggers.Triggers;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Invokes functions with the messages on their {@code topic} subjects. Every connector subscribes to each subject in
 * the queue group {@value #QUEUE_GROUP}, so that with N replicas each message is delivered to one of them. A message
 * becomes a POST: its body the body, its headers the headers (values of one name joined with ", "), plus
 * {@code X-Topic} (the subject). In sync mode the function's answer goes to the message's reply subject, if it has
 * one, with the function's headers and {@code X-Function-Status}; in async mode the call is queued
 * ({@code /async-function}: retries, dead letters) and the reply subject, if any, gets 202 and the call id.
 *
 * <p>Bounds: at most {@code maxInflight} invocations run at once; beyond that the subscription's thread waits, and
 * messages wait in the client's pending queue, bounded by {@code pendingMessages} and {@code pendingBytes}, beyond
 * which NATS drops them (a slow consumer: counted, and logged at most once a minute). An answer larger than the
 * server's {@code max_payload} is not sent (nor read past that size): the reply says why, with status 502.
 */
final class TopicListener implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicListener.class.getName());

    static final String QUEUE_GROUP = "jfaas-connector";
    static final String STATUS_HEADER = "X-Function-Status";

    /** What invokes a function with a message. */
    interface Invoker {
        GatewayClient.Answer invoke(FunctionRef ref, Triggers.Invocation mode, Map<String, String> headers,
                                    byte[] body) throws Exception;
    }

    private record Route(FunctionRef ref, Triggers.Invocation mode) {
    }

    private final Connection nats;
    private final Invoker invoker;
    private final Triggers.Invocation fallback;
    private final Semaphore inflight;
    private final int pendingMessages;
    private final long pendingBytes;
    /** Made with the first subscription: while no function has a topic, no thread waits for messages. */
    private volatile Dispatcher dispatcher;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private volatile Map<String, List<Route>> routes = Map.of();
    private final AtomicLong invoked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** The dropped count last told, and when (the dispatcher's thread only). */
    private long droppedTold;
    private long droppedToldAt;

    TopicListener(Connection nats, Invoker invoker, Triggers.Invocation fallback, int maxInflight,
                  int pendingMessages, long pendingBytes) {
        this.nats = nats;
        this.invoker = invoker;
        this.fallback = fallback;
        this.inflight = new Semaphore(maxInflight);
        this.pendingMessages = pendingMessages;
        this.pendingBytes = pendingBytes;
    }

    /** The functions and their topics now: subscribes to new subjects, leaves those no function names. */
    synchronized void update(Map<FunctionRef, Triggers> functions) {
        Map<String, List<Route>> next = new HashMap<>();
        functions.forEach((ref, triggers) -> triggers.topics().forEach(topic -> next
                .computeIfAbsent(topic, t -> new ArrayList<>()).add(new Route(ref, triggers.invocation(fallback)))));
        routes = next;
        boolean subscribed = false;
        for (String subject : next.keySet()) {
            if (!subscriptions.containsKey(subject)) {
                subscribed = true;
                if (dispatcher == null) {
                    Dispatcher made = nats.createDispatcher();
                    made.setPendingLimits(pendingMessages, pendingBytes);
                    dispatcher = made;
                }
                subscriptions.put(subject, dispatcher.subscribe(subject, QUEUE_GROUP, message -> deliver(subject,
                        message)));
                LOG.info("topics: subscribed to " + subject + " (queue group " + QUEUE_GROUP + ") for "
                        + next.get(subject).stream().map(r -> r.ref().toString()).toList());
            }
        }
        if (subscribed) {
            try {
                // the server knows the new subscriptions before this returns
                nats.flush(java.time.Duration.ofSeconds(5));
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.fine(() -> "topics: flushing the subscriptions: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (var it = subscriptions.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!next.containsKey(entry.getKey())) {
                dispatcher.unsubscribe(entry.getValue());
                it.remove();
                LOG.info("topics: left " + entry.getKey() + " (no function names it now)");
            }
        }
    }

    /** Runs on the dispatcher's thread: waits for room, then invokes on a virtual thread. */
    private void deliver(String subject, Message message) throws InterruptedException {
        tellDrops();
        List<Route> targets = routes.getOrDefault(subject, List.of());
        if (targets.isEmpty()) {
            LOG.warning("topics: a message on " + message.getSubject() + " arrived as no function named " + subject
                    + " any more; not delivered");
            return;
        }
        for (Route route : targets) {
            inflight.acquire();
            try {
                Thread.ofVirtual().name("topic-" + route.ref().qualified()).start(() -> {
                    try {
                        invoke(route, message);
                    } finally {
                        inflight.release();
                    }
                });
            } catch (RuntimeException e) {
                inflight.release();
                throw e;
            }
        }
    }

    private void invoke(Route route, Message message) {
        Map<String, String> headers = new LinkedHashMap<>();
        Headers natsHeaders = message.getHeaders();
        if (natsHeaders != null) {
            for (String name : natsHeaders.keySet()) {
                List<String> values = natsHeaders.get(name);
                if (values != null && !values.isEmpty()) {
                    headers.put(name, String.join(", ", values));
                }
            }
        }
        headers.put(Scheduler.TOPIC_HEADER, message.getSubject());
        byte[] body = message.getData() == null ? new byte[0] : message.getData();
        String reply = message.getReplyTo();
        GatewayClient.Answer answer;
        try {
            answer = invoker.invoke(route.ref(), route.mode(), headers, body);
        } catch (Exception e) {
            failed.incrementAndGet();
            String why = "the connector could not invoke " + route.ref() + ": " + e.getMessage();
            LOG.warning("topics: message on " + message.getSubject() + ": " + why);
            if (reply != null) {
                answer(reply, 502, Map.of(), why.getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        invoked.incrementAndGet();
        if (answer.status() >= 400 || route.mode() == Triggers.Invocation.ASYNC && answer.status() != 202) {
            LOG.warning("topics: message on " + message.getSubject() + " -> " + route.ref() + " ("
                    + route.mode().name().toLowerCase(java.util.Locale.ROOT) + "): " + answer.status());
        } else {
            LOG.fine(() -> "topics: message on " + message.getSubject() + " -> " + route.ref() + ": "
                    + answer.status());
        }
        if (reply != null) {
            answer(reply, answer.status(), answer.headers(), answer.body());
        }
    }

    /** Publishes an answer to a reply subject, or, when it is above max_payload, a 502 that says so. */
    private void answer(String reply, int status, Map<String, String> answerHeaders, byte[] body) {
        Headers headers = new Headers();
        answerHeaders.forEach((name, value) -> {
            try {
                headers.put(name, value);
            } catch (IllegalArgumentException notNats) {
                // a header NATS cannot carry (its name or value): the requester does without it
            }
        });
        headers.put(STATUS_HEADER, Integer.toString(status));
        NatsMessage message = NatsMessage.builder().subject(reply).headers(headers).data(body).build();
        long max = nats.getMaxPayload();
        if ((long) headers.serializedLength() + body.length > max) {
            byte[] why = ("the function's answer (with its headers, more than " + max + " bytes) is above the NATS"
                    + " server's max_payload (" + max + " bytes)").getBytes(StandardCharsets.UTF_8);
            Headers error = new Headers();
            error.put(STATUS_HEADER, "502");
            message = NatsMessage.builder().subject(reply).headers(error).data(why).build();
            LOG.warning("topics: an answer to " + reply + ": " + new String(why, StandardCharsets.UTF_8));
        }
        try {
            nats.publish(message);
        } catch (RuntimeException e) {
            LOG.warning("topics: cannot answer on " + reply + ": " + e.getMessage());
        }
    }

    /**
     * Says that messages were dropped, at most once a minute. Asked at each delivery: drops happen while the pending
     * queue is full, so a delivery follows them.
     */
    private void tellDrops() {
        long dropped = dropped();
        long now = System.nanoTime();
        if (dropped > droppedTold && (droppedToldAt == 0 || now - droppedToldAt > TimeUnit.MINUTES.toNanos(1))) {
            LOG.warning("topics: messages arrive faster than functions take them: NATS drops those beyond "
                    + ConnectorConfig.PENDING_MESSAGES + "/" + ConnectorConfig.PENDING_BYTES + " (" + dropped
                    + " dropped so far; said at most once a minute)");
            droppedTold = dropped;
            droppedToldAt = now;
        }
    }

    /** Messages NATS dropped because this connector's pending queue was full (slow consumer). */
    long dropped() {
        Dispatcher made = dispatcher;
        return made == null ? 0 : made.getDroppedCount();
    }

    /** Invocations made, and those that could not be made. */
    long invoked() {
        return invoked.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public synchronized void close() {
        if (dispatcher == null) {
            return;
        }
        try {
            nats.closeDispatcher(dispatcher);
        } catch (RuntimeException e) {
            LOG.fine(() -> "topics: closing the dispatcher: " + e.getMessage());
        }
    }
}
