package io.jfaas.gateway.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestDeadlines;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.LogMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /system/logs?name=&namespace=&instance=&tail=&follow=&since=}: 200 and NDJSON, one
 * {@code {"name","namespace","instance","timestamp","text"}} a line, each written as it comes; with {@code follow} the
 * stream stays open until the client leaves, the function is removed or the gateway's {@code write_timeout} ends it
 * (as OpenFaaS's does). 422 for a {@code tail}, {@code follow} or
 * {@code since} that cannot be read (the last value wins when one repeats), 404 for an unknown function.
 */
public final class LogsHandler implements io.vertx.core.Handler<RoutingContext> {

    private final FunctionProvider provider;
    private final NamespaceParam namespaces;
    private final ObjectMapper mapper;

    public LogsHandler(FunctionProvider provider, String defaultNamespace, ObjectMapper mapper) {
        this.provider = provider;
        this.namespaces = new NamespaceParam(defaultNamespace);
        this.mapper = mapper;
    }

    @Override
    public void handle(RoutingContext ctx) {
        LogQuery query;
        try {
            query = query(ctx);
        } catch (ProviderException e) {
            HttpErrors.sendFailure(ctx, e);
            return;
        }
        HttpServerResponse response = ctx.response();
        RequestDeadlines.endGracefully(ctx);
        Context context = ctx.vertx().getOrCreateContext();
        Future.fromCompletionStage(provider.logs(query, message -> context.runOnContext(v -> write(response, message))),
                context).onComplete(started -> {
                    if (started.failed()) {
                        HttpErrors.sendFailure(ctx, started.cause());
                        return;
                    }
                    LogStream stream = started.result();
                    response.closeHandler(closed -> stream.cancel());
                    stream.done().whenComplete((done, error) -> context.runOnContext(v -> {
                        if (!response.ended() && !response.closed()) {
                            begin(response);
                            response.end();
                        }
                    }));
                });
    }

    private void write(HttpServerResponse response, LogMessage message) {
        if (response.ended() || response.closed()) {
            return;
        }
        begin(response);
        try {
            response.write(Buffer.buffer(mapper.writeValueAsBytes(message)).appendByte((byte) '\n'));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a log message is always writable as JSON", e);
        }
    }

    private static void begin(HttpServerResponse response) {
        if (!response.headWritten()) {
            response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/x-ndjson");
        }
    }

    private LogQuery query(RoutingContext ctx) {
        String name = last(ctx, "name");
        if (name == null || name.isBlank()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "name is required: /system/logs?name=FUNCTION");
        }
        FunctionRef ref = new FunctionRef(name, namespaces.resolve(ctx));
        int tail = -1;
        String tailText = last(ctx, "tail");
        if (tailText != null && !tailText.isBlank()) {
            try {
                tail = Integer.parseInt(tailText.trim());
            } catch (NumberFormatException e) {
                throw unprocessable("tail: \"" + tailText + "\" is not a whole number");
            }
            if (tail <= 0) {
                tail = -1;
            }
        }
        boolean follow = false;
        String followText = last(ctx, "follow");
        if (followText != null && !followText.isBlank()) {
            follow = switch (followText.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> true;
                case "false", "0" -> false;
                default -> throw unprocessable("follow: \"" + followText + "\" is not true or false");
            };
        }
        Instant since = null;
        String sinceText = last(ctx, "since");
        if (sinceText != null && !sinceText.isBlank()) {
            try {
                since = Instant.parse(sinceText.trim());
            } catch (DateTimeParseException e) {
                throw unprocessable("since: \"" + sinceText + "\" is not an RFC 3339 time");
            }
        }
        String instance = last(ctx, "instance");
        return new LogQuery(ref, instance == null || instance.isBlank() ? null : instance, tail, follow, since);
    }

    private static String last(RoutingContext ctx, String parameter) {
        List<String> values = ctx.queryParam(parameter);
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private static ProviderException unprocessable(String detail) {
        return new ProviderException(ProviderException.Kind.UNPROCESSABLE, "could not parse the log request: " + detail);
    }
}
