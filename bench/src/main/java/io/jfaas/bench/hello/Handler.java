package io.jfaas.bench.hello;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** The Java template's hello handler. */
public final class Handler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok("Hello from jfaas! You said: " + request.bodyAsText());
    }
}
