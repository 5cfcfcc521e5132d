package io.jfaas.gateway.invoke;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.LongConsumer;

/**
 * A request body of unknown length passed through while it stays within a limit. The chunk that crosses the limit is
 * not passed on: {@code onTooLarge} gets the bytes seen so far and the stream stops.
 */
final class LimitedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long limit;
    private final LongConsumer onTooLarge;
    private long seen;
    private boolean exceeded;

    LimitedBody(ReadStream<Buffer> source, long limit, LongConsumer onTooLarge) {
        this.source = source;
        this.limit = limit;
        this.onTooLarge = onTooLarge;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (exceeded) {
                return;
            }
            seen += chunk.length();
            if (seen > limit) {
                exceeded = true;
                onTooLarge.accept(seen);
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        source.endHandler(endHandler == null ? null : end -> {
            if (!exceeded) {
                endHandler.handle(end);
            }
        });
        return this;
    }
}
