package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Answers the request body as bytes, with no Content-Type of its own. */
public final class BytesHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok(request.body());
    }
}
