package io.jfaas.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalingLoopTest {

    static final FunctionRef HELLO = new FunctionRef("hello", "openfaas-fn");
    static final FunctionRef OTHER = new FunctionRef("other", "openfaas-fn");
    static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    /** Pinned at 2 replicas: a fixed decision reports the load of this pass alone, not an average. */
    static final Map<String, String> PINNED_RPS = Map.of("com.openfaas.scale.type", "rps",
            "com.openfaas.scale.min", "2", "com.openfaas.scale.max", "2");
    static final Map<String, String> PINNED_CPU = Map.of("com.openfaas.scale.type", "cpu",
            "com.openfaas.scale.min", "2", "com.openfaas.scale.max", "2");

    final ScalingLoop loop = new ScalingLoop(ScalingWindows.DEFAULT);

    static FunctionSample sample(FunctionRef function, Map<String, String> labels, int replicas, FunctionLoad load) {
        return new FunctionSample(function, labels, replicas, replicas, load, ReplicaLimits.NONE, Bound.NONE);
    }

    ScalingOutcome pass(Instant now, FunctionSample sample) {
        List<ScalingOutcome> outcomes = loop.step(now, List.of(sample));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    @Test
    void labels_it_cannot_read_pin_the_function_and_the_decision_says_which() {
        ScalingOutcome outcome = pass(T0, sample(HELLO, Map.of("com.openfaas.scale.max", "many"), 3,
                FunctionLoad.NONE));

        assertThat(outcome.decision().mode()).isEqualTo(ScalingMode.FIXED);
        assertThat(outcome.decision().desired()).isEqualTo(3);
        assertThat(outcome.changes()).isFalse();
        assertThat(outcome.decision().reason()).startsWith("scaling is off: label com.openfaas.scale.max");
        assertThat(outcome.status().mode()).isEqualTo("fixed");
    }

    @Test
    void totals_become_calls_per_second_over_the_time_between_passes() {
        assertThat(pass(T0, sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Totals(100, 0, 0))).decision().load())
                .as("first sight: no rate yet").isZero();
        assertThat(pass(T0.plusSeconds(2), sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Totals(300, 0, 0)))
                .decision().load()).isCloseTo(100, within(1e-9));
        assertThat(pass(T0.plusSeconds(3), sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Totals(250, 0, 0)))
                .decision().load()).as("a counter that drops (a replica gone) is no increase").isZero();
    }

    @Test
    void cpu_time_totals_become_millicores() {
        pass(T0, sample(HELLO, PINNED_CPU, 2, new FunctionLoad.Totals(0, 0, 5_000_000_000L)));

        // one second of CPU time in two seconds: half a core
        assertThat(pass(T0.plusSeconds(2), sample(HELLO, PINNED_CPU, 2,
                new FunctionLoad.Totals(0, 0, 6_000_000_000L))).decision().load()).isCloseTo(500, within(1e-6));
    }

    @Test
    void rates_are_taken_as_measured() {
        assertThat(pass(T0, sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Rates(42, 7, 300))).decision().load())
                .isEqualTo(42);
    }

    @Test
    void a_function_not_sampled_is_forgotten_and_starts_afresh_when_it_comes_back() {
        pass(T0, sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Totals(100, 0, 0)));
        assertThat(loop.last(HELLO)).isPresent();

        pass(T0.plusSeconds(1), sample(OTHER, PINNED_RPS, 2, FunctionLoad.NONE));
        assertThat(loop.last(HELLO)).isEmpty();
        assertThat(loop.last(OTHER)).isPresent();

        // afresh: its old total is gone, so 1,000 calls now are a first sight, not 900 calls in 2 s
        assertThat(pass(T0.plusSeconds(2), sample(HELLO, PINNED_RPS, 2, new FunctionLoad.Totals(1000, 0, 0)))
                .decision().load()).isZero();
    }

    @Test
    void an_idle_function_scales_down_and_the_status_and_log_line_say_so() {
        ScalingOutcome outcome = pass(T0, sample(HELLO, Map.of(), 4, new FunctionLoad.Rates(0, 0, 0)));

        assertThat(outcome.changes()).isTrue();
        assertThat(outcome.decision().desired()).as("at most half goes in one decision").isEqualTo(2);
        AutoscalerStatus status = outcome.status();
        assertThat(status.desiredReplicas()).isEqualTo(2);
        assertThat(status.replicas()).isEqualTo(4);
        assertThat(status.mode()).isEqualTo("stable");
        assertThat(status.decidedAt()).isEqualTo(T0);
        assertThat(status.reason()).isEqualTo(outcome.decision().reason());
        assertThat(outcome.logLine()).isEqualTo("autoscaler: hello.openfaas-fn 4 → 2 (" + status.reason() + ")");
        assertThat(loop.last(HELLO)).contains(status);
    }

    @Test
    void the_back_ends_bound_caps_the_labels_maximum() {
        ScalingLoop capped = new ScalingLoop(ScalingWindows.DEFAULT, 3);
        Map<String, String> rps = Map.of("com.openfaas.scale.type", "rps", "com.openfaas.scale.target", "10");
        Decision last = null;
        for (int second = 0; second < 10; second++) {
            int replicas = last == null ? 1 : last.desired();
            last = capped.step(T0.plusSeconds(second), List.of(sample(HELLO, rps, replicas,
                    new FunctionLoad.Rates(1000, 0, 0)))).get(0).decision();
        }

        assertThat(last.desired()).isEqualTo(3);
        assertThat(last.reason()).contains("at most max 3");
    }

    @Test
    void a_status_decides_as_the_outcome_when_desired_replicas_and_mode_match() {
        ScalingOutcome outcome = pass(T0, sample(HELLO, Map.of(), 4, FunctionLoad.NONE));

        assertThat(outcome.decidesAs(2, 4, "stable")).isTrue();
        assertThat(outcome.decidesAs(2, 4, "panic")).isFalse();
        assertThat(outcome.decidesAs(3, 4, "stable")).isFalse();
        assertThat(outcome.decidesAs(null, null, null)).isFalse();
    }

    @Test
    void saturation_measures_calls_in_flight_and_cpu_only_with_a_cpu_limit() {
        assertThat(ScalingLoop.measures(Map.of(), ReplicaLimits.NONE)).containsExactly(ScaleType.CAPACITY);
        assertThat(ScalingLoop.measures(Map.of(), new ReplicaLimits(0, 500)))
                .containsExactlyInAnyOrder(ScaleType.CAPACITY, ScaleType.CPU);
    }

    @Test
    void saturation_that_may_go_to_zero_also_measures_calls_started() {
        assertThat(ScalingLoop.measures(Map.of("com.openfaas.scale.zero", "true"), ReplicaLimits.NONE))
                .containsExactlyInAnyOrder(ScaleType.CAPACITY, ScaleType.RPS);
    }

    @Test
    void openfaas_types_measure_themselves_and_pinned_or_unreadable_labels_nothing() {
        assertThat(ScalingLoop.measures(Map.of("com.openfaas.scale.type", "cpu"), new ReplicaLimits(0, 500)))
                .containsExactly(ScaleType.CPU);
        assertThat(ScalingLoop.measures(PINNED_RPS, ReplicaLimits.NONE)).isEqualTo(EnumSet.noneOf(ScaleType.class));
        assertThat(ScalingLoop.measures(Map.of("com.openfaas.scale.type", "sometimes"), ReplicaLimits.NONE))
                .isEmpty();
    }
}
