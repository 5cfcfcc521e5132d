package io.jfaas.gateway.scaling;

import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.provider.FunctionProvider;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.scaling.ScalingPolicy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Where a call's replica comes from: the provider's ready replica, or, for a function at 0 replicas, a wake-up. The
 * call is held while the provider is asked, once however many calls arrive, for the function's minimum replicas
 * ({@code com.openfaas.scale.min}, at least 1); the provider hands held calls a replica the moment one is ready, or
 * fails them with 503 after its ready timeout. At most {@code maxHeld} calls per function are held; more get 429.
 * With scale from zero off ({@code scale_from_zero=false}), a call to a function at zero gets 503 at once.
 */
public final class ScaleFromZero {

    private static final Logger LOG = Logger.getLogger(ScaleFromZero.class.getName());

    private final FunctionProvider provider;
    private final boolean enabled;
    private final int maxHeld;
    private final Map<FunctionRef, Wake> wakes = new ConcurrentHashMap<>();

    /**
     * @param enabled {@code scale_from_zero}
     * @param maxHeld the most calls held per function while it wakes
     */
    public ScaleFromZero(FunctionProvider provider, boolean enabled, int maxHeld) {
        this.provider = provider;
        this.enabled = enabled;
        this.maxHeld = maxHeld;
    }

    /** A replica for one call of {@code ref}; see {@link FunctionProvider#resolve}. */
    public CompletableFuture<Upstream> resolve(FunctionRef ref) {
        CompletableFuture<Upstream> ready = provider.resolve(ref);
        if (ready.isDone() && !ready.isCompletedExceptionally()) {
            return ready;
        }
        return ready.exceptionallyCompose(failure -> isScaledToZero(failure) ? wake(ref, true)
                : CompletableFuture.failedFuture(failure));
    }

    /**
     * A ready replica for one call of {@code ref} if the provider has one now, else null, with nothing waited for,
     * woken or held: the caller takes the call to {@link #resolve} instead. A replica that the provider would give
     * later is given back as soon as it is.
     */
    public Upstream readyNow(FunctionRef ref) {
        CompletableFuture<Upstream> ready = provider.resolve(ref);
        if (!ready.isDone()) {
            ready.thenAccept(Upstream::release);
            return null;
        }
        return ready.isCompletedExceptionally() ? null : ready.join();
    }

    /** Calls held now for functions that are waking, for tests and diagnostics. */
    public int held(FunctionRef ref) {
        Wake wake = wakes.get(ref);
        return wake == null ? 0 : wake.held.get();
    }

    private CompletableFuture<Upstream> wake(FunctionRef ref, boolean again) {
        if (!enabled) {
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.UNAVAILABLE,
                    "function " + ref + " is scaled to zero and the gateway's scale_from_zero is off: scale it up"
                            + " with POST /system/scale-function/" + ref.name()));
        }
        Wake wake = wakes.computeIfAbsent(ref, r -> new Wake());
        if (wake.held.incrementAndGet() > maxHeld) {
            wake.held.decrementAndGet();
            return CompletableFuture.failedFuture(new ProviderException(ProviderException.Kind.OVERLOADED,
                    "function " + ref + " is starting from zero and " + maxHeld + " calls wait for it already"
                            + " (JFAAS_MAX_HELD_CALLS): try again in a second"));
        }
        return wake.scaleUp(ref)
                .thenCompose(scaled -> provider.resolve(ref))
                .exceptionallyCompose(failure -> again && isScaledToZero(failure)
                        // scaled back to zero while this call waited: one more wake-up
                        ? wake(ref, false) : CompletableFuture.failedFuture(failure))
                .whenComplete((upstream, failure) -> wake.held.decrementAndGet());
    }

    private static boolean isScaledToZero(Throwable failure) {
        return HttpErrors.unwrap(failure) instanceof ProviderException e
                && e.kind() == ProviderException.Kind.SCALED_TO_ZERO;
    }

    /** One function's wake-ups: the calls held, and the scale-up in progress that they all share. */
    private final class Wake {
        final AtomicInteger held = new AtomicInteger();
        private CompletableFuture<Void> scaling;

        synchronized CompletableFuture<Void> scaleUp(FunctionRef ref) {
            if (scaling == null || scaling.isDone()) {
                scaling = provider.status(ref).thenCompose(status -> {
                    FunctionStatus function = status.orElseThrow(() -> new ProviderException(
                            ProviderException.Kind.NOT_FOUND, "function " + ref + " not found"));
                    if (function.replicas() > 0) {
                        // another call's wake-up, or a user, got there first
                        return CompletableFuture.completedFuture(null);
                    }
                    int replicas = ScalingPolicy.fromLabelsOrDefault(function.labels()).activeMin();
                    LOG.info("waking " + ref + ": scaling from 0 to " + replicas + " for a call");
                    return provider.scale(ref, replicas);
                });
            }
            return scaling;
        }
    }
}
