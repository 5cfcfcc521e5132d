package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Answers its ready path 503 until {@link #ready} is set. */
public final class ReadyFlagHandler implements FunctionHandler {

    public static volatile boolean ready;

    @Override
    public Response handle(Request request) {
        if (request.path().equals("/ready")) {
            return Response.of(ready ? 200 : 503);
        }
        return Response.ok("served");
    }
}
