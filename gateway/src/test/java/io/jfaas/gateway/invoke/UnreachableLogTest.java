package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionRef;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnreachableLogTest {

    private long now;
    private final List<String> written = new ArrayList<>();
    private final UnreachableLog log = new UnreachableLog(() -> now, written::add);

    @Test
    void a_function_failing_in_a_loop_writes_one_warning_per_window_counting_the_rest() {
        FunctionRef broken = new FunctionRef("broken", "openfaas-fn");
        for (int i = 0; i < 1000; i++) {
            log.warn(broken, "cannot reach function broken.openfaas-fn");
            now += 1_000_000; // 1 ms apart: a whole second of calls
        }
        assertThat(written).containsExactly("cannot reach function broken.openfaas-fn");

        now += UnreachableLog.EVERY.toNanos();
        log.warn(broken, "cannot reach function broken.openfaas-fn");

        assertThat(written).hasSize(2);
        assertThat(written.get(1)).endsWith("(and 999 more calls of broken.openfaas-fn in the 10 s before)");
    }

    @Test
    void each_function_has_its_own_window_and_the_number_tracked_is_bounded() {
        log.warn(new FunctionRef("a", "openfaas-fn"), "a");
        log.warn(new FunctionRef("b", "openfaas-fn"), "b");
        assertThat(written).containsExactly("a", "b");

        for (int i = 0; i < UnreachableLog.MAX_FUNCTIONS + 10; i++) {
            log.warn(new FunctionRef("f" + i, "openfaas-fn"), "f" + i);
        }
        assertThat(log.tracked()).isLessThanOrEqualTo(UnreachableLog.MAX_FUNCTIONS);
    }
}
