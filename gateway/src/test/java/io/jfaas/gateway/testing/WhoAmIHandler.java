package io.jfaas.gateway.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** A function for local-provider tests: answers "HOSTNAME GREETING BODY" from its environment and request. */
public final class WhoAmIHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok(System.getenv("HOSTNAME") + " " + System.getenv("GREETING") + " " + request.bodyAsText());
    }
}
