package io.jfaas.gateway.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.provider.ProviderException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.stream.Collectors;

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
        if (body == null || body.length() == 0 || body.toString().isBlank()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "a JSON body is required, e.g. " + example);
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(body.getBytes());
            java.util.Optional<String> problem = check.apply(tree);
            if (problem.isPresent()) {
                throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + problem.get());
            }
            T value = mapper.treeToValue(tree, type);
            if (value == null) {
                throw new ProviderException(ProviderException.Kind.INVALID, "a JSON object is required, e.g. " + example);
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw invalid((field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw invalid(e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw invalid(e.getMessage(), e);
        }
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

    private static ProviderException invalid(String detail, Exception cause) {
        return new ProviderException(ProviderException.Kind.INVALID, "failed to unmarshal request: " + detail, cause);
    }
}
