package io.jfaas.operator.transport;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** The function {@link SyncOverNatsIT} runs in a real watchdog: greets the body, naming the pod it runs in. */
public final class GreetingHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok("hello " + request.bodyAsText() + " from " + System.getenv("HOSTNAME"));
    }
}
