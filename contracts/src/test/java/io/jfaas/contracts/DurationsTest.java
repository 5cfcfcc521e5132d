package io.jfaas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void a_bare_number_is_seconds() {
        assertThat(Durations.parse("65")).isEqualTo(Duration.ofSeconds(65));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void reads_go_seconds() {
        assertThat(Durations.parse("65s")).isEqualTo(Duration.ofSeconds(65));
    }

    @Test
    void reads_go_minutes_and_seconds() {
        assertThat(Durations.parse("1m5s")).isEqualTo(Duration.ofSeconds(65));
    }

    @Test
    void reads_fractional_seconds() {
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void reads_milliseconds() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void reads_hours() {
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("2h30m")).isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void reads_micro_and_nanoseconds() {
        assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse("250µs")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(Durations.parse("7ns")).isEqualTo(Duration.ofNanos(7));
    }

    @Test
    void ignores_surrounding_blanks() {
        assertThat(Durations.parse(" 30s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse(" 30 ")).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "5x", "s", "1m5", "-5s", "5 s", "x5s", "5s!", "1.s", "1,5s"})
    void rejects_what_is_not_a_duration_quoting_the_value(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessageContaining("\"" + text + "\"");
    }
}
