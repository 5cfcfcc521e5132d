package io.jfaas.gateway.async;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where accepted calls wait for the worker, and where the ones that failed for good are kept. Two kinds:
 * {@link JetStreamQueue} (durable) and {@link MemoryQueue} (lost on restart).
 */
interface CallQueue extends AutoCloseable {

    /** Said at start-up and in {@code /system/info}. */
    String description();

    /** Whether a queued call survives a restart of the gateway. */
    boolean durable();

    /**
     * Stores one attempt of a call; completes once it is stored (for JetStream: acknowledged by the stream, on disk).
     * A second attempt with the same {@link QueuedCall#messageId()} within the de-duplication window is dropped. A new
     * call (first attempt, never redriven) whose call id the function already had for another call within the window
     * fails with {@link QueueRefusal} {@code ID_CONFLICT}; a queue without room fails with {@link QueueRefusal}
     * {@code FULL}.
     */
    CompletableFuture<Void> publish(QueuedCall call);

    /**
     * Stores a new call as {@link #publish} does. {@code digest}: the call's {@link QueuedCall#digest()}, already made.
     * {@code sealed}: its call id is sealed to it ({@link CallIdSeal}), so it names no other call and need not be held
     * for the window; a reuse for another call is refused before the queue is asked.
     */
    default CompletableFuture<Void> publishNew(QueuedCall call, String digest, boolean sealed) {
        return publish(call);
    }

    /**
     * Hands up to {@code max} waiting calls to {@code each}, as they come, waiting at most {@code wait} in all; returns
     * how many were handed over. Blocks: the worker's fetch thread calls it.
     */
    int pull(int max, Duration wait, Consumer<Delivery> each) throws Exception;

    /** Stores a call that failed for good; one too large for the queue is stored cut ({@link DeadLetter#fitting}). */
    CompletableFuture<Void> deadLetter(DeadLetter letter);

    /** The dead-lettered calls, oldest first. */
    List<DeadLetter> deadLetters() throws Exception;

    /** Removes the dead letter of a call and returns it, if there is one. */
    Optional<DeadLetter> removeDeadLetter(String callId) throws Exception;

    @Override
    void close();

    /** One call handed to the worker, which must end it with {@link #ack} or {@link #retryLater}. */
    interface Delivery {

        QueuedCall call();

        /** The call is done with: it is not delivered again. */
        void ack();

        /** Delivers the call again after {@code delay} (the same attempt). */
        void retryLater(Duration delay);

        /** The call is still being worked on: do not deliver it to anyone else yet. */
        void inProgress();
    }
}
