package io.jfaas.watchdog.runner;

import java.io.IOException;

/** A request body over the limit; the watchdog answers 413 if it still can. */
public final class BodyTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes (JFAAS_MAX_REQUEST_BODY)");
    }
}
