package io.jfaas.gateway.provider;

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
}
