package io.jfaas.gateway.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionRef;
import io.jfaas.provider.Endpoint;
import io.jfaas.provider.EndpointsUpdate;
import io.jfaas.provider.FunctionEndpoints;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EndpointTableTest {

    static final FunctionRef FN = new FunctionRef("fn", "openfaas-fn");
    static final Endpoint A = new Endpoint("10.0.0.1", 8080);
    static final Endpoint B = new Endpoint("10.0.0.2", 8080);
    static final Endpoint C = new Endpoint("10.0.0.3", 8080);

    static EndpointsUpdate update(boolean snapshot, Integer replicas, Endpoint... ready) {
        return new EndpointsUpdate(snapshot, List.of(new FunctionEndpoints(FN.name(), FN.namespace(), replicas,
                List.of(ready), Map.of())), List.of());
    }

    @Test
    void picks_the_endpoint_with_the_fewest_calls_in_flight_and_takes_ties_in_turn() {
        EndpointTable table = new EndpointTable(10);
        table.apply(update(true, 3, A, B, C));
        EndpointTable.Entry entry = table.entry(FN).orElseThrow();

        EndpointTable.Slot first = table.pick(entry, Set.of()).orElseThrow();
        EndpointTable.Slot second = table.pick(entry, Set.of()).orElseThrow();
        EndpointTable.Slot third = table.pick(entry, Set.of()).orElseThrow();
        assertThat(Set.of(first.endpoint, second.endpoint, third.endpoint)).containsExactlyInAnyOrder(A, B, C);

        second.inFlight.decrementAndGet();
        assertThat(table.pick(entry, Set.of()).orElseThrow().endpoint).isEqualTo(second.endpoint);
        assertThat(table.pick(entry, Set.of(A, B)).orElseThrow().endpoint).isEqualTo(C);
        assertThat(table.pick(entry, Set.of(A, B, C))).isEmpty();
    }

    @Test
    void an_endpoint_that_stays_keeps_its_calls_in_flight_and_a_snapshot_forgets_functions_it_lacks() {
        EndpointTable table = new EndpointTable(10);
        table.apply(update(true, 2, A, B));
        EndpointTable.Slot busy = table.pick(table.entry(FN).orElseThrow(), Set.of(B)).orElseThrow();
        assertThat(busy.endpoint).isEqualTo(A);

        table.apply(update(false, 3, A, B, C));
        EndpointTable.Entry entry = table.entry(FN).orElseThrow();
        assertThat(entry.replicas()).isEqualTo(3);
        assertThat(entry.ready()).filteredOn(slot -> slot.endpoint.equals(A)).singleElement()
                .satisfies(slot -> assertThat(slot.inFlight.get()).isEqualTo(1));

        table.apply(new EndpointsUpdate(true, List.of(), List.of()));
        assertThat(table.entry(FN)).isEmpty();
    }

    @Test
    void a_change_wakes_the_calls_waiting_and_at_most_max_waiting_wait() {
        EndpointTable table = new EndpointTable(2);
        table.apply(update(true, null));
        CompletableFuture<Void> one = table.changed(FN, TimeUnit.SECONDS.toNanos(30));
        CompletableFuture<Void> two = table.changed(FN, TimeUnit.SECONDS.toNanos(30));
        CompletableFuture<Void> three = table.changed(FN, TimeUnit.SECONDS.toNanos(30));

        assertThat(three).isCompletedExceptionally();
        assertThat(table.waiting(FN)).isEqualTo(2);
        assertThat(one).isNotDone();

        table.apply(update(false, 1, A));
        assertThat(one).isCompleted();
        assertThat(two).isCompleted();
        assertThat(table.waiting(FN)).isZero();
    }

    @Test
    void what_this_gateway_did_holds_before_the_feed_says_so() {
        EndpointTable table = new EndpointTable(10);
        FunctionRef fresh = new FunctionRef("fresh", "openfaas-fn");
        table.expect(fresh, null);
        assertThat(table.entry(fresh).orElseThrow().replicas()).as("deployed: starting").isNull();
        table.apply(update(true, 1));
        assertThat(table.entry(fresh)).as("kept by a snapshot made before the deploy reached the provider")
                .isPresent();

        table.apply(update(true, 2, A, B));
        table.expect(FN, 0);
        assertThat(table.entry(FN).orElseThrow().replicas()).as("scaled to zero").isZero();
        table.expect(FN, 2);
        assertThat(table.entry(FN).orElseThrow().replicas()).isEqualTo(2);
    }

    @Test
    void an_update_still_saying_zero_after_this_gateway_woke_the_function_does_not_put_it_back_to_zero() {
        EndpointTable table = new EndpointTable(10);
        table.apply(update(true, 0));
        table.expect(FN, 1); // a wake: the provider answered the scale-up

        table.apply(update(false, 0)); // the feed's news of the earlier scale to zero, late
        assertThat(table.entry(FN).orElseThrow().replicas()).as("the wake holds").isEqualTo(1);
        table.apply(update(false, 1));
        table.apply(update(false, 1, A));
        assertThat(table.entry(FN).orElseThrow().ready()).hasSize(1);

        table.apply(update(false, 0)); // the feed caught up once: a 0 now is a new scale to zero
        assertThat(table.entry(FN).orElseThrow().replicas()).isZero();
    }

    @Test
    void an_update_still_listing_replicas_after_this_gateway_scaled_the_function_to_zero_does_not_bring_them_back() {
        EndpointTable table = new EndpointTable(10);
        table.apply(update(true, 1, A));
        table.expect(FN, 0); // the provider answered the scale to zero

        table.apply(update(false, 1, A)); // the feed's news from before the scale to zero, late
        assertThat(table.entry(FN).orElseThrow().replicas()).as("the scale to zero holds: calls wake it").isZero();
        table.apply(update(false, 0));
        table.apply(update(false, 1, A)); // the feed caught up once: replicas now are a new scale-up
        assertThat(table.entry(FN).orElseThrow().replicas()).isEqualTo(1);
    }
}
