package io.jfaas.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How every provider reads a request's JSON body, so that the same bad body gets the same 400 and the same message
 * from the gateway in local mode and from the operator's provider API.
 */
public final class RequestBodies {

    /** The example a "JSON body is required" answer shows for a deployment. */
    public static final String DEPLOYMENT_EXAMPLE = "{\"service\": \"hello\", \"image\": \"hello:latest\"}";
    /** ... for a removal. */
    public static final String DELETE_EXAMPLE = "{\"functionName\": \"hello\"}";
    /** ... for a secret. */
    public static final String SECRET_EXAMPLE = "{\"name\": \"api-key\", \"value\": \"s3cr3t\"}";
    /** ... for a scale request. */
    public static final String SCALE_EXAMPLE = "{\"serviceName\": \"hello\", \"replicas\": 2}";

    private RequestBodies() {
    }

    /**
     * {@code body} as {@code type}; {@link ProviderException.Kind#INVALID} with OpenFaaS's "failed to unmarshal
     * request" and where the JSON went wrong when it cannot be read, "a JSON body is required" (with
     * {@code example}) when there is none, and "validation failed" with {@code check}'s problem when it finds one in the
     * body's tree.
     */
    public static <T> T read(byte[] body, ObjectMapper mapper, Class<T> type, String example,
                             Function<JsonNode, Optional<String>> check) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            throw new ProviderException(ProviderException.Kind.INVALID, "a JSON body is required, e.g. " + example);
        }
        try {
            JsonNode tree = mapper.readTree(body);
            Optional<String> problem = check.apply(tree);
            if (problem.isPresent()) {
                throw new ProviderException(ProviderException.Kind.INVALID, "validation failed: " + problem.get());
            }
            T value = mapper.treeToValue(tree, type);
            if (value == null) {
                throw new ProviderException(ProviderException.Kind.INVALID, "a JSON object is required, e.g. "
                        + example);
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

    private static ProviderException invalid(String detail, Exception cause) {
        return new ProviderException(ProviderException.Kind.INVALID, "failed to unmarshal request: " + detail, cause);
    }
}
