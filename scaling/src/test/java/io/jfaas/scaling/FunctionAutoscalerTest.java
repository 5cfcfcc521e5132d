package io.jfaas.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionAutoscalerTest {

    private static final Duration TICK = Duration.ofMillis(500);

    /** OpenFaaS's own load, named: these labels plus {@code com.openfaas.scale.type=rps} (target 50). */
    private static Map<String, String> rps(String... labels) {
        Map<String, String> all = new java.util.HashMap<>();
        all.put("com.openfaas.scale.type", "rps");
        for (int i = 0; i < labels.length; i += 2) {
            all.put(labels[i], labels[i + 1]);
        }
        return all;
    }

    /** A function whose replicas follow each decision at once, asked every half second. */
    private static final class Run {
        final FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        final ScalingPolicy policy;
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        int replicas;
        final List<Decision> decisions = new ArrayList<>();

        Run(ScalingPolicy policy, int replicas) {
            this.policy = policy;
            this.replicas = replicas;
        }

        Run(Map<String, String> labels, int replicas) {
            this(ScalingPolicy.fromLabels(labels), replicas);
        }

        /** Load held for this long; returns the decisions made meanwhile. */
        List<Decision> hold(double load, Duration duration) {
            List<Decision> made = new ArrayList<>();
            for (long t = 0; t < duration.toMillis(); t += TICK.toMillis()) {
                now = now.plus(TICK);
                Decision decision = autoscaler.decide(now, policy, new Observation(replicas, replicas, load));
                replicas = decision.desired();
                made.add(decision);
            }
            decisions.addAll(made);
            return made;
        }

        Decision last() {
            return decisions.get(decisions.size() - 1);
        }

        /** A person scales the function to {@code count}, as POST /system/scale-function does. */
        void scaledByHand(int count) {
            replicas = count;
        }
    }

    @Test
    void a_count_set_by_hand_is_held_for_the_stable_window_then_left_only_for_the_load_reason_stated() {
        Run run = new Run(rps(), 1);
        run.hold(5, Duration.ofSeconds(10));

        run.scaledByHand(3);
        List<Decision> held = run.hold(5, ScalingWindows.DEFAULT.stable().minus(TICK));
        List<Decision> after = run.hold(5, Duration.ofSeconds(10));

        assertThat(held).allSatisfy(decision -> assertThat(decision.desired()).isEqualTo(3));
        assertThat(held.getLast().reason()).contains("held at 3, set by a scale request", "for the stable window 30s");
        assertThat(after.getLast().desired()).isEqualTo(1);
        assertThat(after).filteredOn(decision -> decision.desired() < decision.current()).first()
                .satisfies(down -> assertThat(down.reason()).contains("5 rps over 30s at 45 per replica needs 1")
                        .doesNotContain("set by a scale request"));
    }

    @Test
    void a_count_set_by_hand_below_the_load_is_held_but_a_burst_still_scales_it_up() {
        Run run = new Run(rps(), 4);
        run.hold(170, Duration.ofSeconds(35));
        assertThat(run.replicas).isEqualTo(4);

        // 170 rps needs 4 at 45 a replica: 3 is short of it, not a burst (twice the replicas)
        run.scaledByHand(3);
        List<Decision> steady = run.hold(170, Duration.ofSeconds(5));
        Decision burst = run.hold(2000, TICK).getFirst();

        assertThat(steady).allSatisfy(decision -> assertThat(decision.desired()).isEqualTo(3));
        assertThat(steady.getLast().reason()).contains("needs 4", "held at 3, set by a scale request",
                "(a burst still scales up)");
        assertThat(burst.mode()).isEqualTo(ScalingMode.PANIC);
        assertThat(burst.desired()).isGreaterThan(3);
    }

    @Test
    void replicas_that_lag_behind_the_autoscalers_own_decision_are_not_taken_for_a_count_set_by_hand() {
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        ScalingPolicy policy = ScalingPolicy.fromLabels(rps());
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        for (int i = 0; i < 80; i++) { // 40 s at 300 rps: 7 replicas
            now = now.plus(TICK);
            autoscaler.decide(now, policy, new Observation(7, 7, 300));
        }
        Decision down = null;
        for (int i = 0; i < 80 && down == null; i++) { // the load goes; the first scale-down
            now = now.plus(TICK);
            Decision decision = autoscaler.decide(now, policy, new Observation(7, 7, 0));
            down = decision.desired() < 7 ? decision : null;
        }
        assertThat(down).isNotNull();

        // the Deployment still says 7 for a few looks (a cache that has not caught up), then what was asked
        Decision lagging = autoscaler.decide(now.plus(TICK), policy, new Observation(7, 7, 0));
        Decision caughtUp = autoscaler.decide(now.plus(TICK.multipliedBy(2)), policy,
                new Observation(down.desired(), down.desired(), 0));

        assertThat(lagging.reason()).doesNotContain("set by a scale request");
        assertThat(lagging.desired()).isLessThan(7);
        assertThat(caughtUp.reason()).doesNotContain("set by a scale request");
    }

    @Test
    void with_scaling_off_by_labels_a_count_set_by_hand_stays_for_good() {
        Run run = new Run(Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"), 1);
        run.hold(0, Duration.ofSeconds(5));

        run.scaledByHand(3);
        List<Decision> later = run.hold(500, Duration.ofMinutes(5));

        assertThat(later).allSatisfy(decision -> {
            assertThat(decision.desired()).isEqualTo(3);
            assertThat(decision.mode()).isEqualTo(ScalingMode.FIXED);
        });
    }

    @Test
    void a_burst_of_ten_times_the_load_starts_panic_mode_and_scales_up_at_the_first_decision() {
        Run run = new Run(rps(), 1);
        run.hold(40, Duration.ofSeconds(20));
        assertThat(run.replicas).isEqualTo(1);

        Decision first = run.hold(400, TICK).get(0);

        assertThat(first.mode()).isEqualTo(ScalingMode.PANIC);
        assertThat(first.desired()).isGreaterThan(1);
        assertThat(first.reason()).startsWith("burst: ");
        run.hold(400, Duration.ofSeconds(3));
        // 400 rps at 50 × 0.90 per replica
        assertThat(run.replicas).isEqualTo(9);
        assertThat(run.last().mode()).isEqualTo(ScalingMode.PANIC);
    }

    @Test
    void steady_load_keeps_the_same_replicas_in_stable_mode() {
        Run run = new Run(rps(), 3);

        List<Decision> decisions = run.hold(120, Duration.ofSeconds(60));

        assertThat(decisions).allSatisfy(d -> {
            assertThat(d.mode()).isEqualTo(ScalingMode.STABLE);
            assertThat(d.desired()).isEqualTo(3);
        });
        assertThat(run.last().reason()).isEqualTo("120 rps over 30s at 45 per replica needs 3");
    }

    @Test
    void when_the_load_goes_the_replicas_decay_gradually_to_the_minimum() {
        Run run = new Run(rps(), 9);
        run.hold(400, Duration.ofSeconds(60));
        assertThat(run.replicas).isEqualTo(9);

        List<Decision> decay = run.hold(0, Duration.ofSeconds(40));

        List<Integer> replicas = decay.stream().map(Decision::desired).toList();
        assertThat(replicas).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        for (int i = 1; i < replicas.size(); i++) {
            assertThat(replicas.get(i)).isGreaterThanOrEqualTo((replicas.get(i - 1) + 1) / 2);
        }
        assertThat(replicas.get(1)).as("a second after the load went").isGreaterThanOrEqualTo(8);
        assertThat(replicas.get(29)).as("fifteen seconds after").isBetween(2, 6);
        assertThat(run.replicas).isEqualTo(1);
        assertThat(run.last().reason()).endsWith("needs 0; at least min 1");
    }

    @Test
    void a_scale_down_never_removes_more_than_half_the_replicas_at_once() {
        Run run = new Run(rps("com.openfaas.scale.max", "100"), 40);

        Decision first = run.hold(0, TICK).get(0);

        assertThat(first.desired()).isEqualTo(20);
        assertThat(first.reason()).contains("scale-down limited to 20");
    }

    @Test
    void an_idle_function_goes_to_zero_after_its_zero_duration_when_allowed() {
        Run run = new Run(rps("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", "10s"), 1);
        run.hold(5, Duration.ofSeconds(5));

        List<Decision> idle = run.hold(0, Duration.ofSeconds(12));

        // the last load was seen at 5 s; zero comes 10 s later (tick 20 of the idle period), not before
        assertThat(idle.subList(0, 19)).allSatisfy(d -> assertThat(d.desired()).isEqualTo(1));
        assertThat(idle.get(19).desired()).isZero();
        assertThat(idle.get(19).mode()).isEqualTo(ScalingMode.IDLE);
        assertThat(idle.get(19).reason()).isEqualTo("no load for 10s (com.openfaas.scale.zero-duration 10s) → 0");
        assertThat(idle.subList(20, idle.size())).allSatisfy(d -> {
            assertThat(d.desired()).isZero();
            assertThat(d.reason()).isEqualTo("idle at 0 replicas: the next call wakes it");
        });
    }

    @Test
    void an_idle_function_without_scale_zero_keeps_its_minimum_forever() {
        Run run = new Run(rps("com.openfaas.scale.zero-duration", "10s"), 1);

        run.hold(0, Duration.ofMinutes(30));

        assertThat(run.decisions).allSatisfy(d -> assertThat(d.desired()).isEqualTo(1));
    }

    @Test
    void load_at_zero_replicas_wakes_the_function_and_resets_its_idle_time() {
        Run run = new Run(rps("com.openfaas.scale.zero", "true", "com.openfaas.scale.zero-duration", "10s"), 0);
        run.hold(0, Duration.ofSeconds(30));
        assertThat(run.replicas).isZero();

        run.hold(20, TICK);
        assertThat(run.replicas).isEqualTo(1);
        List<Decision> after = run.hold(0, Duration.ofSeconds(9));

        assertThat(after).allSatisfy(d -> assertThat(d.desired()).isEqualTo(1));
    }

    @Test
    void an_autoscaler_decision_to_zero_that_was_not_yet_applied_when_a_call_woke_the_function_counts_as_a_wake() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(rps("com.openfaas.scale.zero", "true",
                "com.openfaas.scale.zero-duration", "10s"));
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant t0 = Instant.parse("2026-12-02T12:00:00Z");
        autoscaler.decide(t0, policy, new Observation(1, 1, 0));
        assertThat(autoscaler.decide(t0.plusSeconds(10), policy, new Observation(1, 1, 0)).desired()).isZero();

        // the provider went to 0, then a call woke it back to 1 before the next decision
        Decision next = autoscaler.decide(t0.plusSeconds(11), policy, new Observation(1, 0, 0));

        assertThat(next.desired()).isEqualTo(1);
    }

    @Test
    void a_function_woken_from_zero_by_a_call_counts_as_active() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(rps("com.openfaas.scale.zero", "true",
                "com.openfaas.scale.zero-duration", "10s"));
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant t0 = Instant.parse("2026-12-02T12:00:00Z");
        autoscaler.decide(t0, policy, new Observation(0, 0, 0));
        Decision parked = autoscaler.decide(t0.plusSeconds(60), policy, new Observation(0, 0, 0));
        assertThat(parked.desired()).isZero();

        // the gateway woke it (replicas 1) for a call that has already finished: no load seen
        Decision woken = autoscaler.decide(t0.plusSeconds(61), policy, new Observation(1, 1, 0));

        assertThat(woken.desired()).isEqualTo(1);
        assertThat(autoscaler.decide(t0.plusSeconds(70), policy, new Observation(1, 1, 0)).desired()).isEqualTo(1);
        assertThat(autoscaler.decide(t0.plusSeconds(71), policy, new Observation(1, 1, 0)).desired()).isZero();
    }

    @ParameterizedTest(name = "load {0} stays within min 2 and max 4 as {1}")
    @CsvSource({"0, 2", "50, 2", "130, 3", "100000, 4"})
    void replicas_stay_within_min_and_max(double load, int expected) {
        Run run = new Run(rps("com.openfaas.scale.min", "2", "com.openfaas.scale.max", "4"), 2);

        run.hold(load, Duration.ofSeconds(40));

        assertThat(run.decisions).allSatisfy(d -> assertThat(d.desired()).isBetween(2, 4));
        assertThat(run.replicas).isEqualTo(expected);
    }

    @Test
    void min_equal_to_max_turns_scaling_off() {
        Run run = new Run(rps("com.openfaas.scale.min", "3", "com.openfaas.scale.max", "3"), 3);

        run.hold(100000, Duration.ofSeconds(10));
        run.hold(0, Duration.ofSeconds(10));

        assertThat(run.decisions).allSatisfy(d -> {
            assertThat(d.desired()).isEqualTo(3);
            assertThat(d.mode()).isEqualTo(ScalingMode.FIXED);
            assertThat(d.changes()).isFalse();
        });
    }

    @Test
    void the_down_window_holds_the_highest_recent_decision() {
        Run run = new Run(rps("com.openfaas.scale.down.window", "20s"), 1);
        run.hold(400, Duration.ofSeconds(40));
        assertThat(run.replicas).isEqualTo(9);

        List<Decision> after = run.hold(0, Duration.ofSeconds(25));

        assertThat(after.subList(0, 39)).allSatisfy(d -> assertThat(d.desired()).isEqualTo(9));
        assertThat(after.get(after.size() - 1).desired()).isLessThan(9);
    }

    @Test
    void panic_mode_does_not_scale_down_until_a_stable_window_passes_without_a_burst() {
        Run run = new Run(rps(), 1);
        run.hold(10, Duration.ofSeconds(30));
        List<Decision> burst = run.hold(1000, Duration.ofSeconds(2));
        int peak = run.replicas;
        assertThat(peak).isGreaterThan(2);
        int lastTrigger = 0;
        for (int i = 0; i < burst.size(); i++) {
            if (burst.get(i).reason().startsWith("burst: ")) {
                lastTrigger = i;
            }
        }
        // ticks from the last trigger to the end of the burst
        int sinceTrigger = burst.size() - 1 - lastTrigger;
        int panicTicks = 60 - sinceTrigger;

        List<Decision> quiet = run.hold(0, Duration.ofSeconds(40));

        assertThat(quiet.subList(0, panicTicks - 1)).allSatisfy(d -> {
            assertThat(d.mode()).isEqualTo(ScalingMode.PANIC);
            assertThat(d.desired()).isEqualTo(peak);
        });
        assertThat(quiet.get(panicTicks).mode()).isEqualTo(ScalingMode.STABLE);
        assertThat(quiet.get(panicTicks).desired()).isLessThan(peak);
    }

    @Test
    void capacity_scales_on_requests_in_flight() {
        Run run = new Run(Map.of("com.openfaas.scale.type", "capacity", "com.openfaas.scale.target", "5",
                "com.openfaas.scale.target-proportion", "1"), 1);

        run.hold(12, Duration.ofSeconds(40));

        assertThat(run.replicas).isEqualTo(3);
        assertThat(run.last().reason()).isEqualTo("12 in flight over 30s at 5 per replica needs 3");
    }

    @Test
    void cpu_scales_on_millicores() {
        Run run = new Run(Map.of("com.openfaas.scale.type", "cpu", "com.openfaas.scale.target", "500"), 1);

        run.hold(1800, Duration.ofSeconds(40));

        // 1800 mCPU at 500 × 0.90 per replica
        assertThat(run.replicas).isEqualTo(4);
    }

    /** The default policy's function: demand concurrent callers, replicas that take maxInflight each. */
    private static Observation saturated(int replicas, int demand, ReplicaLimits limits, Bound bound) {
        double inFlight = limits.maxInflight() == 0 ? demand : Math.min(demand, limits.maxInflight() * replicas);
        return new Observation(replicas, replicas, inFlight, 0, 0, limits, bound);
    }

    private static int holdSaturated(FunctionAutoscaler autoscaler, Instant[] now, int replicas, int demand,
                                     ReplicaLimits limits, Bound bound, Duration duration, List<Decision> made) {
        for (long t = 0; t < duration.toMillis(); t += TICK.toMillis()) {
            now[0] = now[0].plus(TICK);
            Decision decision = autoscaler.decide(now[0], ScalingPolicy.DEFAULT,
                    saturated(replicas, demand, limits, bound));
            replicas = decision.desired();
            made.add(decision);
        }
        return replicas;
    }

    @Test
    void without_labels_a_replica_with_no_limit_stays_at_the_minimum_under_any_load() {
        Run run = new Run(Map.of(), 1);
        Bound machine = Bound.ofMachine(2, -1, 0, 1);
        List<Decision> made = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            run.now = run.now.plus(TICK);
            // 20,000 calls/s through 32 connections, one replica using most of the machine
            Decision decision = run.autoscaler.decide(run.now, run.policy,
                    new Observation(run.replicas, run.replicas, 32, 20_000, 1900, ReplicaLimits.NONE, machine));
            run.replicas = decision.desired();
            made.add(decision);
        }

        assertThat(made).allSatisfy(d -> assertThat(d.desired()).isEqualTo(1));
        assertThat(made.get(made.size() - 1).reason()).isEqualTo("0.00 replicas busy (now 32 in flight; no"
                + " max_inflight or CPU limit: one replica serves them all at once) over 30s at 0.9 per replica"
                + " needs 0; at least min 1");
    }

    @Test
    void without_labels_replicas_at_their_max_inflight_scale_out_to_the_machines_bound_and_back_to_the_minimum() {
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant[] now = {Instant.parse("2026-12-06T12:00:00Z")};
        ReplicaLimits sixteen = new ReplicaLimits(16, 0);
        Bound machine = Bound.ofMachine(2, -1, 0, 1);
        List<Decision> made = new ArrayList<>();

        // a load one replica serves: 8 callers
        int replicas = holdSaturated(autoscaler, now, 1, 8, sixteen, machine, Duration.ofSeconds(40), made);
        assertThat(replicas).isEqualTo(1);
        // 64 callers: the replica refuses past 16
        replicas = holdSaturated(autoscaler, now, replicas, 64, sixteen, machine, Duration.ofSeconds(40), made);
        assertThat(replicas).isEqualTo(2);
        assertThat(made.get(made.size() - 1).reason()).contains("in flight 16 of max_inflight 16 a replica")
                .endsWith("; at the machine's bound of 2 replicas (2 cores)");

        replicas = holdSaturated(autoscaler, now, replicas, 0, sixteen, machine, Duration.ofSeconds(90), made);
        assertThat(replicas).isEqualTo(1);
    }

    @Test
    void without_labels_saturated_replicas_get_the_replicas_their_callers_need_where_the_bound_allows() {
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant[] now = {Instant.parse("2026-12-06T12:00:00Z")};
        List<Decision> made = new ArrayList<>();

        int replicas = holdSaturated(autoscaler, now, 1, 64, new ReplicaLimits(16, 0), Bound.ofMachine(16, -1, 0, 1),
                Duration.ofSeconds(60), made);

        // 64 callers at 16 × 0.9 a replica: 5, and no more once they are all served
        assertThat(replicas).isEqualTo(5);
        assertThat(made.subList(made.size() - 20, made.size())).allSatisfy(d -> assertThat(d.desired()).isEqualTo(5));
    }

    @Test
    void cpu_limited_replicas_scale_on_their_cpu_against_the_limit() {
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        ReplicaLimits oneCore = new ReplicaLimits(0, 1000);
        int replicas = 1;
        Decision decision = null;
        for (int i = 0; i < 120; i++) {
            now = now.plus(TICK);
            // the callers want 3 cores; each replica is throttled at its 1 core
            double millicores = Math.min(3000, 1000.0 * replicas);
            decision = autoscaler.decide(now, ScalingPolicy.DEFAULT,
                    new Observation(replicas, replicas, 40, 0, millicores, oneCore, Bound.NONE));
            replicas = decision.desired();
        }

        assertThat(replicas).isEqualTo(4);
        assertThat(decision.reason()).startsWith("3.00 replicas busy (now cpu 0.8 of 1 cores a replica)");
    }

    @Test
    void an_openfaas_rps_function_is_planned_no_higher_than_the_machines_bound() {
        Run run = new Run(rps(), 1);
        Bound machine = Bound.ofMachine(2, -1, 0, 1);
        Decision decision = null;
        for (int i = 0; i < 20; i++) {
            run.now = run.now.plus(TICK);
            decision = run.autoscaler.decide(run.now, run.policy,
                    new Observation(run.replicas, run.replicas, 20_000, 20_000, 0, ReplicaLimits.NONE, machine));
            run.replicas = decision.desired();
        }

        assertThat(run.replicas).isEqualTo(2);
        assertThat(decision.reason()).contains("20000 rps").endsWith("; at most max 20; at the machine's bound of 2"
                + " replicas (2 cores)");
    }

    @Test
    void the_bound_never_takes_a_function_below_its_minimum() {
        Run run = new Run(rps("com.openfaas.scale.min", "3"), 3);
        run.now = run.now.plus(TICK);

        Decision decision = run.autoscaler.decide(run.now, run.policy,
                new Observation(3, 3, 1000, 1000, 0, ReplicaLimits.NONE, Bound.ofMachine(2, -1, 0, 3)));

        assertThat(decision.desired()).isEqualTo(3);
    }

    @Test
    void no_scale_up_is_planned_while_replicas_asked_for_are_not_ready() {
        Run run = new Run(rps(), 3);
        run.now = run.now.plus(TICK);

        Decision waiting = run.autoscaler.decide(run.now, run.policy, new Observation(3, 1, 1000));

        assertThat(waiting.desired()).isEqualTo(3);
        assertThat(waiting.reason()).endsWith("; 2 of 3 replicas not ready yet: no more until they are");

        run.now = run.now.plus(TICK);
        Decision ready = run.autoscaler.decide(run.now, run.policy, new Observation(3, 3, 1000));
        assertThat(ready.desired()).isGreaterThan(3);
    }

    @Test
    void calls_that_start_and_end_between_samples_keep_a_function_in_use() {
        ScalingPolicy policy = ScalingPolicy.fromLabels(Map.of("com.openfaas.scale.zero", "true",
                "com.openfaas.scale.zero-duration", "10s"));
        FunctionAutoscaler autoscaler = new FunctionAutoscaler(ScalingWindows.DEFAULT);
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        for (int i = 0; i < 60; i++) {
            now = now.plus(TICK);
            // a quick call a second: never in flight when sampled
            Decision decision = autoscaler.decide(now, policy,
                    new Observation(1, 1, 0, 1, 0, ReplicaLimits.NONE, Bound.NONE));
            assertThat(decision.desired()).as("decision %d", i).isEqualTo(1);
        }

        // then no call at all: 0 once the last call started zero-duration ago (20 decisions), not before
        List<Integer> desired = new ArrayList<>();
        Decision idle = null;
        for (int i = 0; i < 20; i++) {
            now = now.plus(TICK);
            idle = autoscaler.decide(now, policy, new Observation(1, 1, 0));
            desired.add(idle.desired());
        }
        assertThat(desired.subList(0, 19)).containsOnly(1);
        assertThat(idle.desired()).as(idle.reason()).isZero();
        assertThat(idle.reason()).startsWith("no load for 10s");
    }
}
