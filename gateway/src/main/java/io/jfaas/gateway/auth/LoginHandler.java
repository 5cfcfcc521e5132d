package io.jfaas.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The UI's {@code POST /ui/login} and {@code POST /ui/logout}. Login takes {@code {"user": ..., "password": ...}}
 * as JSON (a form on another site cannot send that without the browser asking first), and answers 204 with the
 * session cookie, 401 {@code invalid credentials}, or 429 with {@code Retry-After} while its client address is
 * {@linkplain LoginThrottle throttled}. Logout ends the session and clears the cookie. The cookie is
 * {@code HttpOnly; SameSite=Strict; Path=/}, and {@code Secure} when the request came over HTTPS (directly or, per
 * {@code X-Forwarded-Proto}, through a proxy).
 */
public final class LoginHandler {

    /** The largest login body read. */
    public static final int BODY_LIMIT = 4096;

    private final AuthHandler auth;
    private final UiSessions sessions;
    private final LoginThrottle throttle;
    private final ObjectMapper json;

    public LoginHandler(AuthHandler auth, UiSessions sessions, LoginThrottle throttle, ObjectMapper json) {
        this.auth = auth;
        this.sessions = sessions;
        this.throttle = throttle;
        this.json = json;
    }

    public Handler<RoutingContext> login() {
        return ctx -> {
            HttpServerRequest request = ctx.request();
            String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
            Optional<Duration> wait = throttle.wait(address);
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                ctx.response().putHeader("Retry-After", Long.toString(seconds));
                HttpErrors.send(ctx, 429, "too many failed logins from " + address + ": try again in " + seconds
                        + " s");
                return;
            }
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                HttpErrors.send(ctx, 415, "login takes a JSON body: {\"user\": \"admin\", \"password\": \"...\"}");
                return;
            }
            JsonNode body;
            try {
                body = json.readTree(ctx.body().asString());
            } catch (IOException | RuntimeException e) {
                body = null;
            }
            if (body == null || !body.path("user").isTextual() || !body.path("password").isTextual()) {
                HttpErrors.send(ctx, 400, "login takes a JSON body: {\"user\": \"admin\", \"password\": \"...\"}");
                return;
            }
            if (!auth.matches(body.get("user").asText(), body.get("password").asText())) {
                throttle.failed(address);
                HttpErrors.send(ctx, 401, "invalid credentials");
                return;
            }
            throttle.succeeded(address);
            ctx.response().putHeader("Set-Cookie", cookie(request, sessions.start(), false))
                    .putHeader("Cache-Control", "no-store").setStatusCode(204).end();
        };
    }

    public Handler<RoutingContext> logout() {
        return ctx -> {
            UiSessions.token(ctx.request().getHeader("Cookie")).ifPresent(sessions::end);
            ctx.response().putHeader("Set-Cookie", cookie(ctx.request(), "", true)).setStatusCode(204).end();
        };
    }

    private static String cookie(HttpServerRequest request, String token, boolean expired) {
        boolean https = request.isSSL() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
        return UiSessions.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (https ? "; Secure" : "")
                + (expired ? "; Max-Age=0" : "");
    }
}
