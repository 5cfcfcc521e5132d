package io.jfaas.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvSettingsTest {

    private static EnvSettings env(String key, String value) {
        return EnvSettings.of(Map.of(key, value));
    }

    private static final EnvSettings NONE = EnvSettings.of(Map.of());

    @Test
    void absent_variables_take_the_default() {
        assertThat(NONE.string("S", "fallback")).isEqualTo("fallback");
        assertThat(NONE.port("P", 8080)).isEqualTo(8080);
        assertThat(NONE.positiveInt("N", 7)).isEqualTo(7);
        assertThat(NONE.bool("B", true)).isTrue();
        assertThat(NONE.bool("B", false)).isFalse();
        assertThat(NONE.positiveDuration("D", Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
        assertThat(NONE.path("F", Path.of("/tmp/x"))).isEqualTo(Path.of("/tmp/x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t"})
    void blank_variables_take_the_default(String blank) {
        assertThat(env("S", blank).string("S", "fallback")).isEqualTo("fallback");
        assertThat(env("P", blank).port("P", 8080)).isEqualTo(8080);
        assertThat(env("N", blank).positiveInt("N", 7)).isEqualTo(7);
        assertThat(env("B", blank).bool("B", true)).isTrue();
        assertThat(env("D", blank).positiveDuration("D", Duration.ofMillis(1500))).isEqualTo(Duration.ofMillis(1500));
        assertThat(env("F", blank).path("F", Path.of("data"))).isEqualTo(Path.of("data"));
    }

    @Test
    void is_set_only_for_non_blank_values() {
        Map<String, String> map = new HashMap<>();
        map.put("SET", "x");
        map.put("BLANK", "  ");
        EnvSettings settings = EnvSettings.of(map);

        assertThat(settings.isSet("SET")).isTrue();
        assertThat(settings.isSet("BLANK")).isFalse();
        assertThat(settings.isSet("ABSENT")).isFalse();
    }

    @Test
    void reads_a_string_trimmed() {
        assertThat(env("S", "  value ").string("S", "fallback")).isEqualTo("value");
    }

    @Test
    void reads_a_port() {
        assertThat(env("P", "9090").port("P", 8080)).isEqualTo(9090);
        assertThat(env("P", "0").port("P", 8080)).isZero();
        assertThat(env("P", "65535").port("P", 8080)).isEqualTo(65535);
    }

    @ParameterizedTest
    @ValueSource(strings = {"65536", "-1", "http", "80.5"})
    void rejects_a_bad_port_naming_the_variable(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("PORT", value).port("PORT", 8080))
                .withMessageStartingWith("PORT")
                .withMessageContaining(value);
    }

    @Test
    void reads_a_positive_int() {
        assertThat(env("N", "1").positiveInt("N", 7)).isEqualTo(1);
        assertThat(env("N", " 42 ").positiveInt("N", 7)).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-3", "many", "99999999999"})
    void rejects_a_number_that_is_not_positive_naming_the_variable(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("MAX_INFLIGHT", value).positiveInt("MAX_INFLIGHT", 7))
                .withMessageStartingWith("MAX_INFLIGHT")
                .withMessageContaining(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "1", "yes", "Yes", "on"})
    void reads_true(String value) {
        assertThat(env("B", value).bool("B", false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "False", "0", "no", "NO", "off"})
    void reads_false(String value) {
        assertThat(env("B", value).bool("B", true)).isFalse();
    }

    @Test
    void rejects_a_bad_boolean_naming_the_variable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("DEBUG", "maybe").bool("DEBUG", false))
                .withMessageStartingWith("DEBUG")
                .withMessageContaining("maybe");
    }

    @Test
    void reads_a_positive_duration_in_seconds_or_go_syntax() {
        assertThat(env("D", "65").positiveDuration("D", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(65));
        assertThat(env("D", "1m5s").positiveDuration("D", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(65));
        assertThat(env("D", "500ms").positiveDuration("D", Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0s", "soon", "-1s"})
    void rejects_a_duration_that_is_not_positive_naming_the_variable(String value) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("UPSTREAM_TIMEOUT", value).positiveDuration("UPSTREAM_TIMEOUT",
                        Duration.ofSeconds(60)))
                .withMessageStartingWith("UPSTREAM_TIMEOUT")
                .withMessageContaining(value);
    }

    @Test
    void reads_a_path() {
        assertThat(env("F", "/var/lib/jfaas").path("F", Path.of("x"))).isEqualTo(Path.of("/var/lib/jfaas"));
        assertThat(env("F", "relative/dir").path("F", Path.of("x"))).isEqualTo(Path.of("relative/dir"));
    }

    @Test
    void rejects_a_bad_path_naming_the_variable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("STORE", "bad\0path").path("STORE", Path.of("x")))
                .withMessageStartingWith("STORE");
    }

    @Test
    void copies_the_environment_so_later_changes_do_not_leak_in() {
        Map<String, String> map = new HashMap<>(Map.of("S", "before"));
        EnvSettings settings = EnvSettings.of(map);

        map.put("S", "after");

        assertThat(settings.string("S", "fallback")).isEqualTo("before");
    }

    @Test
    void byte_sizes_are_plain_numbers_or_quantities() {
        assertThat(env("M", "1048576").positiveBytes("M", -1)).isEqualTo(1048576);
        assertThat(env("M", "10Mi").positiveBytes("M", -1)).isEqualTo(10L * 1024 * 1024);
        assertThat(env("M", "1G").positiveBytes("M", -1)).isEqualTo(1_000_000_000L);
        assertThat(NONE.positiveBytes("M", -1)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "ten", "100m"})
    void a_byte_size_that_is_not_a_whole_positive_number_is_refused_naming_the_variable(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> env("MAX", value).positiveBytes("MAX", -1))
                .withMessageStartingWith("MAX: ");
    }

    @Test
    void a_count_is_zero_or_more_and_anything_else_is_refused_naming_the_variable() {
        assertThat(env("N", "0").count("N", 7)).isZero();
        assertThat(env("N", "12").count("N", 7)).isEqualTo(12);
        assertThat(NONE.count("N", 7)).isEqualTo(7);
        assertThatIllegalArgumentException().isThrownBy(() -> env("N", "-1").count("N", 7))
                .withMessage("N: \"-1\" is not a whole number of 0 or more (0: no limit)");
    }

    @Test
    void a_duration_may_be_zero_and_a_positive_duration_may_not() {
        assertThat(env("D", "0").duration("D", Duration.ofSeconds(5))).isZero();
        assertThat(env("D", "1m5s").duration("D", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(65));
        assertThat(NONE.duration("D", Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThatIllegalArgumentException().isThrownBy(() -> env("D", "0").positiveDuration("D", Duration.ZERO))
                .withMessageStartingWith("D: ");
    }

    @Test
    void the_first_of_two_names_that_is_set_wins() {
        assertThat(EnvSettings.of(Map.of("new", " a ", "old", "b")).firstOf("new", "old")).contains("a");
        assertThat(EnvSettings.of(Map.of("new", " ", "old", "b")).firstOf("new", "old")).contains("b");
        assertThat(NONE.firstOf("new", "old")).isEmpty();
    }

    @Test
    void a_setting_of_its_own_kind_fails_naming_the_variable_for_overflow_too() {
        String upper = env("K", "abc").read("K", "x", value -> value.toUpperCase(java.util.Locale.ROOT));
        assertThat(upper).isEqualTo("ABC");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env("K", "9").read("K", "x", v -> Math.multiplyExact(Long.MAX_VALUE, Long.parseLong(v))))
                .withMessageStartingWith("K: ");
    }
}
