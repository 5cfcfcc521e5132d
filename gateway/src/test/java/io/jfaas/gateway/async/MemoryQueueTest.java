package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MemoryQueueTest {

    private static QueuedCall call(String callId) {
        return new QueuedCall("hello.openfaas-fn", "POST", "/", "", Map.of("Content-Type", List.of("text/plain")),
                new byte[16], null, callId, 1, 0, 0);
    }

    @Test
    void the_de_duplication_entries_of_quick_calls_count_against_the_bound_so_memory_stays_bounded()
            throws Exception {
        long bound = 64 * 1024;
        MemoryQueue queue = new MemoryQueue(bound);
        int accepted = 0;
        QueueRefusal refusal = null;
        for (int i = 0; i < 10_000 && refusal == null; i++) {
            try {
                queue.publish(call(UUID.randomUUID().toString())).join();
                accepted++;
                // the worker takes it at once and is done: the call itself no longer holds memory
                assertThat(queue.pull(1, Duration.ofSeconds(10), delivery -> delivery.ack())).isEqualTo(1);
            } catch (CompletionException e) {
                refusal = (QueueRefusal) e.getCause();
            }
        }

        assertThat(refusal).as("refused once the window's entries fill the bound").isNotNull();
        assertThat(refusal.kind()).isEqualTo(QueueRefusal.Kind.FULL);
        assertThat(accepted).isGreaterThan(50).isLessThan(10_000);
        assertThat(queue.usedBytes()).isLessThanOrEqualTo(bound);
    }

    @Test
    void the_same_call_again_adds_no_entry() {
        MemoryQueue queue = new MemoryQueue(64 * 1024);
        QueuedCall call = call("same-call");
        queue.publish(call).join();
        long used = queue.usedBytes();

        queue.publish(call).join();

        assertThat(queue.usedBytes()).isEqualTo(used);
    }
}
