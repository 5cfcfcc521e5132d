package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.provider.ProviderException;
import io.jfaas.model.FunctionDeployment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalFunctionTest {

    @Test
    void restart_back_off_doubles_from_250_ms_up_to_30_s() {
        assertThat(LocalFunction.backoff(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(LocalFunction.backoff(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(LocalFunction.backoff(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LocalFunction.backoff(8)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LocalFunction.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void replicas_start_at_the_scale_min_label_and_at_least_one() {
        assertThat(LocalProvider.replicasOf(withLabels(Map.of()))).isEqualTo(1);
        assertThat(LocalProvider.replicasOf(withLabels(Map.of("com.openfaas.scale.min", "3")))).isEqualTo(3);
        assertThat(LocalProvider.replicasOf(withLabels(Map.of("com.openfaas.scale.min", "0")))).isEqualTo(1);
    }

    @Test
    void a_scale_min_label_that_is_not_a_number_is_invalid_naming_the_label() {
        assertThatThrownBy(() -> LocalProvider.replicasOf(withLabels(Map.of("com.openfaas.scale.min", "many"))))
                .isInstanceOf(ProviderException.class)
                .hasMessageContaining("com.openfaas.scale.min")
                .hasMessageContaining("many");
    }

    private static FunctionDeployment withLabels(Map<String, String> labels) {
        return FunctionDeployment.of("f", "f:1").withLabels(labels);
    }
}
