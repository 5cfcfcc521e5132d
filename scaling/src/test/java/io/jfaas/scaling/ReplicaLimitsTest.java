package io.jfaas.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicaLimitsTest {

    @Test
    void max_inflight_and_the_cpu_limit_are_read() {
        assertThat(ReplicaLimits.of(Map.of("max_inflight", " 16 "), "500m")).isEqualTo(new ReplicaLimits(16, 500));
        assertThat(ReplicaLimits.of(Map.of(), "2")).isEqualTo(new ReplicaLimits(0, 2000));
    }

    @ParameterizedTest(name = "max_inflight={0}, cpu={1}")
    @CsvSource(value = {"'',''", "0,", "many,lots", "-3,-1"}, nullValues = "")
    void absent_or_unusable_values_are_no_limit(String maxInflight, String cpu) {
        Map<String, String> environment = maxInflight == null ? Map.of() : Map.of("max_inflight", maxInflight);

        ReplicaLimits limits = ReplicaLimits.of(environment, cpu);

        assertThat(limits).isEqualTo(ReplicaLimits.NONE);
        assertThat(limits.any()).isFalse();
    }
}
