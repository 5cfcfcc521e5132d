package io.jfaas.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundTest {

    private static final long MIB = 1024 * 1024;

    @Test
    void a_machine_runs_a_replica_per_core_when_memory_allows() {
        Bound bound = Bound.ofMachine(2, 8192 * MIB, 160 * MIB, 1);

        assertThat(bound).isEqualTo(new Bound(2, "the machine's bound of 2 replicas (2 cores)"));
    }

    @Test
    void memory_bounds_a_machine_with_more_cores_than_room() {
        Bound bound = Bound.ofMachine(8, 400 * MIB, 160 * MIB, 2);

        // 2 running and room for 2 more
        assertThat(bound).isEqualTo(new Bound(4, "the machine's bound of 4 replicas (400 MiB available at 160 MiB"
                + " a replica, 2 running)"));
    }

    @Test
    void with_nothing_measured_the_cores_bound_alone() {
        assertThat(Bound.ofMachine(4, -1, 0, 0).replicas()).isEqualTo(4);
        assertThat(Bound.ofMachine(4, 1024 * MIB, 0, 0).replicas()).isEqualTo(4);
        assertThat(Bound.ofMachine(1, 1024 * MIB, 100 * MIB, 1).reason())
                .isEqualTo("the machine's bound of 1 replica (1 core)");
    }

    @Test
    void no_room_left_still_leaves_the_replicas_running() {
        assertThat(Bound.ofMachine(8, 10 * MIB, 160 * MIB, 3).replicas()).isEqualTo(3);
        assertThat(Bound.ofMachine(8, 10 * MIB, 160 * MIB, 0).replicas()).isEqualTo(1);
    }
}
