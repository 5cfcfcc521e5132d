package io.jfaas.gateway.provider;

/** Where one invocation goes: a host and port that serve the function, held until {@link #release()}. */
public interface Upstream {

    String host();

    int port();

    /** The call is over; the provider may count the replica as idle again. Called exactly once. */
    void release();
}
