package io.jfaas.operator.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.provider.EndpointsUpdate;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FeedQueueTest {

    @Test
    void a_reader_past_its_bound_is_behind_and_nothing_more_is_kept() throws Exception {
        FeedQueue queue = new FeedQueue(2);
        queue.accept(EndpointsUpdate.heartbeat());
        queue.accept(EndpointsUpdate.heartbeat());
        assertThat(queue.behind()).isFalse();

        queue.accept(EndpointsUpdate.heartbeat());

        assertThat(queue.behind()).isTrue();
        assertThat(queue.size()).isEqualTo(2);
    }

    @Test
    void updates_come_out_in_order_and_none_after_the_wait() throws Exception {
        FeedQueue queue = new FeedQueue(4);
        EndpointsUpdate first = new EndpointsUpdate(true, java.util.List.of(), java.util.List.of());
        queue.accept(first);
        queue.accept(EndpointsUpdate.heartbeat());

        assertThat(queue.next(Duration.ofSeconds(1))).containsSame(first);
        assertThat(queue.next(Duration.ofSeconds(1))).contains(EndpointsUpdate.heartbeat());
        assertThat(queue.next(Duration.ofMillis(10))).isEmpty();
    }
}
