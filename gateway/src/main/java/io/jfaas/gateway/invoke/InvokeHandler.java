package io.jfaas.gateway.invoke;

import io.jfaas.contracts.CallHeaders;
import io.jfaas.gateway.http.Exchange;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestBody;
import io.jfaas.gateway.metrics.FunctionMeters;
import io.jfaas.gateway.metrics.GatewayMetrics;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.gateway.scaling.ScaleFromZero;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.nats.client.Connection;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code /function/NAME[.NAMESPACE][/path][?query]}, any of the methods OpenFaaS accepts: asks for a ready replica
 * (waking a function at zero: {@link ScaleFromZero}) and streams the request to it and its answer back, without
 * buffering either body. The path below the name and the query are kept; hop-by-hop headers are dropped;
 * {@code X-Forwarded-For} and {@code X-Forwarded-Host} are added; redirects are passed through, not followed.
 * 404 for an unknown function; 503 when none of its replicas became ready in time; 429 with {@code Retry-After} when
 * too many calls wait for a function waking from zero; 502 when the function cannot be reached or has not answered
 * within {@code upstream_timeout}; 413 for a body above the configured maximum. Every call of a known function is
 * counted in {@link GatewayMetrics}.
 *
 * <p>When the replica it gets serves the NATS transport ({@link Upstream#natsSubject()}, see
 * {@link io.jfaas.model.SyncTransport}),
 * the call goes as one NATS request instead ({@link NatsCall}): the same waking, holding and metrics apply.
 */
public final class InvokeHandler implements io.vertx.core.Handler<RoutingContext> {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(InvokeHandler.class.getName());
    /** One for the process: every event loop's handler and {@link FunctionRelay} share the rate. */
    static final UnreachableLog UNREACHABLE = new UnreachableLog(System::nanoTime, LOG::warning);
    public static final String PREFIX = "/function/";
    /**
     * How long a connection to a replica is kept open while idle: well before the watchdog's JDK server closes its
     * side (30 s), since a request sent on a connection the server is closing fails with 502.
     */
    public static final int UPSTREAM_KEEP_ALIVE_SECONDS = 15;
    /** The most connections to one replica kept idle per event loop (as many as the HTTP client's pool held). */
    static final int MAX_IDLE_PER_REPLICA = 1024;
    private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.HEAD);

    /** What the handler needs to know; {@code maxRequestBody} is -1 for no limit. */
    public record Settings(String defaultNamespace, Duration upstreamTimeout, long maxRequestBody) {
    }

    private final ScaleFromZero upstreams;
    private final HttpClient client;
    private final Optional<Connection> nats;
    private final GatewayMetrics metrics;
    private final Settings settings;
    /** This handler's loop's connections to the replicas (made on first use). */
    private UpstreamConnections connections;

    /** {@code nats}: the gateway's NATS connection, for functions on the NATS transport, when it has one. */
    public InvokeHandler(ScaleFromZero upstreams, HttpClient client, Optional<Connection> nats, GatewayMetrics metrics,
                         Settings settings) {
        this.upstreams = upstreams;
        this.client = client;
        this.nats = nats;
        this.metrics = metrics;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // the path the router matched (dot segments resolved), so the function called is the one the route named
        start(ctx.request(), ctx.vertx(), ctx.normalizedPath(), null);
    }

    /**
     * A call taken before the router ({@link FunctionRequests}): its path is already in normal form, and its deadlines
     * (the upstream timeout among them) are checked by the exchange's sweep instead of a timer per call.
     */
    public void handle(Exchange exchange) {
        start(exchange.request(), exchange.vertx(), exchange.request().path(), exchange);
    }

    private void start(HttpServerRequest request, Vertx vertx, String path, Exchange exchange) {
        long start = System.nanoTime();
        if (!METHODS.contains(request.method())) {
            HttpErrors.send(request.response(), 405, "method " + request.method() + " is not allowed for functions");
            return;
        }
        // Hold the body until an upstream is chosen; resolving may wait for a replica to start.
        if (!request.isEnded()) {
            request.pause();
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        FunctionRef ref = FunctionRef.parse(slash < 0 ? rest : rest.substring(0, slash), settings.defaultNamespace());
        String query = request.query();
        String uri = (slash < 0 ? "/" : rest.substring(slash)) + (query == null ? "" : "?" + query);
        if (!Names.isDns1123Label(ref.name()) || Names.namespaceProblem(ref.namespace()).isPresent()) {
            fail(request, vertx, 404, "error finding function " + ref + ": not a valid function name");
            return;
        }
        long declared = RequestBody.declaredLength(request);
        if (settings.maxRequestBody() >= 0 && declared > settings.maxRequestBody()) {
            fail(request, vertx, 413, tooLarge(declared + " bytes"));
            return;
        }
        CompletableFuture<Upstream> resolving = upstreams.resolve(ref);
        if (resolving.isDone()) {
            // the usual case, a ready replica: no future and no hop through the context's queue
            Upstream upstream = null;
            Throwable failure = null;
            try {
                upstream = resolving.join();
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                failure = e;
            }
            resolved(request, vertx, exchange, ref, uri, declared, start, null, upstream, failure);
            return;
        }
        // a call that waits (for a starting replica, or a wake from zero) is in flight from now: the autoscaler sees it
        FunctionMeters waiting = metrics.function(ref);
        waiting.started();
        Future.fromCompletionStage(resolving, vertx.getOrCreateContext()).onComplete(resolved ->
                resolved(request, vertx, exchange, ref, uri, declared, start, waiting, resolved.result(),
                        resolved.cause()));
    }

    /** The replica is known ({@code failure} null) or cannot be had: the call goes on, or is answered. */
    private void resolved(HttpServerRequest request, Vertx vertx, Exchange exchange, FunctionRef ref, String uri,
                          long declared, long start, FunctionMeters waiting, Upstream upstream, Throwable failure) {
        if (failure == null) {
            FunctionMeters meters = waiting != null ? waiting : metrics.function(ref);
            Call call = new Call(request, vertx, exchange, ref, upstream, meters, start, waiting == null);
            Optional<String> subject = call.upstream.natsSubject();
            if (subject.isEmpty()) {
                forward(call, uri, declared);
            } else if (nats.isEmpty()) {
                resume(request);
                call.fail(503, "function " + ref + " is served over NATS (subject " + subject.get()
                        + ") but this gateway has no NATS connection");
            } else {
                NatsCall.send(nats.get(), call, subject.get(), uri, declared, settings);
            }
            return;
        }
        if (HttpErrors.unwrap(failure) instanceof ProviderException e) {
            int status = HttpErrors.statusOf(e.kind());
            if (waiting != null) {
                waiting.finished(status, System.nanoTime() - start);
            } else if (status == 503 || status == 429) {
                // the function exists: the refused call is counted
                FunctionMeters meters = metrics.function(ref);
                meters.started();
                meters.finished(status, System.nanoTime() - start);
            }
            if (status == 429) {
                request.response().putHeader("Retry-After", "1");
            }
            fail(request, vertx, status, e.kind() == ProviderException.Kind.NOT_FOUND
                    ? "error finding function " + ref + ": not found" : e.getMessage());
        } else {
            if (waiting != null) {
                waiting.finished(500, System.nanoTime() - start);
            }
            resume(request);
            HttpErrors.sendFailure(request, failure);
        }
    }

    private void forward(Call call, String uri, long declared) {
        HttpServerRequest request = call.request;
        boolean hasBody = RequestBody.follows(request);
        // no headers here: they are written straight into each upstream request's own (send), not copied from a map
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(call.upstream.host())
                .setPort(call.upstream.port())
                .setURI(uri)
                .setFollowRedirects(false);
        if (!hasBody) {
            resume(request);
        }
        call.deadline(settings.upstreamTimeout().toMillis(), call::timedOut);
        send(call, options, hasBody, declared, replayable(request, hasBody));
        call.watchClient();
    }

    /** Why a replica could not be reached, in words that name no address. */
    static String reason(Throwable cause) {
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof HttpClosedException) {
            return "the connection was closed before the answer";
        }
        return "the connection failed (" + cause.getClass().getSimpleName() + ")";
    }

    /** The headers a call carries to the function, whatever the transport: end-to-end ones plus X-Forwarded-*. */
    static MultiMap upstreamHeaders(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        addUpstreamHeaders(request, headers);
        return headers;
    }

    /** Adds the headers of {@link #upstreamHeaders} to {@code headers}, which has none of the call's yet. */
    static void addUpstreamHeaders(HttpServerRequest request, MultiMap headers) {
        ProxyHeaders.forwardInto(request.headers(), headers);
        headers.remove("Host");
        if (!headers.contains("X-Forwarded-Host") && request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        if (!headers.contains("X-Forwarded-For") && request.remoteAddress() != null) {
            headers.set("X-Forwarded-For", request.remoteAddress().hostAddress());
        }
    }

    /**
     * Sends the call upstream. A replayable call whose pooled connection turns out to have been closed by the replica
     * before any answer (the keep-alive race every proxy has) is sent once more, on a fresh connection.
     */
    private void send(Call call, RequestOptions options, boolean hasBody, long declared, boolean replayable) {
        Future<HttpClientRequest> opened;
        UpstreamConnections connections = connections(call.vertx);
        if (connections != null) {
            // this loop's own keep-alive connections; a replayed call gets a fresh one
            UpstreamConnections.Replica replica = new UpstreamConnections.Replica(options.getHost(), options.getPort());
            UpstreamConnections.Connection idle = call.replayed ? null : connections.takeIdle(replica);
            if (idle != null) {
                call.connection = idle;
                opened = idle.connection.request(options);
            } else {
                opened = connections.open(replica).compose(connection -> {
                    call.connection = connection;
                    return connection.connection.request(options);
                });
            }
        } else {
            try {
                opened = client.request(options);
            } catch (IllegalStateException e) {
                // the client is closed: the gateway is stopping
                opened = Future.failedFuture(e);
            }
        }
        opened.onComplete(open -> {
            if (open.failed() && open.cause() instanceof java.net.ConnectException && !call.done) {
                sendElsewhere(call, options, hasBody, declared, replayable, open.cause());
            } else if (open.failed()) {
                answered(call, options, hasBody, declared, replayable, null, open.cause());
            } else {
                send(call, open.result(), hasBody, declared, replayable, options);
            }
        });
    }

    /** This loop's connections to the replicas, when the client can open connections of its own and this is its loop. */
    private UpstreamConnections connections(Vertx vertx) {
        if (connections == null && client instanceof HttpClientAgent agent) {
            connections = new UpstreamConnections(vertx, agent, Duration.ofSeconds(UPSTREAM_KEEP_ALIVE_SECONDS),
                    MAX_IDLE_PER_REPLICA);
        }
        return connections != null && connections.servesThisThread() ? connections : null;
    }

    /**
     * The replica refused the connection, so nothing of the call was sent: it goes to another replica of the function
     * when the provider has one (the same waiting for a ready one applies), else fails with 502.
     */
    private void sendElsewhere(Call call, RequestOptions options, boolean hasBody, long declared, boolean replayable,
                               Throwable refusal) {
        LOG.fine("function " + call.ref + " at " + call.upstream.host() + ":" + call.upstream.port()
                + " refused the connection: asking for another replica");
        Future.fromCompletionStage(call.upstream.refused(), call.vertx.getOrCreateContext())
                .onComplete(next -> {
                    if (next.failed()) {
                        call.upstream = RELEASED;
                        if (!call.done) {
                            resume(call.request);
                            call.fail(502, "cannot reach function " + call.ref + ": " + reason(refusal));
                        }
                        return;
                    }
                    call.upstream = next.result();
                    if (call.done) {
                        call.upstream.release();
                        return;
                    }
                    options.setHost(call.upstream.host()).setPort(call.upstream.port());
                    send(call, options, hasBody, declared, replayable);
                });
    }

    /** What a call holds once its refused upstream was given back and no other was found. */
    static final Upstream RELEASED = new Upstream() {
        @Override
        public String host() {
            return "";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public void release() {
            // nothing is held
        }
    };

    private void send(Call call, HttpClientRequest upstreamRequest, boolean hasBody, long declared,
                      boolean replayable, RequestOptions options) {
        HttpServerRequest request = call.request;
        if (call.done) {
            // answered already (timed out while connecting, say): the request is not sent, its connection not kept
            call.upstreamRequest = upstreamRequest;
            call.resetUpstream();
            return;
        }
        call.upstreamRequest = upstreamRequest;
        addUpstreamHeaders(request, upstreamRequest.headers());
        // failures reach the response's handler below; a reset we made ourselves is not worth a log line
        upstreamRequest.exceptionHandler(ignored -> { });
        upstreamRequest.response().onComplete(answered -> answered(call, options, hasBody, declared, replayable,
                answered.result(), answered.cause()));
        if (!hasBody || request.isEnded()) {
            upstreamRequest.end();
            call.requestSent();
            return;
        }
        ReadStream<Buffer> body = declared < 0 && settings.maxRequestBody() >= 0
                ? new LimitedBody(request, settings.maxRequestBody(), call::bodyTooLarge)
                : request;
        if (!upstreamRequest.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            upstreamRequest.setChunked(true);
        }
        body.pipeTo(upstreamRequest).onComplete(piped -> {
            if (piped.succeeded()) {
                call.requestSent();
            }
        });
    }

    /** The replica answered ({@code failure} null), or the call could not be sent or answered. */
    private void answered(Call call, RequestOptions options, boolean hasBody, long declared, boolean replayable,
                          HttpClientResponse answer, Throwable failure) {
        if (call.done) {
            return;
        }
        if (failure != null && replayable && failure instanceof HttpClosedException) {
            call.dropConnection();
            call.replayed = true;
            send(call, options, hasBody, declared, false);
            return;
        }
        if (failure != null) {
            call.dropConnection();
            resume(call.request);
            // the replica's address is for the log, not for an anonymous caller
            UNREACHABLE.warn(call.ref, "cannot reach function " + call.ref + " at "
                    + call.upstream.host() + ":" + call.upstream.port() + ": " + failure.getMessage());
            call.fail(502, "cannot reach function " + call.ref + ": " + reason(failure));
            return;
        }
        relay(call, answer);
    }

    /** As Go's HTTP client decides: no body, and a method that is safe to send twice. */
    private static boolean replayable(HttpServerRequest request, boolean hasBody) {
        HttpMethod method = request.method();
        return !hasBody && (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || request.headers().contains("Idempotency-Key") || request.headers().contains("X-Idempotency-Key"));
    }

    /**
     * Streams the function's answer to the client, with back-pressure both ways. Not {@code response.send(answer)}:
     * that pipe goes on writing the chunks already read from the function after the client has gone, and each such
     * write is an "already been written" error in the log. Here a chunk for a client that is gone is dropped, and the
     * upstream call is reset by {@link Call#clientGone}.
     */
    private static void relay(Call call, HttpClientResponse answer) {
        HttpServerResponse response = call.response;
        int status = answer.statusCode();
        response.setStatusCode(status);
        String reason = answer.statusMessage();
        if (reason != null && !reason.equals(HttpResponseStatus.valueOf(status).reasonPhrase())) {
            response.setStatusMessage(reason);
        }
        // the function's headers replace those the gateway set (a call id it generated, say); names are canonical
        ProxyHeaders.copyInto(answer.headers(), response.headers());
        boolean keepAlive = answer.version() == HttpVersion.HTTP_1_1 && !closes(answer);
        if (call.request.method() == HttpMethod.HEAD) {
            answer.endHandler(ended -> call.answerRead(keepAlive));
            answer.resume();
            response.end().onComplete(done -> call.finish(status));
            return;
        }
        String declared = response.headers().get(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            response.setChunked(true);
        }
        long length = declaredLength(declared);
        response.drainHandler(ready -> answer.resume());
        answer.exceptionHandler(failure -> call.cut(status));
        answer.handler(new io.vertx.core.Handler<Buffer>() {
            private long relayed;

            @Override
            public void handle(Buffer chunk) {
                if (call.done || response.closed()) {
                    return;
                }
                relayed += chunk.length();
                if (relayed == length && !call.ending) {
                    // the whole answer is in hand: its head and body go out in one write
                    call.ending = true;
                    response.end(chunk).onComplete(done -> call.finish(status));
                    return;
                }
                response.write(chunk);
                if (response.writeQueueFull()) {
                    answer.pause();
                }
            }
        });
        answer.endHandler(ended -> {
            call.answerRead(keepAlive);
            if (call.done || call.ending || response.closed()) {
                return;
            }
            call.ending = true;
            response.end().onComplete(done -> call.finish(status));
        });
    }

    /** A {@code Content-Length} value as a count of bytes, or -1 when there is none or it is not a plain number. */
    static long declaredLength(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    /** Whether the function's answer asks for its connection to be closed after it. */
    private static boolean closes(HttpClientResponse answer) {
        String connection = answer.getHeader(HttpHeaders.CONNECTION);
        return connection != null && connection.toLowerCase(java.util.Locale.ROOT).contains("close");
    }

    static String tooLarge(Settings settings, String size) {
        return "the request body (" + size + ") is larger than the gateway's limit of " + settings.maxRequestBody()
                + " bytes (JFAAS_MAX_REQUEST_BODY)";
    }

    private String tooLarge(String size) {
        return "the request body (" + size + ") is larger than the gateway's limit of " + settings.maxRequestBody()
                + " bytes (JFAAS_MAX_REQUEST_BODY)";
    }

    static void fail(HttpServerRequest request, Vertx vertx, int status, String message) {
        resume(request);
        HttpErrors.send(request.response(), status, message);
    }

    static void resume(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume();
        }
    }

    /** One call in progress: ends exactly once, giving back the upstream and recording the status sent. */
    final class Call {

        final HttpServerRequest request;
        final HttpServerResponse response;
        final Vertx vertx;
        /** The fast path's exchange, which checks the upstream deadline; null on the router's path (a timer does). */
        private final Exchange exchange;
        final FunctionRef ref;
        /** The replica the call goes to; replaced when one refuses the connection (event loop only). */
        Upstream upstream;
        final FunctionMeters meters;
        final long start;
        HttpClientRequest upstreamRequest;
        /** The kept-alive connection the upstream request went on, until it is given back or dropped. */
        UpstreamConnections.Connection connection;
        private boolean requestSent;
        private boolean answerRead;
        private boolean reusable;
        /** Sent a second time after its kept-alive connection was found closed (on a fresh one). */
        boolean replayed;
        long timer = -1;
        boolean done;
        /** The response to the client has been ended (with the answer's last bytes, or after them). */
        boolean ending;

        /** {@code startNow}: false when the call was counted as started while it waited for its replica. */
        Call(HttpServerRequest request, Vertx vertx, Exchange exchange, FunctionRef ref, Upstream upstream,
             FunctionMeters meters, long start, boolean startNow) {
            this.request = request;
            this.response = request.response();
            this.vertx = vertx;
            this.exchange = exchange;
            this.ref = ref;
            this.upstream = upstream;
            this.meters = meters;
            this.start = start;
            if (startNow) {
                meters.started();
            }
        }

        /** Runs {@code expired} after {@code millis} unless the call has finished by then. */
        void deadline(long millis, Runnable expired) {
            if (exchange != null) {
                exchange.deadline(millis, expired);
            } else {
                timer = vertx.setTimer(millis, id -> expired.run());
            }
        }

        /** From now, a client that goes away ends the call ({@link #clientGone}). */
        void watchClient() {
            if (exchange != null) {
                exchange.onClientGone(this::clientGone);
            } else {
                response.closeHandler(closed -> clientGone());
            }
        }

        void timedOut() {
            if (!done) {
                fail(502, "function " + ref + " did not answer within the gateway's upstream_timeout of "
                        + settings.upstreamTimeout().toSeconds() + "s");
            }
        }

        void bodyTooLarge(long seen) {
            if (!done) {
                fail(413, tooLarge("more than " + seen + " bytes"));
            }
        }

        void clientGone() {
            if (!done) {
                finish(499);
                resetUpstream();
            }
        }

        /** Answers the client with an error (or cuts the response if it has begun) and abandons the upstream call. */
        void fail(int status, String message) {
            int recorded = response.headWritten() ? response.getStatusCode() : status;
            if (request.isEnded() || response.headWritten()) {
                HttpErrors.send(response, status, message);
            } else {
                // the rest of the body is not wanted: answer, then close the connection
                HttpErrors.refuseAndClose(request, vertx, status, message);
            }
            finish(recorded);
            // after finish: the upstream request's failure must not answer the client a second time
            resetUpstream();
        }

        void finish(int status) {
            if (done) {
                return;
            }
            done = true;
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
            if (exchange != null) {
                exchange.cancelDeadline();
            }
            upstream.release();
            meters.finished(status, System.nanoTime() - start, request.getHeader(CallHeaders.CALL_ID));
        }

        /** The function's answer broke off after it began: the client's is cut too, never ended as if whole. */
        void cut(int status) {
            if (!done) {
                response.reset();
                finish(status);
            }
        }

        void resetUpstream() {
            if (upstreamRequest != null) {
                upstreamRequest.reset();
            }
            dropConnection();
        }

        /** The whole request went to the replica. */
        void requestSent() {
            requestSent = true;
            connectionFree();
        }

        /** The whole answer was read; {@code keepAlive}: the replica keeps the connection open after it. */
        void answerRead(boolean keepAlive) {
            answerRead = true;
            reusable = keepAlive;
            connectionFree();
        }

        private void connectionFree() {
            if (connection != null && requestSent && answerRead) {
                if (reusable) {
                    connections.giveBack(connection);
                } else {
                    connections.discard(connection);
                }
                connection = null;
            }
        }

        /** The connection carried a call that broke off: it is not used again. */
        void dropConnection() {
            if (connection != null) {
                connections.discard(connection);
                connection = null;
            }
        }
    }
}
