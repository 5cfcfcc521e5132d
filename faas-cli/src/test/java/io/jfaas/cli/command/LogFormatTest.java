package io.jfaas.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.LogsApi.LogLine;
import io.jfaas.model.LogMessage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    private static LogLine line(Instant timestamp, String text) {
        return new LogLine(new LogMessage("fn", "openfaas-fn", "fn-1", timestamp, text), "{\"raw\":true}");
    }

    @Test
    void plain_drops_only_the_trailing_line_breaks() {
        String printed = LogFormat.PLAIN.format(line(Instant.parse("2024-05-01T10:00:00.9Z"), "a\nb\n\n"));

        assertThat(printed).isEqualTo("2024-05-01T10:00:00Z a\nb");
    }

    @Test
    void plain_without_a_timestamp_prints_the_text_alone() {
        assertThat(LogFormat.PLAIN.format(line(null, "hello\n"))).isEqualTo("hello");
    }

    @Test
    void keyvalue_quotes_each_field() {
        assertThat(LogFormat.KEYVALUE.format(line(Instant.parse("2024-05-01T10:00:00Z"), "hi\n")))
                .isEqualTo("timestamp=\"2024-05-01T10:00:00Z\" name=\"fn\" instance=\"fn-1\" text=\"hi\"");
    }

    @Test
    void json_is_the_line_as_received() {
        assertThat(LogFormat.JSON.format(line(Instant.EPOCH, "ignored"))).isEqualTo("{\"raw\":true}");
    }

    @Test
    void names_are_read_in_any_case_and_unknown_ones_are_refused() {
        assertThat(LogFormat.of("KeyValue")).isEqualTo(LogFormat.KEYVALUE);
        assertThatThrownBy(() -> LogFormat.of("text")).isInstanceOf(CliFailure.class)
                .hasMessage("invalid argument \"text\" for \"--output\" flag: use plain, keyvalue or json");
    }
}
