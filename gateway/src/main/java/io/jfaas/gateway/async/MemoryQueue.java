package io.jfaas.gateway.async;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The queue when there is no NATS: calls and dead letters in this process's memory, lost when it stops. Same
 * de-duplication by message id as {@link JetStreamQueue}.
 */
final class MemoryQueue implements CallQueue {

    private final LinkedBlockingQueue<QueuedCall> waiting = new LinkedBlockingQueue<>();
    private final Map<String, Long> seenIds = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("async-memory-delays").daemon().factory());

    @Override
    public String description() {
        return "in memory: queued calls do NOT survive a restart of the gateway (install nats-server or set "
                + AsyncConfig.NATS_URL + " to make them durable)";
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public CompletableFuture<Void> publish(QueuedCall call) {
        long now = System.nanoTime();
        synchronized (seenIds) {
            Iterator<Long> times = seenIds.values().iterator();
            while (times.hasNext() && now - times.next() > JetStreamQueue.DUPLICATE_WINDOW.toNanos()) {
                times.remove();
            }
            if (seenIds.putIfAbsent(call.messageId(), now) != null) {
                return CompletableFuture.completedFuture(null);
            }
        }
        waiting.add(call);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public int pull(int max, Duration wait, Consumer<Delivery> each) throws InterruptedException {
        QueuedCall first = waiting.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        each.accept(new MemoryDelivery(first));
        int count = 1;
        while (count < max) {
            QueuedCall next = waiting.poll();
            if (next == null) {
                break;
            }
            each.accept(new MemoryDelivery(next));
            count++;
        }
        return count;
    }

    @Override
    public synchronized CompletableFuture<Void> deadLetter(DeadLetter letter) {
        deadLetters.put(letter.call().callId(), letter);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<DeadLetter> deadLetters() {
        return new ArrayList<>(deadLetters.values());
    }

    @Override
    public synchronized Optional<DeadLetter> removeDeadLetter(String callId) {
        return Optional.ofNullable(deadLetters.remove(callId));
    }

    @Override
    public void close() {
        delays.shutdownNow();
    }

    private final class MemoryDelivery implements Delivery {

        private final QueuedCall call;

        MemoryDelivery(QueuedCall call) {
            this.call = call;
        }

        @Override
        public QueuedCall call() {
            return call;
        }

        @Override
        public void ack() {
        }

        @Override
        public void retryLater(Duration delay) {
            delays.schedule(() -> waiting.add(call), delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void inProgress() {
        }
    }
}
