package io.jfaas.operator.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.jfaas.provider.EndpointsUpdate;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * {@code GET /system/endpoints}: the endpoints feed ({@link EndpointsUpdate}), newline-delimited JSON for as long as
 * the client stays: a snapshot of every function, then each change from the {@link FunctionCache}, and a heartbeat
 * line when nothing changed for a while. Each reader has a {@link FeedQueue} of at most {@code queueBound} updates;
 * a reader that falls that far behind is disconnected (it reconnects and starts again from a snapshot), so a slow
 * gateway never holds the operator's memory.
 */
final class EndpointsRoute extends Route {

    /** The updates a reader may fall behind by before it is disconnected. */
    static final int QUEUE_BOUND = 4096;

    private final FunctionCache cache;
    private final ObjectMapper mapper;
    private final int queueBound;

    EndpointsRoute(FunctionCache cache, ObjectMapper mapper, int queueBound) {
        super("GET");
        this.cache = cache;
        this.mapper = mapper;
        this.queueBound = queueBound;
    }

    @Override
    void serve(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().matches("/" + EndpointsUpdate.PATH + "/?")) {
            throw ApiError.notFound("404 page not found");
        }
        FeedQueue queue = new FeedQueue(queueBound);
        Runnable unsubscribe = cache.subscribe(queue);
        try {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (!queue.behind()) {
                EndpointsUpdate update = queue.next(Duration.ofSeconds(EndpointsUpdate.HEARTBEAT_SECONDS))
                        .orElseGet(EndpointsUpdate::heartbeat);
                out.write(mapper.writeValueAsBytes(update));
                out.write('\n');
                out.flush();
            }
        } catch (InterruptedException e) {
            // the API is stopping
            Thread.currentThread().interrupt();
        } finally {
            unsubscribe.run();
        }
    }
}
