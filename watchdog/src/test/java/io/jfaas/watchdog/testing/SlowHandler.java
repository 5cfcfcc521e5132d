package io.jfaas.watchdog.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/**
 * Announces each request on stdout ("started NAME"), then takes the number of milliseconds the query's {@code ms}
 * says (default 1500) before answering "finished NAME". For drain tests, which read stdout to know a request is in
 * flight.
 */
public final class SlowHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) throws InterruptedException {
        String name = request.queryParam("name").orElse("request");
        System.out.println("started " + name);
        System.out.flush();
        Thread.sleep(Long.parseLong(request.queryParam("ms").orElse("1500")));
        return Response.ok("finished " + name);
    }
}
