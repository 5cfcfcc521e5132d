package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.model.FunctionRef;
import io.jfaas.triggers.Triggers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The scheduler with a clock the test moves, claims in memory, and an invoker that records the ticks. */
class SchedulerTest {

    private static final FunctionRef TICKER = new FunctionRef("ticker", "openfaas-fn");

    /** A clock that shows what the test sets. */
    private static final class MovedClock extends Clock {
        private volatile Instant now;

        MovedClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final List<String> calls = new CopyOnWriteArrayList<>();

    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean holdRuns;

    private Scheduler scheduler(MovedClock clock) {
        return scheduler(clock, 4);
    }

    private Scheduler scheduler(MovedClock clock, int maxInflight) {
        return new Scheduler(new TickClaims.InMemory(), (ref, mode, headers) -> {
            calls.add(ref.name() + " " + mode + " " + headers.get(Scheduler.TICK_HEADER) + " "
                    + headers.get(Scheduler.TOPIC_HEADER));
            if (holdRuns) {
                release.await();
            }
            return 200;
        }, clock, Triggers.Invocation.SYNC, maxInflight);
    }

    private static Map<FunctionRef, Triggers> every(String schedule) {
        return Map.of(TICKER, Triggers.of(Map.of("topic", "cron-function", "schedule", schedule)));
    }

    @Test
    void a_new_function_starts_at_its_next_tick_and_each_tick_runs_once() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-06T12:00:00.500Z"));
        try (Scheduler scheduler = scheduler(clock)) {
            scheduler.start();
            scheduler.update(every("@every 1s"));
            assertThat(scheduler.nextRuns()).containsEntry(TICKER, Instant.parse("2026-12-06T12:00:01Z"));

            clock.now = Instant.parse("2026-12-06T12:00:01.010Z");
            scheduler.update(every("@every 1s")); // wakes the loop now rather than within a second
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
            assertThat(calls).containsExactly("ticker SYNC 2026-12-06T12:00:01Z cron-function");
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse("2026-12-06T12:00:02Z")
                    .equals(scheduler.nextRuns().get(TICKER)));
        }
    }

    @Test
    void a_connector_that_fell_behind_runs_only_the_latest_due_tick() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-06T12:00:00.500Z"));
        try (Scheduler scheduler = scheduler(clock)) {
            scheduler.start();
            scheduler.update(every("@every 1s"));
            clock.now = Instant.parse("2026-12-06T12:00:05.200Z"); // a pause of five ticks
            scheduler.update(every("@every 1s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse("2026-12-06T12:00:06Z")
                    .equals(scheduler.nextRuns().get(TICKER)));
            await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
            assertThat(calls).containsExactly("ticker SYNC 2026-12-06T12:00:05Z cron-function");
        }
    }

    @Test
    void a_tick_that_finds_every_run_slot_taken_is_left_to_another_connector() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-06T12:00:00.500Z"));
        holdRuns = true;
        try (Scheduler scheduler = scheduler(clock, 1)) {
            scheduler.start();
            scheduler.update(every("@every 1s"));
            clock.now = Instant.parse("2026-12-06T12:00:01.100Z");
            scheduler.update(every("@every 1s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1); // the first run holds the slot

            clock.now = Instant.parse("2026-12-06T12:00:02.100Z");
            scheduler.update(every("@every 1s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.parse("2026-12-06T12:00:03Z")
                    .equals(scheduler.nextRuns().get(TICKER)));
            holdRuns = false;
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(scheduler::slotFree);

            clock.now = Instant.parse("2026-12-06T12:00:03.100Z");
            scheduler.update(every("@every 1s"));
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);
            assertThat(calls).containsExactly("ticker SYNC 2026-12-06T12:00:01Z cron-function",
                    "ticker SYNC 2026-12-06T12:00:03Z cron-function");
        }
    }

    @Test
    void a_changed_schedule_starts_again_at_its_own_next_tick_and_a_removed_function_stops() {
        MovedClock clock = new MovedClock(Instant.parse("2026-12-06T12:00:30Z"));
        try (Scheduler scheduler = scheduler(clock)) {
            scheduler.update(every("@every 1s"));
            scheduler.update(every("@hourly"));
            assertThat(scheduler.nextRuns()).containsEntry(TICKER, Instant.parse("2026-12-06T13:00:00Z"));
            scheduler.update(Map.of(TICKER, Triggers.of(Map.of("topic", "orders"))));
            assertThat(scheduler.nextRuns()).isEmpty();
        }
    }
}
