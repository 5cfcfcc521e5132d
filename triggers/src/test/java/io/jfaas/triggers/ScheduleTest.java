package io.jfaas.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant NOON = Instant.parse("2026-12-06T12:00:30Z");

    @Test
    void five_fields_run_at_the_next_matching_minute_in_utc() {
        assertThat(Schedule.parse("*/5 * * * *").next(NOON)).contains(Instant.parse("2026-12-06T12:05:00Z"));
        assertThat(Schedule.parse("30 2 * * 1").next(NOON)).contains(Instant.parse("2026-12-07T02:30:00Z"));
    }

    @Test
    void shortcuts_stand_for_their_five_fields() {
        assertThat(Schedule.parse("@hourly").next(NOON)).contains(Instant.parse("2026-12-06T13:00:00Z"));
        assertThat(Schedule.parse("@daily").next(NOON)).contains(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(Schedule.parse("@midnight").next(NOON)).contains(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(Schedule.parse("@weekly").next(NOON)).contains(Instant.parse("2026-12-13T00:00:00Z"));
        assertThat(Schedule.parse("@monthly").next(NOON)).contains(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Schedule.parse("@yearly").next(NOON)).contains(Instant.parse("2027-01-01T00:00:00Z"));
    }

    @Test
    void every_ticks_on_multiples_of_its_interval_since_the_epoch() {
        assertThat(Schedule.parse("@every 1s").next(NOON)).contains(Instant.parse("2026-12-06T12:00:31Z"));
        assertThat(Schedule.parse("@every 1m").next(NOON)).contains(Instant.parse("2026-12-06T12:01:00Z"));
        assertThat(Schedule.parse("@every 1h30m").next(NOON)).contains(Instant.parse("2026-12-06T13:30:00Z"));
    }

    @Test
    void a_time_zone_prefix_moves_the_fields_into_that_zone() {
        assertThat(Schedule.parse("CRON_TZ=Europe/Paris 0 14 * * *").next(NOON))
                .contains(Instant.parse("2026-12-06T13:00:00Z"));
    }

    @Test
    void bad_schedules_are_refused_with_what_is_wrong() {
        assertThatThrownBy(() -> Schedule.parse("* * * *")).hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> Schedule.parse("0 0 * * * *")).hasMessageContaining("has 6 fields");
        assertThatThrownBy(() -> Schedule.parse("61 * * * *")).hasMessageContaining("not a cron expression");
        assertThatThrownBy(() -> Schedule.parse("@sometimes")).hasMessageContaining("unknown shortcut");
        assertThatThrownBy(() -> Schedule.parse("@every soon")).hasMessageContaining("@every needs a duration");
        assertThatThrownBy(() -> Schedule.parse("@every 500ms")).hasMessageContaining("below the shortest");
        assertThatThrownBy(() -> Schedule.parse("TZ=Mars/Base 0 * * * *")).hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> Schedule.parse("")).hasMessageContaining("empty");
    }
}
