package io.jfaas.gateway.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.gateway.testing.FakeProvider;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScaleFromZeroTest {

    private static final FunctionRef SLEEPY = new FunctionRef("sleepy", "openfaas-fn");

    private FakeProvider provider;

    @BeforeEach
    void deploy_a_function_at_zero() {
        provider = new FakeProvider(9);
        provider.deploy(deployment(Map.of("com.openfaas.scale.min", "2"))).join();
        provider.scale(SLEEPY, 0).join();
    }

    @Test
    void fifty_calls_at_zero_share_one_scale_up_to_the_minimum_and_all_get_a_replica() throws Exception {
        ScaleFromZero fromZero = new ScaleFromZero(provider, true, 100);
        int before = provider.scaleCalls();
        CompletableFuture<Void> scaling = provider.holdScaling();

        List<CompletableFuture<Upstream>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            calls.add(fromZero.resolve(SLEEPY));
        }
        assertThat(calls).noneMatch(CompletableFuture::isDone);
        assertThat(fromZero.held(SLEEPY)).isEqualTo(50);
        scaling.complete(null);

        for (CompletableFuture<Upstream> call : calls) {
            assertThat(call.get(10, TimeUnit.SECONDS).port()).isEqualTo(9);
        }
        assertThat(provider.scaleCalls() - before).isEqualTo(1);
        assertThat(provider.scaledTo(SLEEPY)).contains(2L);
        assertThat(fromZero.held(SLEEPY)).isZero();
    }

    @Test
    void a_call_to_a_running_function_is_not_held() {
        provider.scale(SLEEPY, 1).join();
        int before = provider.scaleCalls();
        ScaleFromZero fromZero = new ScaleFromZero(provider, true, 100);

        CompletableFuture<Upstream> call = fromZero.resolve(SLEEPY);

        assertThat(call).isCompleted();
        assertThat(provider.scaleCalls()).isEqualTo(before);
    }

    @Test
    void calls_over_the_bound_are_refused_as_overloaded_while_the_function_wakes() {
        ScaleFromZero fromZero = new ScaleFromZero(provider, true, 3);
        CompletableFuture<Void> scaling = provider.holdScaling();
        List<CompletableFuture<Upstream>> held = List.of(fromZero.resolve(SLEEPY), fromZero.resolve(SLEEPY),
                fromZero.resolve(SLEEPY));

        CompletableFuture<Upstream> fourth = fromZero.resolve(SLEEPY);

        assertThatThrownBy(fourth::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ProviderException.class)
                .hasMessage("function sleepy.openfaas-fn is starting from zero and 3 calls wait for it already"
                        + " (JFAAS_MAX_HELD_CALLS): try again in a second")
                .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.OVERLOADED);
        scaling.complete(null);
        assertThat(held).allSatisfy(call -> assertThat(call.join().port()).isEqualTo(9));
    }

    @Test
    void with_scale_from_zero_off_a_call_at_zero_is_unavailable_and_nothing_is_scaled() {
        ScaleFromZero fromZero = new ScaleFromZero(provider, false, 100);
        int before = provider.scaleCalls();

        assertThatThrownBy(() -> fromZero.resolve(SLEEPY).join())
                .cause().isInstanceOf(ProviderException.class)
                .hasMessageContaining("is scaled to zero and the gateway's scale_from_zero is off")
                .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
        assertThat(provider.scaleCalls()).isEqualTo(before);
    }

    @Test
    void a_function_removed_while_waking_fails_its_held_calls_as_not_found() {
        ScaleFromZero fromZero = new ScaleFromZero(provider, true, 100);
        CompletableFuture<Void> scaling = provider.holdScaling();
        CompletableFuture<Upstream> call = fromZero.resolve(SLEEPY);

        provider.remove(SLEEPY).join();
        scaling.complete(null);

        assertThatThrownBy(call::join).cause().isInstanceOf(ProviderException.class)
                .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(fromZero.held(SLEEPY)).isZero();
    }

    private static FunctionDeployment deployment(Map<String, String> labels) {
        return new FunctionDeployment("sleepy", "sleepy:latest", "openfaas-fn", null, Map.of(), List.of(), List.of(),
                labels, Map.of(), null, null, false);
    }
}
