package io.jfaas.operator.provider;

import io.jfaas.provider.EndpointsUpdate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One reader's updates of the endpoints feed, between the {@link FunctionCache}'s thread (which must never block) and
 * the reader's connection: at most {@code bound} wait; one more and the reader is {@link #behind()}, to be
 * disconnected (it reconnects and starts again from a snapshot).
 */
final class FeedQueue implements Consumer<EndpointsUpdate> {

    private final BlockingQueue<EndpointsUpdate> queue;
    private volatile boolean behind;

    FeedQueue(int bound) {
        this.queue = new ArrayBlockingQueue<>(bound);
    }

    /** From the cache's thread: never blocks. */
    @Override
    public void accept(EndpointsUpdate update) {
        if (!queue.offer(update)) {
            behind = true;
        }
    }

    /** Whether an update found the queue full: the reader must be disconnected. */
    boolean behind() {
        return behind;
    }

    /** The next update, waiting up to {@code wait}; empty when none came. */
    Optional<EndpointsUpdate> next(Duration wait) throws InterruptedException {
        return Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** Updates waiting now. */
    int size() {
        return queue.size();
    }
}
