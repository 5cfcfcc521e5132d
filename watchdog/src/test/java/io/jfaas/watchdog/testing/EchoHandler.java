package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Tells what it received in X-Seen-* headers and echoes the body; its status comes from the query's {@code status}. */
public final class EchoHandler implements FunctionHandler {

    private volatile String name = "";

    @Override
    public void init(FunctionContext context) {
        name = context.functionName() + "." + context.namespace();
    }

    @Override
    public Response handle(Request request) {
        int status = Integer.parseInt(request.queryParam("status").orElse("200"));
        return Response.of(status)
                .withHeader("X-Seen-Method", request.method())
                .withHeader("X-Seen-Path", request.path())
                .withHeader("X-Seen-Query", request.rawQuery())
                .withHeader("X-Seen-Name-Param", request.queryParam("name").orElse(""))
                .withHeader("X-Seen-Test-Header", request.header("x-test").orElse(""))
                .withHeader("X-Seen-Function", name)
                .withHeader("Content-Type", request.contentType().orElse("application/octet-stream"))
                .withBody(request.body());
    }
}
