package io.jfaas.gateway.auth;

import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Lets a request through when its {@code Authorization: Basic} header names the gateway's user and password;
 * otherwise 401 with {@code WWW-Authenticate: Basic realm="Restricted"} and {@code invalid credentials}, as OpenFaaS.
 * Both values are compared in constant time.
 */
public final class BasicAuthHandler implements Handler<RoutingContext> {

    private static final String PREFIX = "Basic ";

    private final byte[] user;
    private final byte[] password;

    public BasicAuthHandler(Credentials credentials) {
        this.user = credentials.user().getBytes(StandardCharsets.UTF_8);
        this.password = credentials.password().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Restricted\"");
            HttpErrors.send(ctx, 401, "invalid credentials");
        }
    }

    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(authorization.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        String pair = new String(decoded, StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(user, pair.substring(0, colon).getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(password,
                pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        return userMatches & passwordMatches;
    }
}
