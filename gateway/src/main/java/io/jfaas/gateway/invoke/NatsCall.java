package io.jfaas.gateway.invoke;

import static io.jfaas.contracts.NatsEnvelope.METHOD;
import static io.jfaas.contracts.NatsEnvelope.STATUS;
import static io.jfaas.contracts.NatsEnvelope.URI;

import io.jfaas.contracts.NatsEnvelope;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * One call over the NATS transport: the whole request as one NATS request on the function's subject, the reply as the
 * answer. The wire is {@link NatsEnvelope}, which the watchdog answers: the request's HTTP headers are those
 * {@link InvokeHandler#upstreamHeaders} makes, and its URI the path below the function name, and query, as sent.
 *
 * <p>A NATS message holds at most the server's {@code max_payload} (1 MiB by default), headers included: a larger
 * request body gets 413 naming that limit (the function can be called over HTTP instead: annotation
 * {@code com.jfaas.transport: http}). No replica subscribed: 503. No reply within {@code upstream_timeout}: 504.
 */
final class NatsCall {

    /** Room kept in a message for the protocol's own framing. */
    private static final int FRAMING = 512;
    /** How much longer than upstream_timeout jnats keeps a request open. */
    private static final java.time.Duration REQUEST_GRACE = java.time.Duration.ofSeconds(5);

    private NatsCall() {
    }

    /** Reads the body (within the limits), then sends the call; answers the client in every case. */
    static void send(Connection nats, InvokeHandler.Call call, String subject, String uri, long declared,
                     InvokeHandler.Settings settings) {
        HttpServerRequest request = call.request;
        Headers headers = new Headers();
        InvokeHandler.upstreamHeaders(request).forEach(header -> headers.add(header.getKey(), header.getValue()));
        headers.put(METHOD, request.method().name());
        headers.put(URI, uri);
        long room = nats.getMaxPayload() - headers.serializedLength() - FRAMING;
        long gatewayLimit = settings.maxRequestBody();
        if (declared > room || (gatewayLimit >= 0 && declared > gatewayLimit)) {
            InvokeHandler.resume(request);
            call.fail(413, declared > room ? tooLargeForNats(call, declared + " bytes", nats, room)
                    : InvokeHandler.tooLarge(settings, declared + " bytes"));
            return;
        }
        call.watchClient();
        if (request.isEnded()) {
            request(nats, call, subject, headers, new byte[0], settings);
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (call.done) {
                return;
            }
            body.appendBuffer(chunk);
            if (body.length() > room) {
                call.fail(413, tooLargeForNats(call, "more than " + room + " bytes", nats, room));
            } else if (gatewayLimit >= 0 && body.length() > gatewayLimit) {
                call.fail(413, InvokeHandler.tooLarge(settings, "more than " + gatewayLimit + " bytes"));
            }
        });
        request.endHandler(ended -> {
            if (!call.done) {
                request(nats, call, subject, headers, body.getBytes(), settings);
            }
        });
        request.resume();
    }

    private static String tooLargeForNats(InvokeHandler.Call call, String size, Connection nats, long room) {
        return "the request body (" + size + ") is larger than one NATS message carries: function " + call.ref
                + " is called over NATS, whose server's max_payload of " + nats.getMaxPayload() + " bytes leaves "
                + room + " bytes for the body; call it over HTTP (annotation com.jfaas.transport: http) or raise"
                + " max_payload";
    }

    private static void request(Connection nats, InvokeHandler.Call call, String subject, Headers headers, byte[] body,
                                InvokeHandler.Settings settings) {
        CompletableFuture<Message> reply;
        // The gateway's own timer decides the timeout (jnats cancels a request that timed out just as it does one
        // nobody was subscribed for); jnats is given longer, only to forget the request eventually.
        call.timer = call.vertx.setTimer(settings.upstreamTimeout().toMillis(), id -> {
            if (!call.done) {
                call.fail(504, "function " + call.ref + " did not answer over NATS (subject " + subject + ") within"
                        + " the gateway's upstream_timeout of " + settings.upstreamTimeout().toSeconds() + "s");
            }
        });
        try {
            reply = nats.requestWithTimeout(NatsMessage.builder().subject(subject).headers(headers).data(body).build(),
                    settings.upstreamTimeout().plus(REQUEST_GRACE));
        } catch (RuntimeException e) {
            // closed or not connected: jnats refuses at once
            call.fail(503, "cannot send the call to function " + call.ref + " over NATS (subject " + subject + "): "
                    + e.getMessage());
            return;
        }
        Future.fromCompletionStage(reply, call.vertx.getOrCreateContext()).onComplete(answered -> {
            if (call.done) {
                return;
            }
            if (answered.succeeded()) {
                relay(call, subject, answered.result());
                return;
            }
            Throwable cause = answered.cause();
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof CancellationException || String.valueOf(cause.getMessage()).contains("503")) {
                // the server's "no responders": no replica is subscribed right now
                call.fail(503, "no replica of function " + call.ref + " is serving NATS subject " + subject
                        + " (transport nats): it may be starting or stopping; try again");
            } else {
                call.fail(502, "the call to function " + call.ref + " over NATS (subject " + subject + ") failed: "
                        + cause);
            }
        });
    }

    private static void relay(InvokeHandler.Call call, String subject, Message reply) {
        Headers replyHeaders = reply.getHeaders();
        if (reply.isStatusMessage() || replyHeaders == null || replyHeaders.getFirst(STATUS) == null) {
            boolean noResponders = reply.isStatusMessage() && reply.getStatus().getCode() == 503;
            call.fail(noResponders ? 503 : 502, noResponders
                    ? "no replica of function " + call.ref + " is serving NATS subject " + subject + " (transport nats)"
                    + ": it may be starting or stopping; try again"
                    : "function " + call.ref + " answered over NATS (subject " + subject + ") without " + STATUS);
            return;
        }
        int status;
        try {
            status = Integer.parseInt(replyHeaders.getFirst(STATUS).trim());
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (status < 100 || status > 599) {
            call.fail(502, "function " + call.ref + " answered over NATS with an invalid " + STATUS + ": "
                    + replyHeaders.getFirst(STATUS));
            return;
        }
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        replyHeaders.forEach((name, values) -> {
            if (!name.equalsIgnoreCase(STATUS) && !name.equalsIgnoreCase("Content-Length")) {
                headers.add(name, values);
            }
        });
        MultiMap forwarded = ProxyHeaders.forward(headers);
        HttpServerResponse response = call.response;
        response.setStatusCode(status);
        // the function's headers replace those the gateway set (a call id it generated, say); names are canonical
        forwarded.names().forEach(response.headers()::remove);
        response.headers().addAll(forwarded);
        byte[] data = reply.getData();
        int recorded = status;
        Future<Void> sent = call.request.method() == HttpMethod.HEAD || data == null || data.length == 0
                ? response.end() : response.end(Buffer.buffer(data));
        sent.onComplete(done -> call.finish(recorded));
    }
}
