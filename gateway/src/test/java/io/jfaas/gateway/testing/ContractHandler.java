package io.jfaas.gateway.testing;

import io.jfaas.function.FunctionHandler;
import io.jfaas.function.Request;
import io.jfaas.function.Response;

/**
 * A function for the invocation contract over every transport: answers the body it got, and tells what else it got in
 * {@code X-Echo-Method}, {@code X-Echo-Path}, {@code X-Echo-Query}, {@code X-Echo-Test} (all values of
 * {@code X-Test}, joined with ","). {@code /status/NNN} answers NNN with {@code X-Custom: yes} and two
 * {@code X-Many} headers (and {@code Location: /elsewhere} for a 3xx); {@code /sleep/MS} answers after MS
 * milliseconds. The call id it got comes back in {@code X-Echo-Call-Id}.
 */
public final class ContractHandler implements FunctionHandler {

    @Override
    public Response handle(Request request) {
        if (request.path().startsWith("/sleep/")) {
            try {
                Thread.sleep(Long.parseLong(request.path().substring("/sleep/".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Response.ok("slept");
        }
        Response response = Response.ok(request.body())
                .withHeader("X-Echo-Method", request.method())
                .withHeader("X-Echo-Path", request.path())
                .withHeader("X-Echo-Query", request.rawQuery() == null ? "" : request.rawQuery())
                .withHeader("X-Echo-Test", String.join(",", request.headers().all("X-Test")))
                .withHeader("X-Echo-Call-Id", request.callId().orElse(""))
                .withContentType(request.contentType().orElse("application/octet-stream"));
        if (request.path().startsWith("/status/")) {
            int status = Integer.parseInt(request.path().substring("/status/".length()));
            response = response.withStatus(status)
                    .withHeader("X-Custom", "yes").withAddedHeader("X-Many", "one").withAddedHeader("X-Many", "two");
            return status >= 300 && status < 400 ? response.withHeader("Location", "/elsewhere") : response;
        }
        return response;
    }
}
