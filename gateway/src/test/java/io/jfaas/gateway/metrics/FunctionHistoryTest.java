package io.jfaas.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionHistoryTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");
    private static final FunctionRef HELLO = new FunctionRef("hello", "openfaas-fn");

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final FunctionHistory history = metrics.history();

    @Test
    void each_sample_holds_the_calls_errors_and_replicas_of_its_moment() {
        FunctionMeters meters = metrics.function(HELLO);
        meters.started();
        meters.finished(200, 1_000_000);
        history.record(T0, List.of(status("hello", 2, 1)));
        meters.started();
        meters.finished(500, 1_000_000);

        history.record(T0.plusSeconds(5), List.of(status("hello", 2, 2)));

        assertThat(history.of(HELLO)).containsExactly(
                new FunctionHistory.Sample(T0.toEpochMilli(), 1, 0, 2, 1),
                new FunctionHistory.Sample(T0.plusSeconds(5).toEpochMilli(), 2, 1, 2, 2));
    }

    @Test
    void samples_older_than_the_window_are_dropped() {
        for (int i = 0; i <= 70; i++) {
            history.record(T0.plusSeconds(5L * i), List.of(status("hello", 1, 1)));
        }

        List<FunctionHistory.Sample> kept = history.of(HELLO);

        // five minutes of samples five seconds apart, both ends included
        assertThat(kept).hasSize(61);
        assertThat(kept.get(0).t()).isEqualTo(T0.plusSeconds(50).toEpochMilli());
        assertThat(kept.get(60).t()).isEqualTo(T0.plusSeconds(350).toEpochMilli());
    }

    @Test
    void a_function_the_provider_no_longer_lists_is_forgotten() {
        history.record(T0, List.of(status("hello", 1, 1), status("other", 1, 1)));

        history.record(T0.plusSeconds(5), List.of(status("other", 1, 1)));

        assertThat(history.of(HELLO)).isEmpty();
        assertThat(history.of(new FunctionRef("other", "openfaas-fn"))).hasSize(2);
    }

    private static FunctionStatus status(String name, long replicas, long available) {
        return new FunctionStatus(name, name + ":1", "openfaas-fn", null, null, null, null, null, null, null, null,
                false, 0, replicas, available, T0);
    }
}
