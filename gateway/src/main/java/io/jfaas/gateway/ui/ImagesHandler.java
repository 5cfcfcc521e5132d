package io.jfaas.gateway.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /ui/api/images}: the tags in local mode's image store, sorted, for the Deploy page to offer
 * ({@code {"images":["hello:latest",...],"truncated":false}}); at most {@value #MAX_IMAGES}, {@code truncated} saying
 * there were more. Empty in front of a cluster's provider, whose images live in registries.
 */
public final class ImagesHandler implements Handler<RoutingContext> {

    /** The route, below the UI's prefix and so behind the same authentication. */
    public static final String PATH = "/ui/api/images";
    /** The most tags one answer lists. */
    static final int MAX_IMAGES = 500;

    private final Optional<LocalImageStore> store;
    private final ObjectMapper json;

    /** @param store local mode's image store; empty in front of a cluster */
    public ImagesHandler(Optional<LocalImageStore> store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (store.isEmpty()) {
            send(ctx, List.of(), false);
            return;
        }
        // the store is files: read off the event loop
        ctx.vertx().executeBlocking(() -> store.get().tags(MAX_IMAGES + 1), false).onComplete(result -> {
            if (result.failed()) {
                HttpErrors.sendFailure(ctx, result.cause());
                return;
            }
            List<ImageRef> tags = result.result();
            send(ctx, tags.stream().limit(MAX_IMAGES).map(ImageRef::toString).toList(), tags.size() > MAX_IMAGES);
        });
    }

    private void send(RoutingContext ctx, List<String> images, boolean truncated) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("images", images);
        answer.put("truncated", truncated);
        UiAnswers.json(ctx, json, answer);
    }
}
