package io.jfaas.gateway.connector;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.auth.Credentials;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.triggers.Triggers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connector's only way into the platform: the gateway's API over HTTP, with basic auth. Lists every namespace's
 * functions with their annotations and invokes them. Its methods block (the scheduler's and the topic listener's
 * threads call them, never an event loop); the requests go through a Vert.x client, the one HTTP stack a gateway has
 * loaded anyway (the JDK's client and the TLS stack it loads cost a connector inside a gateway ~5 MiB at rest).
 */
final class GatewayClient {

    /** Headers a message may not set on an invocation: they describe the connection or the gateway's own. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "keep-alive",
            "transfer-encoding", "upgrade", "te", "trailer", "authorization", "expect");

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(20);

    private final URI gateway;
    private final Optional<String> authorization;
    private final ObjectMapper json;
    private final Duration upstreamTimeout;
    private final HttpClient http;
    private final int maxList;

    /** {@code http}: a client with a connect timeout, not following redirects; the caller closes it. */
    GatewayClient(HttpClient http, URI gateway, Optional<Credentials> credentials, ObjectMapper json,
                  Duration upstreamTimeout) {
        this(http, gateway, credentials, json, upstreamTimeout, MAX_LIST);
    }

    GatewayClient(HttpClient http, URI gateway, Optional<Credentials> credentials, ObjectMapper json,
                  Duration upstreamTimeout, int maxList) {
        this.maxList = maxList;
        this.http = http;
        this.gateway = gateway;
        this.authorization = credentials.map(c -> "Basic " + Base64.getEncoder().encodeToString(
                (c.user() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
        this.json = json;
        this.upstreamTimeout = upstreamTimeout;
    }

    URI gateway() {
        return gateway;
    }

    /** A function and what triggers it. */
    record Listed(FunctionRef ref, Triggers triggers) {
    }

    /** Every function of every namespace that has a trigger (or a problem with one). */
    List<Listed> functions() throws IOException, InterruptedException {
        List<String> namespaces = json.readValue(get("/system/namespaces"), new TypeReference<List<String>>() { });
        List<Listed> listed = new ArrayList<>();
        for (String namespace : namespaces) {
            List<FunctionStatus> functions = json.readValue(get("/system/functions?namespace="
                    + URLEncoder.encode(namespace, StandardCharsets.UTF_8)), new TypeReference<List<FunctionStatus>>() { });
            for (FunctionStatus function : functions) {
                Triggers triggers = Triggers.of(function.annotations());
                if (triggers.any() || triggers.problem().isPresent()) {
                    String ns = function.namespace() == null || function.namespace().isBlank()
                            ? namespace : function.namespace();
                    listed.add(new Listed(new FunctionRef(function.name(), ns), triggers));
                }
            }
        }
        return listed;
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(gateway.resolve(path).toString()).setFollowRedirects(false)
                .setIdleTimeout(LIST_TIMEOUT.toMillis());
        authorization.ifPresent(value -> options.putHeader("Authorization", value));
        Answer answer = await("GET " + path, exchange(options, Buffer.buffer(), maxList), LIST_TIMEOUT);
        if (answer.status() != 200) {
            // the start of the answer names the problem; the connector logs it, so not all of it
            String text = new String(answer.body(), 0, Math.min(answer.body().length, MAX_ERROR_TEXT),
                    StandardCharsets.UTF_8).trim();
            throw new IOException("GET " + path + " answered " + answer.status() + ": " + text);
        }
        if (answer.body().length >= maxList) {
            throw new IOException("GET " + path + " answered " + maxList + " bytes or more, the most a connector reads");
        }
        return answer.body();
    }

    /** The most of an error answer's body a failure's message (and so the log) carries. */
    static final int MAX_ERROR_TEXT = 512;

    /** The most a function list may be: far above what the gateway's own bounds on functions let it answer. */
    static final int MAX_LIST = 64 * 1024 * 1024;

    /** A function's answer: status, headers (first value each) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Invokes a function by POST with the body and headers given (those describing the connection are left out),
     * through {@code /function/NAME.NAMESPACE} or {@code /async-function/NAME.NAMESPACE}. Of the answer's body at most
     * {@code maxAnswer} bytes are kept (the rest is not read): whoever needs more cannot send it on anyway.
     */
    Answer invoke(FunctionRef ref, Triggers.Invocation mode, Map<String, String> headers, byte[] body, long maxAnswer)
            throws IOException, InterruptedException {
        String route = mode == Triggers.Invocation.ASYNC ? "/async-function/" : "/function/";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(gateway.resolve(route + ref.name() + "." + ref.namespace()).toString())
                .setFollowRedirects(false).setIdleTimeout(upstreamTimeout.plusSeconds(5).toMillis());
        headers.forEach((name, value) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && isHeaderName(name) && isHeaderValue(value)) {
                options.putHeader(name, value);
            }
        });
        authorization.ifPresent(value -> options.putHeader("Authorization", value));
        int kept = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, maxAnswer));
        return await("POST " + route + ref, exchange(options, Buffer.buffer(body), kept), upstreamTimeout.plusSeconds(5));
    }

    /**
     * One request; the answer keeps at most {@code maxBody} bytes of the body: once more arrive the request is reset
     * (the rest is not read), as whoever asked cannot use them.
     */
    private Future<Answer> exchange(RequestOptions options, Buffer body, int maxBody) {
        Promise<Answer> answered = Promise.promise();
        http.request(options).onFailure(answered::tryFail).onSuccess(request -> {
            request.exceptionHandler(answered::tryFail);
            request.send(body).onFailure(answered::tryFail).onSuccess(response -> {
                Map<String, String> answerHeaders = new LinkedHashMap<>();
                response.headers().forEach(header -> {
                    String name = header.getKey();
                    if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                        answerHeaders.putIfAbsent(canonical(name), header.getValue());
                    }
                });
                Buffer kept = Buffer.buffer();
                response.exceptionHandler(answered::tryFail);
                response.handler(chunk -> {
                    int room = maxBody - kept.length();
                    if (chunk.length() <= room) {
                        kept.appendBuffer(chunk);
                        return;
                    }
                    kept.appendBuffer(chunk, 0, Math.max(0, room));
                    answered.tryComplete(new Answer(response.statusCode(), answerHeaders, kept.getBytes()));
                    request.reset();
                });
                response.endHandler(ended ->
                        answered.tryComplete(new Answer(response.statusCode(), answerHeaders, kept.getBytes())));
            });
        });
        return answered.future();
    }

    /** Waits for an exchange; one that takes longer than {@code timeout} fails (its request's idle timeout ends it). */
    private static Answer await(String what, Future<Answer> exchange, Duration timeout)
            throws IOException, InterruptedException {
        try {
            return exchange.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException(what + ": no answer within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(what + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                    : cause.getMessage()), cause);
        }
    }

    /** HTTP/1.1 names written the usual way, whatever case they came in: x-call-id to X-Call-Id. */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static boolean isHeaderName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && c != ':');
    }

    /** A value the client may send as it is: no line breaks or other control characters but tab. */
    private static boolean isHeaderValue(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 32 && c != 127));
    }
}
