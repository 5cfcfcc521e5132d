package io.jfaas.contracts;

/**
 * The paths the watchdog answers for the platform, on its function port: the gateway's local provider, the
 * operator's probes and the image builder's start-up training all ask them.
 */
public final class WatchdogEndpoints {

    /** 200 while the watchdog and its handler can serve (liveness). */
    public static final String HEALTH = "/_/health";
    /** 200 once the function is ready for calls (readiness), after its own {@code ready_path} if it has one. */
    public static final String READY = "/_/ready";

    private WatchdogEndpoints() {
    }
}
