package io.jfaas.gateway.http;

import io.jfaas.gateway.provider.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Error answers, as OpenFaaS writes them (Go's {@code http.Error}): plain text, the message and a newline,
 * {@code X-Content-Type-Options: nosniff}. Clients never see a stack trace: unexpected failures are logged here and
 * answered with a generic 500.
 */
public final class HttpErrors {

    private static final Logger LOG = Logger.getLogger(HttpErrors.class.getName());

    private HttpErrors() {
    }

    /**
     * Answers {@code status} with {@code message}, unless the response has already begun: then the stream is reset,
     * so the client cannot mistake a cut response for a whole one. Completes when the answer is written.
     */
    public static Future<Void> send(RoutingContext ctx, int status, String message) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(message.endsWith("\n") || message.isEmpty() ? message : message + "\n");
    }

    /** Answers a failed provider call: its kind picks the status, its message is the body. */
    public static void sendFailure(RoutingContext ctx, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderException e) {
            send(ctx, statusOf(e.kind()), e.getMessage());
        } else {
            LOG.log(Level.SEVERE, "request " + ctx.request().method() + " " + ctx.request().path() + " failed", cause);
            send(ctx, 500, "internal error: " + cause.getClass().getSimpleName() + " (see the gateway's log)");
        }
    }

    /** The status code for a provider failure. */
    public static int statusOf(ProviderException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 401;
            case UNPROCESSABLE -> 422;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE, SCALED_TO_ZERO -> 503;
            case OVERLOADED -> 429;
            case INTERNAL -> 500;
        };
    }

    /** The failure behind the wrappers futures add. */
    public static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
