package io.jfaas.gateway.system;

import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Runs a provider call for a route and answers on the route's event loop, success or failure. */
final class Replies {

    private Replies() {
    }

    static <T> void reply(RoutingContext ctx, Supplier<CompletableFuture<T>> call, Consumer<T> onSuccess) {
        try {
            Future.fromCompletionStage(call.get(), ctx.vertx().getOrCreateContext()).onComplete(result -> {
                if (result.failed()) {
                    HttpErrors.sendFailure(ctx, result.cause());
                    return;
                }
                try {
                    onSuccess.accept(result.result());
                } catch (RuntimeException e) {
                    HttpErrors.sendFailure(ctx, e);
                }
            });
        } catch (RuntimeException e) {
            HttpErrors.sendFailure(ctx, e);
        }
    }
}
