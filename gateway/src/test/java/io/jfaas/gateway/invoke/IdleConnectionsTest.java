package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleConnectionsTest {

    /** A connection played in memory. */
    private static final class Fake implements IdleConnections.Member<String> {
        final String replica;
        boolean open = true;

        Fake(String replica) {
            this.replica = replica;
        }

        @Override
        public String replica() {
            return replica;
        }

        @Override
        public boolean fit() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    /** A timer the test fires by hand. */
    private static final class HandTimer implements IdleConnections.Timer {
        final List<Runnable> tasks = new ArrayList<>();
        int stopped;

        @Override
        public Runnable every(long periodNanos, Runnable task) {
            tasks.add(task);
            return () -> stopped++;
        }

        void fire() {
            List.copyOf(tasks).forEach(Runnable::run);
        }
    }

    @Test
    void theConnectionIdleForTheShortestTimeIsTakenAndClosedOnesMetOnTheWayAreSkipped() {
        IdleConnections<String, Fake> idle = new IdleConnections<>(new HandTimer(), TimeUnit.HOURS.toNanos(1), 8);
        Fake older = new Fake("a");
        Fake newer = new Fake("a");
        Fake other = new Fake("b");
        idle.giveBack(older);
        idle.giveBack(other);
        idle.giveBack(newer);
        newer.close(); // the replica closed it while it waited

        assertThat(idle.take("a")).isSameAs(older);
        assertThat(idle.take("a")).isNull();
        assertThat(idle.count()).isEqualTo(1);
        assertThat(idle.take("b")).isSameAs(other);
    }

    @Test
    void pastTheBoundAConnectionGivenBackIsClosedAndAClosedOneIsNotKept() {
        IdleConnections<String, Fake> idle = new IdleConnections<>(new HandTimer(), TimeUnit.HOURS.toNanos(1), 2);
        Fake first = new Fake("a");
        Fake second = new Fake("a");
        Fake third = new Fake("a");
        Fake closed = new Fake("a");
        closed.close();

        idle.giveBack(first);
        idle.giveBack(second);
        idle.giveBack(third);
        idle.giveBack(closed);

        assertThat(third.open).isFalse();
        assertThat(first.open).isTrue();
        assertThat(second.open).isTrue();
        assertThat(idle.count()).isEqualTo(2);
    }

    @Test
    void theTimerClosesConnectionsIdleForTheKeepAliveAndStopsOnceNoneIsIdle() {
        HandTimer timer = new HandTimer();
        IdleConnections<String, Fake> idle = new IdleConnections<>(timer, 1, 8);
        Fake connection = new Fake("a");
        long before = System.nanoTime();
        idle.giveBack(connection);
        assertThat(timer.tasks).hasSize(1);
        while (System.nanoTime() - before < 1000) {
            Thread.onSpinWait(); // the keep-alive is one nanosecond: a microsecond later it has passed
        }

        timer.fire();

        assertThat(connection.open).isFalse();
        assertThat(idle.count()).isZero();
        assertThat(timer.stopped).isEqualTo(1);
        // the next connection given back starts the timer again
        idle.giveBack(new Fake("a"));
        assertThat(timer.tasks).hasSize(2);
    }

    @Test
    void aConnectionThatClosesWhileIdleNoLongerCountsAgainstTheBound() {
        IdleConnections<String, Fake> idle = new IdleConnections<>(new HandTimer(), TimeUnit.HOURS.toNanos(1), 1);
        Fake first = new Fake("a");
        idle.giveBack(first);
        first.close();
        idle.closed(first);
        Fake second = new Fake("a");

        idle.giveBack(second);

        assertThat(second.open).isTrue();
        assertThat(idle.take("a")).isSameAs(second);
    }
}
