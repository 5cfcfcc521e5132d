package function;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/** Your function. One instance serves all requests, concurrently. */
public class Handler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        return Response.ok("Hello from jfaas! You said: " + request.bodyAsText());
    }
}
