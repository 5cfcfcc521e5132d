package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Throws with a message that must never reach a client; {@code ?null} makes it return null instead. */
public final class FailingHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        if (request.rawQuery().equals("null")) {
            return null;
        }
        throw new IllegalStateException("secret internal detail");
    }
}
