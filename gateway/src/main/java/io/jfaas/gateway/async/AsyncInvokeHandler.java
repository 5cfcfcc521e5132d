package io.jfaas.gateway.async;

import io.jfaas.contracts.CallHeaders;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.invoke.CallIdHandler;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Names;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /async-function/NAME[.NAMESPACE][/path][?query]}: 404 for an unknown function, 400 for an
 * {@code X-Callback-Url} that is not an absolute http(s) URL, 413 for a body over the limit; otherwise the call is
 * stored in the queue and, once stored, answered 202 with its {@code X-Call-Id} and {@code X-Start-Time} (set by
 * {@link CallIdHandler} before this handler; a call id it made is replaced by one sealed to the call,
 * {@link CallIdSeal}). 503 (with {@code Retry-After} when it is full) when the queue cannot store it; 409 when the call
 * id was used within the de-duplication window for another call of the function, or is sealed to another call (the
 * same call sent again is stored once, and answered 202).
 */
final class AsyncInvokeHandler implements Handler<RoutingContext> {

    static final String PREFIX = "/async-function/";
    static final String CALLBACK_URL = "X-Callback-Url";

    private final FunctionProvider provider;
    private final CallQueue queue;
    private final String defaultNamespace;
    private final long maxBody;

    AsyncInvokeHandler(FunctionProvider provider, CallQueue queue, String defaultNamespace, long maxBody) {
        this.provider = provider;
        this.queue = queue;
        this.defaultNamespace = defaultNamespace;
        this.maxBody = maxBody;
    }

    /** When a client refused for want of room should try again. */
    static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!request.isEnded()) {
            request.pause();
        }
        // the path the router matched (dot segments resolved), so the function queued is the one the route named
        String rest = ctx.normalizedPath().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        FunctionRef ref = FunctionRef.parse(slash < 0 ? rest : rest.substring(0, slash), defaultNamespace);
        String path = slash < 0 ? "" : rest.substring(slash);
        if (!Names.isDns1123Label(ref.name()) || Names.namespaceProblem(ref.namespace()).isPresent()) {
            fail(ctx, 404, "error finding function " + ref + ": not a valid function name");
            return;
        }
        String callback = request.getHeader(CALLBACK_URL);
        if (callback != null && !isHttpUrl(callback)) {
            fail(ctx, 400, "invalid " + CALLBACK_URL + " \"" + callback + "\": it must be an absolute http or https URL");
            return;
        }
        String declared = request.getHeader("Content-Length");
        if (declared != null && parseLong(declared) > maxBody) {
            fail(ctx, 413, tooLarge(declared + " bytes"));
            return;
        }
        onEventLoop(ctx, provider.exists(ref), found -> {
            if (found.failed()) {
                resume(request);
                HttpErrors.sendFailure(ctx, found.cause());
            } else if (!found.result()) {
                fail(ctx, 404, "error finding function " + ref + ": not found");
            } else {
                readBody(ctx, body -> enqueue(ctx, ref, path, callback, body));
            }
        });
    }

    /**
     * Hands {@code stage}'s outcome to {@code then} on the request's event loop: at once when it is already done (a
     * local provider answers so), else when it completes.
     */
    private static <T> void onEventLoop(RoutingContext ctx, CompletableFuture<T> stage,
                                        Handler<AsyncResult<T>> then) {
        if (stage.isDone() && !stage.isCompletedExceptionally()) {
            then.handle(Future.succeededFuture(stage.join()));
        } else {
            Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext()).onComplete(then);
        }
    }

    private void readBody(RoutingContext ctx, Handler<Buffer> then) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            then.handle(Buffer.buffer());
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                refused[0] = true;
                HttpErrors.refuseAndClose(ctx, 413, tooLarge("more than " + maxBody + " bytes"));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> refused[0] = true);
        request.endHandler(end -> {
            if (!refused[0]) {
                then.handle(body);
            }
        });
        request.resume();
    }

    private void enqueue(RoutingContext ctx, FunctionRef ref, String path, String callback, Buffer body) {
        HttpServerRequest request = ctx.request();
        String method = request.method().name();
        String query = request.query() == null ? "" : request.query();
        byte[] bytes = body.getBytes();
        String digest = QueuedCall.digest(ref.qualified(), method, path, query, callback, bytes);
        String callId;
        boolean sealed;
        if (CallIdHandler.madeHere(ctx)) {
            // the id CallIdHandler made stands in until the call is known: the id the call is queued under is sealed
            // to it
            callId = CallIdSeal.make(digest);
            request.headers().set(CallHeaders.CALL_ID, callId);
            sealed = true;
        } else {
            callId = request.getHeader(CallHeaders.CALL_ID);
            CallIdSeal.Verdict verdict = CallIdSeal.check(callId, digest);
            if (verdict == CallIdSeal.Verdict.ANOTHER_CALL) {
                HttpErrors.send(ctx, 409, QueueRefusal.idConflict(callId, ref.qualified()).getMessage());
                return;
            }
            sealed = verdict == CallIdSeal.Verdict.THIS_CALL;
        }
        ctx.response().headers().set(CallHeaders.CALL_ID, callId);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(entry -> headers.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                .add(entry.getValue()));
        QueuedCall call = new QueuedCall(ref.qualified(), method, path, query, headers, bytes, callback, callId, 1, 0,
                0);
        Future.fromCompletionStage(queue.publishNew(call, digest, sealed), ctx.vertx().getOrCreateContext())
                .onComplete(stored -> {
            if (stored.failed() && HttpErrors.unwrap(stored.cause()) instanceof QueueRefusal refusal) {
                if (refusal.kind() == QueueRefusal.Kind.ID_CONFLICT) {
                    HttpErrors.send(ctx, 409, refusal.getMessage());
                } else {
                    ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                    HttpErrors.send(ctx, 503, "cannot queue the call to " + ref + ": " + refusal.getMessage());
                }
                return;
            }
            if (stored.failed()) {
                ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                HttpErrors.send(ctx, 503, "cannot queue the call to " + ref + ": the queue did not store it ("
                        + HttpErrors.unwrap(stored.cause()) + "); nothing was queued, try again");
                return;
            }
            ctx.response().setStatusCode(202).end();
        });
    }

    private String tooLarge(String size) {
        return "the request body (" + size + ") is larger than the limit of " + maxBody
                + " bytes for async calls (JFAAS_ASYNC_MAX_REQUEST_BODY)";
    }

    static boolean isHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            HttpErrors.send(ctx, status, message);
        } else {
            // the body is not wanted: answer, then close the connection
            HttpErrors.refuseAndClose(ctx, status, message);
        }
    }

    private static void resume(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume();
        }
    }
}
