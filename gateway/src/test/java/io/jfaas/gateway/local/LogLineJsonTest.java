package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.Json;
import io.jfaas.model.LogMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The hand-written log line is byte for byte what Jackson writes, and reads back as the same message. */
class LogLineJsonTest {

    private static final String[] TEXTS = {
        "127.0.0.1 - - [06/Dec/2026:13:18:00 +0000] \"GET / HTTP/1.1\" 200 13 0.001\n",
        "quotes \" and backslashes \\ and a tab\there\r\n",
        "control \u0000 \u0001 \u001f \b \f and delete \u007f\n",
        "unicode: é ü 漢字 and an emoji 🙂 and a lone surrogate? no\n",
        "",
    };

    @Test
    void lines_are_encoded_exactly_as_jackson_encodes_them() throws Exception {
        for (String text : TEXTS) {
            for (Instant at : new Instant[] {Instant.parse("2026-12-06T13:18:00Z"),
                    Instant.parse("2026-12-06T13:18:00.120Z"), Instant.parse("2026-12-06T13:18:00.123456789Z")}) {
                LogMessage message = new LogMessage("hello", "openfaas-fn", "hello-1", at, text);

                String expected = Json.newMapper().writeValueAsString(message) + "\n";
                byte[] encoded = encoded(message);

                assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(expected);
                assertThat(Json.newMapper().readValue(encoded, LogMessage.class)).isEqualTo(message);
            }
        }
    }

    @Test
    void one_encoder_reused_across_seconds_precisions_and_sizes_writes_each_line_as_jackson_does() throws Exception {
        LogLineJson.Encoder encoder = new LogLineJson.Encoder();
        Instant[] instants = {Instant.parse("2026-12-06T13:18:00.000000001Z"), Instant.parse("2026-12-06T13:18:00.5Z"),
            Instant.parse("2026-12-06T13:18:00.000001Z"), Instant.parse("2026-12-06T13:18:01Z"),
            Instant.parse("2026-12-06T23:59:59.999999999Z"), Instant.parse("2026-12-07T00:00:00.010Z"),
            Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2026-12-06T13:18:01.100200Z")};
        // a line past the buffer's kept size, then short ones again
        String[] texts = {"short\n", "é".repeat(LogLineJson.MAX_KEPT) + "\n", "\"" .repeat(40_000), "after\n"};
        for (String text : texts) {
            for (Instant at : instants) {
                LogMessage message = new LogMessage("hello", "openfaas-fn", "hello-1", at, text);

                int length = encoder.encode(message);

                assertThat(new String(encoder.bytes(), 0, length, StandardCharsets.UTF_8))
                        .isEqualTo(Json.newMapper().writeValueAsString(message) + "\n");
            }
        }
    }

    @Test
    void a_lone_surrogate_is_written_as_a_question_mark_as_the_jdk_encodes_it() {
        LogMessage message = new LogMessage("hello", "openfaas-fn", "hello-1", null, "a\ud800b\udc00c\n");

        assertThat(new String(encoded(message), StandardCharsets.UTF_8))
                .endsWith(",\"text\":\"a?b?c\\n\"}\n")
                .contains("\"text\":\"" + new String("a\ud800b\udc00c".getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.UTF_8));
    }

    @Test
    void missing_fields_are_null_as_jackson_writes_them() throws Exception {
        LogMessage message = new LogMessage("hello", "openfaas-fn", null, null, "x\n");

        assertThat(new String(encoded(message), StandardCharsets.UTF_8))
                .isEqualTo(Json.newMapper().writeValueAsString(message) + "\n");
    }

    /** The object and its newline as a fresh encoder writes it, in an array of its own. */
    private static byte[] encoded(LogMessage message) {
        LogLineJson.Encoder encoder = new LogLineJson.Encoder();
        int length = encoder.encode(message);
        return java.util.Arrays.copyOf(encoder.bytes(), length);
    }
}
