package io.jfaas.contracts;

/**
 * The HTTP headers of a call that the gateway, the watchdog and clients agree on, by OpenFaaS's names.
 */
public final class CallHeaders {

    /** The call's id: kept when the caller sends one, else made by the gateway; answered back, logged, queued. */
    public static final String CALL_ID = "X-Call-Id";
    /** When the gateway started the call, in Unix nanoseconds. */
    public static final String START_TIME = "X-Start-Time";
    /** How long the function took, in seconds: the watchdog's answer, and the queue worker's callback. */
    public static final String DURATION_SECONDS = "X-Duration-Seconds";

    private CallHeaders() {
    }
}
