package io.jfaas.provider;

/**
 * Where one invocation goes: a host and port that serve the function, held until {@link #release()}; or, when the
 * function's replicas serve the NATS transport, the subject to send the call to.
 */
public interface Upstream {

    /** The NATS subject the function's replicas serve calls on, or empty: call {@link #host()}:{@link #port()}. */
    default java.util.Optional<String> natsSubject() {
        return java.util.Optional.empty();
    }

    String host();

    int port();

    /** The call is over; the provider may count the replica as idle again. Called exactly once. */
    void release();

    /**
     * This upstream refused the connection before any byte of the call was sent: releases it and completes with
     * another upstream of the same function to send the call to instead, or fails when there is none (the default).
     */
    default java.util.concurrent.CompletableFuture<Upstream> refused() {
        release();
        return java.util.concurrent.CompletableFuture.failedFuture(new ProviderException(
                ProviderException.Kind.UNAVAILABLE, "no other replica to send the call to"));
    }
}
