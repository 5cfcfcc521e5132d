package io.jfaas.gateway.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.RequestBodies;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies into wire types and writes wire types as JSON answers. */
final class JsonIo {

    private final ObjectMapper mapper;

    JsonIo(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The body as {@code type}; {@link ProviderException.Kind#INVALID} with OpenFaaS's "failed to unmarshal
     * request" and where the JSON went wrong when it cannot be read.
     */
    <T> T read(RoutingContext ctx, Class<T> type, String example) {
        return read(ctx, type, example, tree -> java.util.Optional.empty());
    }

    /**
     * As {@link #read(RoutingContext, Class, String)}, refusing first with {@code check}'s problem (400, "validation
     * failed") a body whose tree it finds one in.
     */
    <T> T read(RoutingContext ctx, Class<T> type, String example,
               java.util.function.Function<com.fasterxml.jackson.databind.JsonNode, java.util.Optional<String>> check) {
        Buffer body = ctx.body().buffer();
        return RequestBodies.read(body == null ? null : body.getBytes(), mapper, type, example, check);
    }

    /** Answers 200 with {@code value} as JSON. */
    void send(RoutingContext ctx, Object value) {
        try {
            ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(mapper.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
