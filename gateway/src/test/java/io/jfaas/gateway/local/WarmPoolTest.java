package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which functions a warm-pool JVM can run: those whose JVM would be started exactly as the pool's was. */
class WarmPoolTest {

    @Test
    void a_java_function_without_limits_or_jvm_variables_fits() {
        assertThat(WarmPool.fits(deployment(Map.of("GREETING", "hi", "PATH", "/opt/bin"), null, Map.of()))).isTrue();
        assertThat(WarmPool.fits(deployment(Map.of("mode", "java"), null, Map.of(WarmPool.ANNOTATION, "true"))))
                .isTrue();
    }

    @Test
    void limits_that_set_jvm_options_start_cold() {
        assertThat(WarmPool.fits(deployment(Map.of(), new FunctionResources("256Mi", null), Map.of()))).isFalse();
        assertThat(WarmPool.fits(deployment(Map.of(), new FunctionResources(null, "1"), Map.of()))).isFalse();
    }

    @Test
    void other_modes_and_the_opt_out_annotation_start_cold() {
        assertThat(WarmPool.fits(deployment(Map.of("mode", "http", "fprocess", "node index.js"), null, Map.of())))
                .isFalse();
        assertThat(WarmPool.fits(deployment(Map.of("fprocess", "cat"), null, Map.of()))).isFalse();
        assertThat(WarmPool.fits(deployment(Map.of(), null, Map.of(WarmPool.ANNOTATION, "false")))).isFalse();
    }

    @Test
    void variables_the_jvm_reads_as_it_starts_need_a_jvm_started_with_them() {
        for (String variable : WarmPool.JVM_START_VARIABLES) {
            assertThat(WarmPool.fits(deployment(Map.of(variable, "x"), null, Map.of()))).as(variable).isFalse();
        }
    }

    private static FunctionDeployment deployment(Map<String, String> env, FunctionResources limits,
                                                 Map<String, String> annotations) {
        return new FunctionDeployment("f", "img:latest", "openfaas-fn", null, env, null, null, null, annotations,
                limits, null, false);
    }
}
