package io.jfaas.gateway.invoke;

import io.jfaas.gateway.provider.FunctionProvider;
import io.jfaas.gateway.provider.ProviderException;
import io.jfaas.gateway.provider.Upstream;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /function/NAME[.NAMESPACE][/path][?query]}, any of the methods OpenFaaS accepts: asks the provider for a
 * ready replica and streams the request to it and its answer back, without buffering either body. The path below the
 * name and the query are kept; hop-by-hop headers are dropped; {@code X-Forwarded-For} and {@code X-Forwarded-Host}
 * are added; redirects are passed through, not followed. 404 for an unknown function, 503 when none of its replicas
 * became ready in time, 502 when the function cannot be reached or fails to answer.
 */
public final class InvokeHandler implements io.vertx.core.Handler<RoutingContext> {

    public static final String PREFIX = "/function/";
    private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS, HttpMethod.HEAD);

    private final FunctionProvider provider;
    private final HttpClient client;
    private final String defaultNamespace;
    private final Duration upstreamTimeout;

    public InvokeHandler(FunctionProvider provider, HttpClient client, String defaultNamespace, Duration upstreamTimeout) {
        this.provider = provider;
        this.client = client;
        this.defaultNamespace = defaultNamespace;
        this.upstreamTimeout = upstreamTimeout;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!METHODS.contains(request.method())) {
            HttpErrors.send(ctx, 405, "method " + request.method() + " is not allowed for functions");
            return;
        }
        // Hold the body until an upstream is chosen; resolving may wait for a replica to start.
        if (!request.isEnded()) {
            request.pause();
        }
        String rest = request.path().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        FunctionRef ref = FunctionRef.parse(slash < 0 ? rest : rest.substring(0, slash), defaultNamespace);
        String uri = (slash < 0 ? "/" : rest.substring(slash)) + (request.query() == null ? "" : "?" + request.query());
        if (!Names.isDns1123Label(ref.name()) || Names.namespaceProblem(ref.namespace()).isPresent()) {
            fail(ctx, 404, "error finding function " + ref + ": not a valid function name");
            return;
        }
        Future.fromCompletionStage(provider.resolve(ref), ctx.vertx().getOrCreateContext()).onComplete(resolved -> {
            if (resolved.succeeded()) {
                forward(ctx, ref, oneRelease(resolved.result()), uri);
            } else if (HttpErrors.unwrap(resolved.cause()) instanceof ProviderException e) {
                fail(ctx, HttpErrors.statusOf(e.kind()), e.kind() == ProviderException.Kind.NOT_FOUND
                        ? "error finding function " + ref + ": not found" : e.getMessage());
            } else {
                resume(request);
                HttpErrors.sendFailure(ctx, resolved.cause());
            }
        });
    }

    private void forward(RoutingContext ctx, FunctionRef ref, Upstream upstream, String uri) {
        HttpServerRequest request = ctx.request();
        MultiMap headers = ProxyHeaders.forward(request.headers());
        headers.remove("Host");
        if (!headers.contains("X-Forwarded-Host") && request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        if (!headers.contains("X-Forwarded-For") && request.remoteAddress() != null) {
            headers.set("X-Forwarded-For", request.remoteAddress().hostAddress());
        }
        boolean hasBody = hasBody(request);
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.host())
                .setPort(upstream.port())
                .setURI(uri)
                .setHeaders(headers)
                .setFollowRedirects(false)
                .setIdleTimeout(upstreamTimeout.toMillis());
        if (!hasBody) {
            resume(request);
        }
        client.request(options)
                .compose(upstreamRequest -> hasBody && !request.isEnded()
                        ? upstreamRequest.send(request)
                        : upstreamRequest.send())
                .onComplete(answered -> {
                    if (answered.failed()) {
                        upstream.release();
                        resume(request);
                        HttpErrors.send(ctx, 502, describe(ref, answered.cause()));
                        return;
                    }
                    relay(ctx, answered.result(), upstream);
                });
    }

    private static void relay(RoutingContext ctx, HttpClientResponse answer, Upstream upstream) {
        HttpServerResponse response = ctx.response();
        response.setStatusCode(answer.statusCode());
        response.setStatusMessage(answer.statusMessage());
        MultiMap headers = ProxyHeaders.forward(answer.headers());
        Set<String> names = new HashSet<>();
        headers.forEach(entry -> names.add(entry.getKey().toLowerCase(Locale.ROOT)));
        names.forEach(response.headers()::remove);
        response.headers().addAll(headers);
        Future<Void> sent = ctx.request().method() == HttpMethod.HEAD ? sendHead(response, answer) : response.send(answer);
        sent.onComplete(done -> {
            upstream.release();
            if (done.failed()) {
                // the client went away mid-stream: drop the upstream connection too
                answer.request().reset();
            }
        });
    }

    private static Future<Void> sendHead(HttpServerResponse response, HttpClientResponse answer) {
        answer.resume();
        return response.end();
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length != null) {
            return !length.trim().equals("0");
        }
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        resume(ctx.request());
        HttpErrors.send(ctx, status, message);
    }

    private static void resume(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume();
        }
    }

    private String describe(FunctionRef ref, Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "function " + ref + " did not answer within the upstream_timeout of " + upstreamTimeout.toSeconds()
                    + "s";
        }
        return "cannot reach function " + ref + ": " + cause.getMessage();
    }

    private static Upstream oneRelease(Upstream upstream) {
        AtomicBoolean released = new AtomicBoolean();
        return new Upstream() {
            @Override
            public String host() {
                return upstream.host();
            }

            @Override
            public int port() {
                return upstream.port();
            }

            @Override
            public void release() {
                if (released.compareAndSet(false, true)) {
                    upstream.release();
                }
            }
        };
    }
}
