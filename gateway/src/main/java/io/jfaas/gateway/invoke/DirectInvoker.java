package io.jfaas.gateway.invoke;

import io.jfaas.contracts.CallHeaders;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.metrics.FunctionMeters;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a function from inside the gateway process, as {@code /function/NAME} does but without an HTTP request to the
 * gateway itself: the queue worker's calls when it runs in the gateway. The same replica choice and waking from zero
 * ({@link ScaleFromZero}), the same {@code upstream_timeout}, the same metrics per call, the same header rules
 * ({@link ProxyHeaders}; an {@code X-Start-Time} as {@link CallIdHandler} sets it), the same statuses for what goes
 * wrong (404 unknown, 503 no ready replica, 429 too many held, 502 unreachable or too slow), another replica when one
 * refuses the connection, and one repeat on a fresh connection when a pooled one turns out closed for a call that may
 * be sent twice. A function served over NATS ({@link Upstream#natsSubject()}) is not called here: the answer is
 * empty and the caller goes through the HTTP route, which speaks NATS.
 */
public final class DirectInvoker {

    /**
     * What a function answered: at most {@code maxAnswer} bytes of its body, of {@code length} in all.
     *
     * @param headers the answer's end-to-end headers, names canonical
     */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body, long length) {
    }

    private final Vertx vertx;
    private final ScaleFromZero upstreams;
    private final HttpClient client;
    private final GatewayMetrics metrics;
    private final InvokeHandler.Settings settings;
    private final String servedBy;

    public DirectInvoker(Vertx vertx, ScaleFromZero upstreams, HttpClient client, GatewayMetrics metrics,
                         InvokeHandler.Settings settings, String gatewayVersion) {
        this.vertx = vertx;
        this.upstreams = upstreams;
        this.client = client;
        this.metrics = metrics;
        this.settings = settings;
        this.servedBy = CallIdHandler.servedBy(gatewayVersion);
    }

    /**
     * Makes one call; completes with the answer (an error status included), or empty when the function is served
     * over NATS and the call must take the HTTP route.
     *
     * @param pathAndQuery the path below the function's name and the query, e.g. {@code /a/b?c=d} ({@code /} for none)
     */
    public CompletableFuture<Optional<Answer>> call(FunctionRef ref, String method, String pathAndQuery,
                                                    Map<String, List<String>> headers, byte[] body, int maxAnswer) {
        CompletableFuture<Optional<Answer>> result = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> start(context, ref, method, pathAndQuery, headers, body, maxAnswer, result));
        return result;
    }

    private void start(Context context, FunctionRef ref, String method, String pathAndQuery,
                       Map<String, List<String>> headers, byte[] body, int maxAnswer,
                       CompletableFuture<Optional<Answer>> result) {
        long start = System.nanoTime();
        if (!Names.isDns1123Label(ref.name()) || Names.namespaceProblem(ref.namespace()).isPresent()) {
            result.complete(Optional.of(text(404, "error finding function " + ref + ": not a valid function name")));
            return;
        }
        if (settings.maxRequestBody() >= 0 && body.length > settings.maxRequestBody()) {
            result.complete(Optional.of(text(413, InvokeHandler.tooLarge(settings, body.length + " bytes"))));
            return;
        }
        Future.fromCompletionStage(upstreams.resolve(ref), context).onComplete(resolved -> {
            if (resolved.failed()) {
                result.complete(Optional.of(refused(ref, resolved.cause(), start)));
                return;
            }
            Upstream upstream = resolved.result();
            if (upstream.natsSubject().isPresent()) {
                upstream.release();
                result.complete(Optional.empty());
                return;
            }
            FunctionMeters meters = metrics.function(ref);
            meters.started();
            Call call = new Call(ref, upstream, meters, start, maxAnswer, result, first(headers, CallHeaders.CALL_ID));
            HttpMethod httpMethod = HttpMethod.valueOf(method);
            boolean replayable = body.length == 0 && (httpMethod == HttpMethod.GET || httpMethod == HttpMethod.HEAD
                    || httpMethod == HttpMethod.OPTIONS || has(headers, "Idempotency-Key")
                    || has(headers, "X-Idempotency-Key"));
            RequestOptions options = new RequestOptions()
                    .setMethod(httpMethod)
                    .setHost(upstream.host())
                    .setPort(upstream.port())
                    .setURI(pathAndQuery)
                    .setHeaders(upstreamHeaders(headers))
                    .setFollowRedirects(false);
            call.timer = vertx.setTimer(settings.upstreamTimeout().toMillis(), id -> call.abandon(text(502,
                    "function " + ref + " did not answer within the gateway's upstream_timeout of "
                            + settings.upstreamTimeout().toSeconds() + "s")));
            send(call, options, body, replayable);
        });
    }

    /** The statuses the HTTP route answers when no replica can be had, counted as it counts them. */
    private Answer refused(FunctionRef ref, Throwable failure, long start) {
        if (HttpErrors.unwrap(failure) instanceof ProviderException e) {
            int status = HttpErrors.statusOf(e.kind());
            if (status == 503 || status == 429) {
                FunctionMeters meters = metrics.function(ref);
                meters.started();
                meters.finished(status, System.nanoTime() - start);
            }
            return text(status, e.kind() == ProviderException.Kind.NOT_FOUND
                    ? "error finding function " + ref + ": not found" : e.getMessage());
        }
        return text(500, "internal error: " + HttpErrors.unwrap(failure).getClass().getSimpleName()
                + " (see the gateway's log)");
    }

    private MultiMap upstreamHeaders(Map<String, List<String>> queued) {
        MultiMap given = MultiMap.caseInsensitiveMultiMap();
        if (queued != null) {
            queued.forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    values.forEach(value -> given.add(name, value));
                }
            });
        }
        MultiMap headers = ProxyHeaders.forward(given);
        headers.remove("Host");
        headers.remove("Content-Length");
        Instant now = Instant.now();
        headers.set(CallHeaders.START_TIME, Long.toString(now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        return headers;
    }

    private void send(Call call, RequestOptions options, byte[] body, boolean replayable) {
        Future<HttpClientRequest> opened;
        try {
            opened = client.request(options);
        } catch (IllegalStateException e) {
            opened = Future.failedFuture(e); // the client is closed: the gateway is stopping
        }
        opened.onComplete(open -> {
            if (call.done) {
                return;
            }
            if (open.failed()) {
                if (open.cause() instanceof java.net.ConnectException) {
                    sendElsewhere(call, options, body, replayable, open.cause());
                } else {
                    call.end(unreachable(call, open.cause()));
                }
                return;
            }
            HttpClientRequest request = open.result();
            call.request = request;
            request.exceptionHandler(ignored -> { });
            Future<HttpClientResponse> answered = body.length == 0 ? request.send() : request.send(Buffer.buffer(body));
            answered.onComplete(answer -> {
                if (call.done) {
                    return;
                }
                if (answer.failed()) {
                    if (replayable && answer.cause() instanceof HttpClosedException) {
                        send(call, options, body, false);
                    } else {
                        call.end(unreachable(call, answer.cause()));
                    }
                    return;
                }
                read(call, answer.result());
            });
        });
    }

    private void sendElsewhere(Call call, RequestOptions options, byte[] body, boolean replayable, Throwable refusal) {
        Future.fromCompletionStage(call.upstream.refused(), vertx.getOrCreateContext()).onComplete(next -> {
            if (next.failed()) {
                call.upstream = null;
                call.end(text(502, "cannot reach function " + call.ref + ": " + InvokeHandler.reason(refusal)));
                return;
            }
            call.upstream = next.result();
            if (call.done) {
                call.upstream.release();
                return;
            }
            options.setHost(call.upstream.host()).setPort(call.upstream.port());
            send(call, options, body, replayable);
        });
    }

    private static Answer unreachable(Call call, Throwable cause) {
        return text(502, "cannot reach function " + call.ref + ": " + InvokeHandler.reason(cause));
    }

    /** Keeps the first {@code maxAnswer} bytes of the answer and counts the rest. */
    private void read(Call call, HttpClientResponse answer) {
        Buffer kept = Buffer.buffer();
        long[] length = {0};
        answer.handler(chunk -> {
            length[0] += chunk.length();
            int room = call.maxAnswer - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk.length() <= room ? chunk : chunk.slice(0, room));
            }
        });
        answer.exceptionHandler(failure -> call.abandon(unreachable(call, failure)));
        answer.endHandler(ended -> {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            MultiMap forwarded = ProxyHeaders.forward(answer.headers());
            forwarded.set(CallHeaders.START_TIME, call.request.headers().get(CallHeaders.START_TIME));
            forwarded.set(CallIdHandler.SERVED_BY, servedBy);
            for (String name : forwarded.names()) {
                headers.put(name, forwarded.getAll(name));
            }
            call.end(new Answer(answer.statusCode(), headers, kept.getBytes(), length[0]));
        });
    }

    /** The first value of a header, whatever the case of its name; null when there is none. */
    private static String first(Map<String, List<String>> headers, String name) {
        if (headers != null) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
        }
        return null;
    }

    private static boolean has(Map<String, List<String>> headers, String name) {
        return headers != null && headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    private static Answer text(int status, String message) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        return new Answer(status, Map.of("Content-Type", List.of("text/plain; charset=utf-8")), body, body.length);
    }

    /** One call in progress (on its event loop): ends once, giving back the replica and recording the status. */
    private final class Call {

        final FunctionRef ref;
        Upstream upstream;
        final FunctionMeters meters;
        final long start;
        final int maxAnswer;
        final CompletableFuture<Optional<Answer>> result;
        final String callId;
        HttpClientRequest request;
        long timer = -1;
        boolean done;

        Call(FunctionRef ref, Upstream upstream, FunctionMeters meters, long start, int maxAnswer,
             CompletableFuture<Optional<Answer>> result, String callId) {
            this.callId = callId;
            this.ref = ref;
            this.upstream = upstream;
            this.meters = meters;
            this.start = start;
            this.maxAnswer = maxAnswer;
            this.result = result;
        }

        void end(Answer answer) {
            if (done) {
                return;
            }
            done = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (upstream != null) {
                upstream.release();
            }
            meters.finished(answer.status(), System.nanoTime() - start, callId);
            result.complete(Optional.of(answer));
        }

        /** Ends with an error of the gateway's own and drops the function's connection, whatever it still sends. */
        void abandon(Answer answer) {
            if (!done) {
                end(answer);
                if (request != null) {
                    request.reset();
                }
            }
        }
    }
}
