package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionContext;
import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Reads the secret the query names, once, in init for "api-key", per request for others. */
public final class SecretHandler implements FunctionHandler {

    private FunctionContext context;
    private String apiKey;

    @Override
    public void init(FunctionContext functionContext) {
        context = functionContext;
        apiKey = functionContext.secret("api-key").orElse("<none>");
    }

    @Override
    public Response handle(Request request) {
        String name = request.queryParam("name").orElse("api-key");
        return Response.ok(name.equals("api-key") ? apiKey : context.secret(name).orElse("<none>"));
    }
}
