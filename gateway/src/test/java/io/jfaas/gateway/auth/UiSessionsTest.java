package io.jfaas.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UiSessionsTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final UiSessions sessions = new UiSessions(clock);

    @Test
    void a_session_lives_while_used_and_ends_after_the_idle_time() {
        String token = sessions.start();
        clock.now = clock.now.plus(UiSessions.IDLE.minusMinutes(1));
        assertThat(sessions.check(token)).isTrue();
        clock.now = clock.now.plus(UiSessions.IDLE.minusMinutes(1));
        assertThat(sessions.check(token)).as("each use restarts the idle time").isTrue();
        clock.now = clock.now.plus(UiSessions.IDLE);
        assertThat(sessions.check(token)).isFalse();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void a_session_ends_at_its_lifetime_however_busy() {
        String token = sessions.start();
        Instant end = clock.now.plus(UiSessions.LIFETIME);
        while (clock.now.plus(Duration.ofHours(1)).isBefore(end)) {
            clock.now = clock.now.plus(Duration.ofHours(1));
            assertThat(sessions.check(token)).isTrue();
        }
        clock.now = end;
        assertThat(sessions.check(token)).isFalse();
    }

    @Test
    void at_most_max_sessions_live_and_a_new_login_ends_the_least_recently_used() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < UiSessions.MAX_SESSIONS; i++) {
            tokens.add(sessions.start());
        }
        assertThat(sessions.check(tokens.get(0))).as("used now, so no longer the least recently used").isTrue();

        String newest = sessions.start();

        assertThat(sessions.size()).isEqualTo(UiSessions.MAX_SESSIONS);
        assertThat(sessions.check(tokens.get(1))).isFalse();
        assertThat(sessions.check(tokens.get(0))).isTrue();
        assertThat(sessions.check(newest)).isTrue();
    }

    @Test
    void tokens_are_random_and_unknown_or_oversized_ones_are_refused() {
        String one = sessions.start();
        String two = sessions.start();
        assertThat(one).isNotEqualTo(two).hasSize(43);
        assertThat(sessions.check("not-a-session")).isFalse();
        assertThat(sessions.check(one + "x".repeat(100))).isFalse();
        assertThat(sessions.check(null)).isFalse();
        sessions.end(one);
        assertThat(sessions.check(one)).isFalse();
        assertThat(sessions.check(two)).isTrue();
    }

    @Test
    void the_token_is_found_among_other_cookies() {
        assertThat(UiSessions.token("a=1; jfaas_session=abc ; b=2")).hasValue("abc");
        assertThat(UiSessions.token("jfaas_sessionx=abc")).isEmpty();
        assertThat(UiSessions.token(null)).isEmpty();
    }

    @Test
    void the_login_throttle_forgets_failures_after_its_window_and_tracks_a_bounded_number_of_addresses() {
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.wait("10.0.0.1")).isEmpty();
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.wait("10.0.0.1")).hasValue(LoginThrottle.WINDOW);
        assertThat(throttle.wait("10.0.0.2")).as("per address").isEmpty();
        clock.now = clock.now.plus(LoginThrottle.WINDOW);
        assertThat(throttle.wait("10.0.0.1")).isEmpty();

        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 5; i++) {
            throttle.failed("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(throttle.addresses()).isEqualTo(LoginThrottle.MAX_ADDRESSES);
    }
}
