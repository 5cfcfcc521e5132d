package io.jfaas.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON settings of the OpenFaaS wire format: RFC 3339 times, unknown fields tolerated.
 *
 * <p>The only time type on the wire is {@link Instant} ({@code createdAt}, log timestamps, ...), written as RFC 3339
 * text in UTC ({@code 2024-05-06T07:08:09.123Z}, as {@link Instant#toString()}) and read from RFC 3339 text with any
 * offset ({@code 2024-05-06T09:08:09.123+02:00}, what Go's {@code time.Time} sends), or from a number of epoch
 * seconds ({@code 1714979289.123}), as Jackson's {@code java.time} module reads it. That is two small classes here
 * instead of Jackson's whole {@code java.time} module (75 classes in every process that reads JSON).
 */
public final class Json {

    private Json() {
    }

    /** A new mapper for the wire types. Mappers are thread-safe: make one per component and keep it. */
    public static JsonMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new SimpleModule("rfc3339-instants")
                        .addSerializer(Instant.class, new InstantWriter())
                        .addDeserializer(Instant.class, new InstantReader()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** An instant as RFC 3339 text in UTC. */
    private static final class InstantWriter extends StdScalarSerializer<Instant> {

        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(value.toString());
        }
    }

    /**
     * Epoch seconds with a fraction (nanoseconds beyond the ninth digit dropped). The digits before the point are
     * checked first: a short number with a huge exponent ({@code 1e1000000000}) would otherwise be expanded digit by
     * digit.
     */
    static Instant ofEpochSeconds(BigDecimal seconds) {
        int digits = seconds.precision() - seconds.scale();
        if (digits > 19) {
            throw new ArithmeticException("more than 19 digits of seconds");
        }
        if (digits < -9) {
            return Instant.EPOCH; // less than a nanosecond
        }
        long whole = seconds.setScale(0, RoundingMode.DOWN).longValueExact();
        return Instant.ofEpochSecond(whole, seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue());
    }

    /** An instant from RFC 3339 text with any offset, or from a number of epoch seconds; an empty string is null. */
    private static final class InstantReader extends StdScalarDeserializer<Instant> {

        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser json, DeserializationContext context) throws IOException {
            if (json.currentToken() != null && json.currentToken().isNumeric()) {
                BigDecimal seconds = json.getDecimalValue();
                try {
                    return ofEpochSeconds(seconds);
                } catch (ArithmeticException | DateTimeException e) {
                    return (Instant) context.handleWeirdNumberValue(Instant.class, seconds,
                            "not a time: epoch seconds out of range");
                }
            }
            if (!json.hasToken(JsonToken.VALUE_STRING)) {
                return (Instant) context.handleUnexpectedToken(Instant.class, json);
            }
            String text = json.getText().trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text,
                        "not an RFC 3339 time like 2024-05-06T07:08:09Z");
            }
        }
    }
}
