package io.jfaas.gateway.http;

import io.jfaas.provider.ProviderException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
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

    /** The content type of every error answer. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";
    /** How long the rest of a refused request's body is read and dropped before its connection is closed. */
    public static final Duration LINGER = Duration.ofSeconds(2);
    /** How much of a refused request's body is read and dropped at most before its connection is closed. */
    public static final long LINGER_BYTES = 64L * 1024 * 1024;

    private HttpErrors() {
    }

    /**
     * Answers a request whose body is refused while the client may still be sending it (too large, or not wanted
     * after an error), with {@code Connection: close}, then closes the connection. Until the body ends, but no longer
     * than {@link #LINGER} and no more than {@link #LINGER_BYTES}, what the client still sends is read and dropped
     * first: a socket closed with unread data resets the connection, and a client that is still writing its body can
     * then lose the answer before it reads it.
     */
    public static Future<Void> refuseAndClose(RoutingContext ctx, int status, String message) {
        return refuseAndClose(ctx.request(), ctx.vertx(), status, message);
    }

    /** {@link #refuseAndClose(RoutingContext, int, String)} for a request served without the router. */
    public static Future<Void> refuseAndClose(HttpServerRequest request, Vertx vertx, int status, String message) {
        HttpServerResponse response = request.response();
        if (!response.headWritten()) {
            response.putHeader("Connection", "close");
        }
        Future<Void> sent = send(response, status, message);
        if (request.isEnded()) {
            sent.onComplete(done -> request.connection().close());
            return sent;
        }
        boolean[] closed = {false};
        long[] dropped = {0};
        long[] timer = {-1};
        Runnable close = () -> {
            if (!closed[0]) {
                closed[0] = true;
                vertx.cancelTimer(timer[0]);
                request.connection().close();
            }
        };
        timer[0] = vertx.setTimer(LINGER.toMillis(), expired -> close.run());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                close.run();
            }
        });
        request.endHandler(ended -> sent.onComplete(done -> close.run()));
        request.exceptionHandler(failed -> close.run());
        request.resume();
        return sent;
    }

    /**
     * Answers {@code status} with {@code message}, unless the response has already begun: then the stream is reset,
     * so the client cannot mistake a cut response for a whole one. Completes when the answer is written.
     */
    public static Future<Void> send(RoutingContext ctx, int status, String message) {
        return send(ctx.response(), status, message);
    }

    /** {@link #send(RoutingContext, int, String)} for a request served without the router. */
    public static Future<Void> send(HttpServerResponse response, int status, String message) {
        if (response.headWritten()) {
            response.reset();
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(text(message));
    }

    /** The body of an error answer: the message, ending in a newline (an empty one stays empty). */
    public static String text(String message) {
        return message.endsWith("\n") || message.isEmpty() ? message : message + "\n";
    }

    /** Answers a failed provider call: its kind picks the status, its message is the body. */
    public static void sendFailure(RoutingContext ctx, Throwable failure) {
        sendFailure(ctx.request(), failure);
    }

    /** {@link #sendFailure(RoutingContext, Throwable)} for a request served without the router. */
    public static void sendFailure(HttpServerRequest request, Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ProviderException e) {
            send(request.response(), statusOf(e.kind()), e.getMessage());
        } else {
            LOG.log(Level.SEVERE, "request " + request.method() + " " + request.path() + " failed", cause);
            send(request.response(), 500, "internal error: " + cause.getClass().getSimpleName() + " (see the gateway's log)");
        }
    }

    /** The status code for a provider failure ({@link ProviderException.Kind#status()}). */
    public static int statusOf(ProviderException.Kind kind) {
        return kind.status();
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
