package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(4, Set.of(429, 503), Duration.ofSeconds(1),
            Duration.ofSeconds(5));

    @Test
    void retries_listed_codes_until_the_last_attempt() {
        assertThat(policy.retries(503, 1)).isTrue();
        assertThat(policy.retries(503, 3)).isTrue();
        assertThat(policy.retries(503, 4)).isFalse();
        assertThat(policy.retries(500, 1)).isFalse();
    }

    @Test
    void waits_grow_exponentially_up_to_max_wait_with_jitter_in_the_upper_half() {
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.delayAfter(1, random).toMillis()).isBetween(500L, 1000L);
            assertThat(policy.delayAfter(2, random).toMillis()).isBetween(1000L, 2000L);
            assertThat(policy.delayAfter(3, random).toMillis()).isBetween(2000L, 4000L);
            assertThat(policy.delayAfter(10, random).toMillis()).isBetween(2500L, 5000L);
        }
    }

    @Test
    void annotations_override_each_part() {
        RetryPolicy custom = policy.with(Map.of(RetryPolicy.ATTEMPTS, "2", RetryPolicy.CODES, "500, 502",
                RetryPolicy.MIN_WAIT, "100ms", RetryPolicy.MAX_WAIT, "2s"));
        assertThat(custom).isEqualTo(new RetryPolicy(2, Set.of(500, 502), Duration.ofMillis(100),
                Duration.ofSeconds(2)));
        assertThat(policy.with(Map.of("other", "x"))).isEqualTo(policy);
    }

    @Test
    void a_bad_annotation_names_the_annotations() {
        assertThatThrownBy(() -> policy.with(Map.of(RetryPolicy.CODES, "5xx")))
                .hasMessageContaining("com.openfaas.retry").hasMessageContaining("5xx");
        assertThatThrownBy(() -> policy.with(Map.of(RetryPolicy.ATTEMPTS, "0")))
                .hasMessageContaining("attempts");
    }

    @Test
    void describes_itself_with_the_codes_in_order_and_readable_waits() {
        RetryPolicy policy = new RetryPolicy(3, Set.of(504, 500, 429, 502, 503, 408), Duration.ofSeconds(10),
                Duration.ofMinutes(2));

        assertThat(policy.describe())
                .isEqualTo("3 attempts on 408, 429, 500, 502, 503, 504, waiting 10s to 2m between them");
    }
}
