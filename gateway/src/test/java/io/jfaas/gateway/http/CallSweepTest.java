package io.jfaas.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One coarse timer per event loop checks the deadlines of its calls in flight, and only while there are some. */
class CallSweepTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context loop = vertx.getOrCreateContext();

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** Counts its checks; notes when a deadline was first seen passed. */
    private static final class Deadline extends CallSweep.Entry {

        final long due;
        final AtomicInteger checks = new AtomicInteger();
        final AtomicLong seenAt = new AtomicLong();

        Deadline(long millis) {
            this.due = System.nanoTime() + millis * 1_000_000;
        }

        @Override
        protected void check(long now) {
            checks.incrementAndGet();
            if (now - due >= 0) {
                seenAt.compareAndSet(0, now);
            }
        }
    }

    private <T> T onLoop(java.util.function.Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(ignored -> result.complete(action.get()));
        return result.join();
    }

    @Test
    void a_deadline_is_seen_after_it_passes_never_before_and_within_a_few_ticks() {
        Deadline deadline = new Deadline(200);
        long added = onLoop(() -> {
            CallSweep.current().add(deadline);
            return System.nanoTime();
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> deadline.seenAt.get() != 0);
        assertThat(deadline.seenAt.get() - added).isGreaterThanOrEqualTo(200_000_000L);
        assertThat(deadline.checks.get()).isGreaterThan(1);
    }

    @Test
    void a_removed_call_is_no_longer_checked_and_the_sweep_is_empty() {
        Deadline first = new Deadline(60_000);
        Deadline second = new Deadline(60_000);
        onLoop(() -> {
            CallSweep.current().add(first);
            CallSweep.current().add(second);
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> first.checks.get() > 0 && second.checks.get() > 0);

        assertThat(onLoop(() -> {
            CallSweep.current().remove(first);
            CallSweep.current().remove(first);
            return CallSweep.current().size();
        })).isEqualTo(1);
        int checked = onLoop(first.checks::get);
        int secondChecked = onLoop(second.checks::get);
        await().atMost(Duration.ofSeconds(10)).until(() -> second.checks.get() >= secondChecked + 3);
        assertThat(first.checks.get()).isEqualTo(checked);
        assertThat(onLoop(() -> {
            CallSweep.current().remove(second);
            return CallSweep.current().size();
        })).isZero();
    }

    @Test
    void a_call_that_removes_another_during_a_tick_does_not_stop_the_rest_being_checked() {
        Deadline last = new Deadline(0);
        Deadline removed = new Deadline(0);
        CallSweep.Entry remover = new CallSweep.Entry() {
            @Override
            protected void check(long now) {
                CallSweep.current().remove(removed);
            }
        };
        // the list is walked from the newest: remover, then removed, then last
        onLoop(() -> {
            CallSweep.current().add(last);
            CallSweep.current().add(removed);
            CallSweep.current().add(remover);
            return null;
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> last.checks.get() >= 2);
        assertThat(removed.checks.get()).isZero();
    }
}
