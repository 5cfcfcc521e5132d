package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Cannot start: its init fails. */
public final class InitFailingHandler implements FunctionHandler {

    @Override
    public void init(FunctionContext context) {
        throw new IllegalStateException("database unreachable");
    }

    @Override
    public Response handle(Request request) {
        return Response.ok();
    }
}
