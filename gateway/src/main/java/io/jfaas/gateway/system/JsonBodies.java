package io.jfaas.gateway.system;

import io.jfaas.gateway.http.HttpErrors;
import io.jfaas.gateway.http.RequestBody;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * The /system API takes JSON and nothing else: a request that carries a body, or says what its body is, must say
 * {@code Content-Type: application/json}, else 415. A browser form (urlencoded, multipart or text/plain) can be sent
 * to another site without asking it first; a JSON body cannot, so this closes the form route to the API even for a
 * browser that sends no {@code Origin}.
 */
public final class JsonBodies implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        HttpMethod method = request.method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        String type = request.getHeader("Content-Type");
        if (type == null && !RequestBody.follows(request)) {
            ctx.next();
            return;
        }
        if (type != null && isJson(type)) {
            ctx.next();
            return;
        }
        HttpErrors.refuseAndClose(ctx, 415, "the /system API takes JSON: send Content-Type: application/json"
                + (type == null ? " (the request has a body and no Content-Type)" : " (not " + type.trim() + ")"));
    }

    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        return media.equals("application/json");
    }
}
