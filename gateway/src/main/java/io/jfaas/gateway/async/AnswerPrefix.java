package io.jfaas.gateway.async;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a function's answer to an async call keeping only its first {@code limit} bytes (for the callback and the
 * dead letter) and counting the rest, which is read and dropped: an answer of any size costs the worker at most
 * {@code limit} bytes.
 */
final class AnswerPrefix implements HttpResponse.BodySubscriber<AnswerPrefix.Prefix> {

    /** The bytes kept and the answer's whole length. */
    record Prefix(byte[] bytes, long length) {
    }

    private final long limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final CompletableFuture<Prefix> result = new CompletableFuture<>();
    private long length;

    AnswerPrefix(long limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<Prefix> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            int size = buffer.remaining();
            long room = limit - kept.size();
            if (room > 0) {
                byte[] bytes = new byte[(int) Math.min(room, size)];
                buffer.get(bytes);
                kept.writeBytes(bytes);
            }
            length += size;
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(new Prefix(kept.toByteArray(), length));
    }
}
