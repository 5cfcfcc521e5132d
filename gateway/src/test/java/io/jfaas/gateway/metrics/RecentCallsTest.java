package io.jfaas.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecentCallsTest {

    @Test
    void keeps_only_the_last_hundred_calls_newest_first() {
        RecentCalls recent = new RecentCalls();
        for (int i = 0; i < RecentCalls.SIZE + 25; i++) {
            recent.add(new RecentCalls.Call(i, 200, 1.5, "call-" + i));
        }

        List<RecentCalls.Call> calls = recent.newestFirst();

        assertThat(calls).hasSize(RecentCalls.SIZE);
        assertThat(calls.get(0).callId()).isEqualTo("call-124");
        assertThat(calls.get(calls.size() - 1).callId()).isEqualTo("call-25");
    }

    @Test
    void a_function_never_called_has_no_recent_calls_and_a_called_one_has_its_status_and_call_id() {
        GatewayMetrics metrics = new GatewayMetrics();
        io.jfaas.model.FunctionRef ref = new io.jfaas.model.FunctionRef("hello", "openfaas-fn");
        assertThat(metrics.recentCalls(ref)).isEmpty();

        metrics.function(ref).started();
        metrics.function(ref).finished(404, 2_500_000, "abc");

        assertThat(metrics.recentCalls(ref)).singleElement().satisfies(call -> {
            assertThat(call.status()).isEqualTo(404);
            assertThat(call.ms()).isEqualTo(2.5);
            assertThat(call.callId()).isEqualTo("abc");
        });
        metrics.close();
    }
}
