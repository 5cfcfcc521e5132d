package io.jfaas.cli.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionResources;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.ReplicaHealth;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code GET /system/functions} and {@code GET /system/function/NAME} answers with Jackson's streaming parser
 * instead of its data binding, which builds its deserializers by reflection on every start of the CLI (a good part of
 * a {@code list} or {@code describe}). Reads what the data binding of {@link io.jfaas.model.Json#newMapper()} reads
 * into the same records: unknown fields skipped, null where a field is null or missing, scalars coerced as Jackson
 * coerces them (a number where text is expected, a numeric string where a number is), RFC 3339 times or epoch
 * seconds. {@code FunctionStatusReaderTest} holds it to the data binding, field by field.
 */
final class FunctionStatusReader {

    private static final JsonFactory JSON = new JsonFactory();

    private FunctionStatusReader() {
    }

    /** A JSON array of function statuses. */
    static List<FunctionStatus> list(byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            List<FunctionStatus> functions = new ArrayList<>();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                return functions;
            }
            expect(parser, token, JsonToken.START_ARRAY);
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                functions.add(token == JsonToken.VALUE_NULL ? null : function(parser));
            }
            return functions;
        }
    }

    /** One function status. */
    static FunctionStatus one(byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token = parser.nextToken();
            return token == JsonToken.VALUE_NULL ? null : function(parser);
        }
    }

    private static FunctionStatus function(JsonParser parser) throws IOException {
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        String name = null;
        String image = null;
        String namespace = null;
        String envProcess = null;
        Map<String, String> envVars = null;
        List<String> constraints = null;
        List<String> secrets = null;
        Map<String, String> labels = null;
        Map<String, String> annotations = null;
        FunctionResources limits = null;
        FunctionResources requests = null;
        boolean readOnlyRootFilesystem = false;
        double invocationCount = 0;
        long replicas = 0;
        long availableReplicas = 0;
        Instant createdAt = null;
        AutoscalerStatus autoscaler = null;
        ReplicaHealth health = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "name" -> name = text(parser);
                case "image" -> image = text(parser);
                case "namespace" -> namespace = text(parser);
                case "envProcess" -> envProcess = text(parser);
                case "envVars" -> envVars = map(parser);
                case "constraints" -> constraints = list(parser);
                case "secrets" -> secrets = list(parser);
                case "labels" -> labels = map(parser);
                case "annotations" -> annotations = map(parser);
                case "limits" -> limits = resources(parser);
                case "requests" -> requests = resources(parser);
                case "readOnlyRootFilesystem" -> readOnlyRootFilesystem = bool(parser);
                case "invocationCount" -> invocationCount = number(parser);
                case "replicas" -> replicas = (long) number(parser);
                case "availableReplicas" -> availableReplicas = (long) number(parser);
                case "createdAt" -> createdAt = instant(parser);
                case "autoscaler" -> autoscaler = autoscaler(parser);
                case "health" -> health = health(parser);
                default -> parser.skipChildren();
            }
        }
        return new FunctionStatus(name, image, namespace, envProcess, envVars, constraints, secrets, labels,
                annotations, limits, requests, readOnlyRootFilesystem, invocationCount, replicas, availableReplicas,
                createdAt, autoscaler, health);
    }

    private static FunctionResources resources(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        String memory = null;
        String cpu = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "memory" -> memory = text(parser);
                case "cpu" -> cpu = text(parser);
                default -> parser.skipChildren();
            }
        }
        return new FunctionResources(memory, cpu);
    }

    private static AutoscalerStatus autoscaler(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        int desiredReplicas = 0;
        int replicas = 0;
        String mode = null;
        double load = 0;
        String reason = null;
        Instant decidedAt = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "desiredReplicas" -> desiredReplicas = (int) number(parser);
                case "replicas" -> replicas = (int) number(parser);
                case "mode" -> mode = text(parser);
                case "load" -> load = number(parser);
                case "reason" -> reason = text(parser);
                case "decidedAt" -> decidedAt = instant(parser);
                default -> parser.skipChildren();
            }
        }
        return new AutoscalerStatus(desiredReplicas, replicas, mode, load, reason, decidedAt);
    }

    private static ReplicaHealth health(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        String state = null;
        int restarts = 0;
        String lastError = null;
        Instant lastErrorAt = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "state" -> state = text(parser);
                case "restarts" -> restarts = (int) number(parser);
                case "lastError" -> lastError = text(parser);
                case "lastErrorAt" -> lastErrorAt = instant(parser);
                default -> parser.skipChildren();
            }
        }
        return new ReplicaHealth(state, restarts, lastError, lastErrorAt);
    }

    /** Text, or a scalar as text (Jackson's coercion); null for null. */
    private static String text(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new IOException("expected text at " + parser.currentName() + ", found " + token);
        }
        return parser.getText();
    }

    /** A number, or a numeric string; 0 for null or an empty string. */
    private static double number(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token.isNumeric()) {
            return parser.getDoubleValue();
        }
        if (token == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().strip();
            try {
                return text.isEmpty() ? 0 : Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IOException("expected a number at " + parser.currentName() + ", found \"" + text + "\"");
            }
        }
        throw new IOException("expected a number at " + parser.currentName() + ", found " + token);
    }

    private static boolean bool(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            case VALUE_STRING -> switch (parser.getText().strip()) {
                case "true", "True", "TRUE" -> true;
                case "false", "False", "FALSE", "" -> false;
                default -> throw new IOException("expected a boolean at " + parser.currentName() + ", found \""
                        + parser.getText() + "\"");
            };
            default -> throw new IOException("expected a boolean at " + parser.currentName() + ", found " + token);
        };
    }

    /** An RFC 3339 time (any offset), or epoch seconds; null for null or an empty string. */
    private static Instant instant(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isNumeric()) {
            BigDecimal seconds = parser.getDecimalValue();
            long whole = seconds.longValue();
            return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9)
                    .longValue());
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IOException("expected a time at " + parser.currentName() + ", found " + token);
        }
        String text = parser.getText().strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IOException("expected an RFC 3339 time at " + parser.currentName() + ", found \"" + text
                    + "\"");
        }
    }

    private static Map<String, String> map(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, parser.currentToken(), JsonToken.START_OBJECT);
        Map<String, String> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            map.put(key, text(parser));
        }
        return map;
    }

    private static List<String> list(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(parser, parser.currentToken(), JsonToken.START_ARRAY);
        List<String> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            list.add(text(parser));
        }
        return list;
    }

    private static void expect(JsonParser parser, JsonToken found, JsonToken expected) throws IOException {
        if (found != expected) {
            throw new IOException("expected " + (expected == JsonToken.START_ARRAY ? "an array" : "an object")
                    + (parser.currentName() == null ? "" : " at " + parser.currentName()) + ", found "
                    + (found == null ? "the end of the answer" : found));
        }
    }
}
