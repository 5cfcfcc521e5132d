package io.jfaas.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingPolicyTest {

    @Test
    void no_labels_give_the_defaults() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of("other", "x", "com.openfaas.scale.max", " "));

        assertThat(policy).isEqualTo(new ScalingPolicy(ScaleType.SATURATION, 1, 0.90, 1, 20, false,
                Duration.ofMinutes(15), Duration.ZERO, 20));
        assertThat(policy.loadPerReplica()).isEqualTo(0.9);
        assertThat(policy.fixed()).isFalse();
    }

    @Test
    void a_target_without_a_type_is_calls_per_second_as_in_openfaas() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of("com.openfaas.scale.target", "5"));

        assertThat(policy.type()).isEqualTo(ScaleType.RPS);
        assertThat(policy.target()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rps,50", "capacity,50", "cpu,50", "saturation,1", "SATURATION,1"})
    void a_type_without_a_target_has_its_default_target(String type, double target) {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of("com.openfaas.scale.type", type));

        assertThat(policy.type().label()).isEqualTo(type.toLowerCase(java.util.Locale.ROOT));
        assertThat(policy.target()).isEqualTo(target);
    }

    @Test
    void every_label_is_read() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of(
                "com.openfaas.scale.type", "Capacity",
                "com.openfaas.scale.target", "7.5",
                "com.openfaas.scale.target-proportion", "0.5",
                "com.openfaas.scale.min", "0",
                "com.openfaas.scale.max", "12",
                "com.openfaas.scale.zero", "true",
                "com.openfaas.scale.zero-duration", "90s",
                "com.openfaas.scale.down.window", "1m",
                "com.openfaas.scale.factor", "0"));

        assertThat(policy).isEqualTo(new ScalingPolicy(ScaleType.CAPACITY, 7.5, 0.5, 0, 12, true,
                Duration.ofSeconds(90), Duration.ofMinutes(1), 0));
        assertThat(policy.activeMin()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "com.openfaas.scale.type|queue|label com.openfaas.scale.type must be one of rps, capacity, cpu, saturation (\"queue\")",
        "com.openfaas.scale.target|0|label com.openfaas.scale.target must be a number above 0 (\"0\")",
        "com.openfaas.scale.target|lots|label com.openfaas.scale.target is not valid (\"lots\")",
        "com.openfaas.scale.target-proportion|1.5|label com.openfaas.scale.target-proportion must be above 0 and at most 1",
        "com.openfaas.scale.min|-1|label com.openfaas.scale.min must be a whole number of 0 or more (\"-1\")",
        "com.openfaas.scale.max|0|label com.openfaas.scale.max must be a whole number of 1 or more (\"0\")",
        "com.openfaas.scale.zero|yes|label com.openfaas.scale.zero must be true or false (\"yes\")",
        "com.openfaas.scale.zero-duration|soon|label com.openfaas.scale.zero-duration must be seconds (90)",
        "com.openfaas.scale.zero-duration|0s|label com.openfaas.scale.zero-duration must be a duration above 0",
        "com.openfaas.scale.factor|101|label com.openfaas.scale.factor must be a whole number from 0 to 100",
    })
    void an_invalid_label_is_refused_with_its_name(String key, String value, String message) {
        assertThatThrownBy(() -> ScalingPolicy.fromLabels(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void a_maximum_below_the_minimum_is_refused() {
        assertThatThrownBy(() -> ScalingPolicy.fromLabels(Map.of("com.openfaas.scale.min", "5",
                "com.openfaas.scale.max", "2")))
                .hasMessage("label com.openfaas.scale.max (2) must not be below com.openfaas.scale.min (5)");
    }

    @Test
    void a_back_ends_bound_caps_the_maximum() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of("com.openfaas.scale.min", "150",
                "com.openfaas.scale.max", "500"));

        assertThat(policy.capped(100).max()).isEqualTo(100);
        assertThat(policy.capped(100).min()).isEqualTo(100);
        assertThat(policy.capped(1000)).isSameAs(policy);
    }
}
