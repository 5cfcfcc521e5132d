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
 * The queue when there is no NATS: calls and dead letters in this process's memory, lost when it stops, and bounded:
 * calls waiting, running or waiting for a retry, dead letters, and the de-duplication entries of the window's calls
 * hold at most {@code maxBytes} together (a call past it is refused, {@link QueueRefusal} {@code FULL}; so many quick
 * calls cannot grow the entries without end either). Same de-duplication as {@link JetStreamQueue}: by message id,
 * and a call id reused for another call of the same function within the window is refused.
 */
final class MemoryQueue implements CallQueue {

    private final long maxBytes;
    private final LinkedBlockingQueue<QueuedCall> waiting = new LinkedBlockingQueue<>();
    /** Message ids and call-id keys seen within the window, with when and (for keys) the call's digest. */
    private final Map<String, Seen> seen = new LinkedHashMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("async-memory-delays").daemon().factory());
    private long usedBytes;

    /** One de-duplication entry; it costs {@link #bytes} of the bound while it lives. */
    private record Seen(long nanos, String digest, long bytes) {
    }

    /** What a de-duplication entry holds besides its key and digest (map entry, record, strings' headers). */
    static final int SEEN_OVERHEAD_BYTES = 160;

    MemoryQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

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
    public synchronized CompletableFuture<Void> publish(QueuedCall call) {
        long now = System.nanoTime();
        Iterator<Seen> times = seen.values().iterator();
        while (times.hasNext()) {
            Seen oldest = times.next();
            if (now - oldest.nanos() <= JetStreamQueue.DUPLICATE_WINDOW.toNanos()) {
                break;
            }
            usedBytes -= oldest.bytes();
            times.remove();
        }
        String digest = call.digest();
        String messageId = call.messageId(digest);
        if (call.attempt() == 1 && call.redrives() == 0) {
            Seen first = seen.get(call.idKey());
            if (first != null && !first.digest().equals(digest)) {
                return CompletableFuture.failedFuture(QueueRefusal.idConflict(call));
            }
        }
        if (seen.containsKey(messageId)) {
            return CompletableFuture.completedFuture(null);
        }
        long entries = entryBytes(messageId, digest) + (seen.containsKey(call.idKey()) ? 0
                : entryBytes(call.idKey(), digest));
        if (usedBytes + call.size() + entries > maxBytes) {
            return CompletableFuture.failedFuture(QueueRefusal.full("in memory: " + usedBytes + " of "
                    + maxBytes + " bytes in use, " + AsyncConfig.MEMORY_QUEUE));
        }
        usedBytes += call.size();
        remember(messageId, now, digest);
        if (!seen.containsKey(call.idKey())) {
            remember(call.idKey(), now, digest);
        }
        waiting.add(call);
        return CompletableFuture.completedFuture(null);
    }

    private void remember(String key, long now, String digest) {
        long bytes = entryBytes(key, digest);
        seen.put(key, new Seen(now, digest, bytes));
        usedBytes += bytes;
    }

    private static long entryBytes(String key, String digest) {
        return SEEN_OVERHEAD_BYTES + 2L * (key.length() + digest.length());
    }

    /** Bytes of the bound in use now: queued and running calls, dead letters and de-duplication entries. */
    synchronized long usedBytes() {
        return usedBytes;
    }

    private synchronized void release(QueuedCall call) {
        usedBytes -= call.size();
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
        long size = letter.call().size() + (letter.responseBody() == null ? 0 : letter.responseBody().length);
        if (usedBytes + size > maxBytes) {
            return CompletableFuture.failedFuture(QueueRefusal.full("in memory: " + usedBytes + " of " + maxBytes
                    + " bytes in use, " + AsyncConfig.MEMORY_QUEUE));
        }
        usedBytes += size;
        DeadLetter replaced = deadLetters.put(letter.call().callId(), letter);
        if (replaced != null) {
            usedBytes -= replaced.call().size() + (replaced.responseBody() == null ? 0 : replaced.responseBody().length);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized List<DeadLetter> deadLetters() {
        return new ArrayList<>(deadLetters.values());
    }

    @Override
    public synchronized Optional<DeadLetter> removeDeadLetter(String callId) {
        DeadLetter removed = deadLetters.remove(callId);
        if (removed != null) {
            usedBytes -= removed.call().size() + (removed.responseBody() == null ? 0 : removed.responseBody().length);
        }
        return Optional.ofNullable(removed);
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
            release(call);
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
