package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowStartTest {

    private static final SlowStart THIRTY_SECONDS = new SlowStart(Duration.ofSeconds(30));

    /** A replica as the picker sees it: calls in flight (never released here) and a weight. */
    private static final class Candidate {
        final String name;
        final double weight;
        int inFlight;

        Candidate(String name, double weight) {
            this.name = name;
            this.weight = weight;
        }
    }

    @Test
    void a_new_replica_starts_at_a_tenth_and_reaches_a_full_share_at_the_end_of_the_window() {
        assertThat(THIRTY_SECONDS.weight(Duration.ZERO)).isEqualTo(0.1);
        assertThat(THIRTY_SECONDS.weight(Duration.ofSeconds(15))).isCloseTo(0.55, within(1e-9));
        assertThat(THIRTY_SECONDS.weight(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(THIRTY_SECONDS.weight(Duration.ofMinutes(5))).isEqualTo(1);
    }

    @Test
    void a_zero_window_gives_a_full_share_at_once_and_a_negative_one_is_refused() {
        assertThat(new SlowStart(Duration.ZERO).weight(Duration.ZERO)).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> new SlowStart(Duration.ofSeconds(-1)));
    }

    @Test
    void under_concurrent_calls_a_new_replica_takes_a_share_in_proportion_to_its_weight() {
        Candidate warm = new Candidate("warm", 1);
        Candidate cold = new Candidate("cold", THIRTY_SECONDS.weight(Duration.ZERO));
        List<Candidate> ready = List.of(warm, cold);

        for (int call = 0; call < 110; call++) {
            Candidate chosen = SlowStart.pick(ready, c -> c.inFlight, c -> c.weight, call);
            chosen.inFlight++;
        }

        // weights 1 and 0.1: 100 and 10 calls
        assertThat(warm.inFlight).isEqualTo(100);
        assertThat(cold.inFlight).isEqualTo(10);
    }

    @Test
    void replicas_of_equal_weight_take_turns_as_least_in_flight_does() {
        Candidate a = new Candidate("a", 1);
        Candidate b = new Candidate("b", 1);
        List<String> chosen = new ArrayList<>();

        for (int call = 0; call < 4; call++) {
            // each call is answered before the next: nothing stays in flight
            chosen.add(SlowStart.pick(List.of(a, b), c -> c.inFlight, c -> c.weight, call).name);
        }

        assertThat(chosen).containsExactly("a", "b", "a", "b");
    }

    @Test
    void a_lone_replica_takes_every_call_however_new() {
        Candidate cold = new Candidate("cold", 0.1);
        cold.inFlight = 50;

        assertThat(SlowStart.pick(List.of(cold), c -> c.inFlight, c -> c.weight, 7)).isSameAs(cold);
        assertThat(SlowStart.pick(List.<Candidate>of(), c -> c.inFlight, c -> c.weight, 0)).isNull();
    }
}
