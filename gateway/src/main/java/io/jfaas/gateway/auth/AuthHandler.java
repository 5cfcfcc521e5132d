package io.jfaas.gateway.auth;

import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Lets a request through when its {@code Authorization: Basic} header names the gateway's user and password (faas-cli,
 * scripts: both compared in constant time), or when it carries a live {@linkplain UiSessions UI session} cookie. A
 * request with a session cookie that changes something (any method but GET and HEAD) must also say
 * {@code X-Requested-With: jfaas-ui}, a header a page on another site cannot make the browser send without asking.
 *
 * <p>Otherwise: 401 {@code invalid credentials} with {@code WWW-Authenticate: Basic realm="Restricted"}, as OpenFaaS
 * answers; but a browser opening a UI page is sent to the login page instead (303), and the UI's own calls get the
 * 401 without the challenge, so the browser never shows its basic-auth prompt nor caches credentials a cross-site
 * request could reuse.
 */
public final class AuthHandler implements Handler<RoutingContext> {

    /** The header the UI sends with every call. */
    public static final String UI_HEADER = "X-Requested-With";
    public static final String UI_HEADER_VALUE = "jfaas-ui";
    static final String LOGIN_PAGE = "/ui/login";

    private static final String PREFIX = "Basic ";

    private final byte[] user;
    private final byte[] password;
    private final UiSessions sessions;

    public AuthHandler(Credentials credentials, UiSessions sessions) {
        this.user = credentials.user().getBytes(StandardCharsets.UTF_8);
        this.password = credentials.password().getBytes(StandardCharsets.UTF_8);
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (accepts(request.getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        boolean fromUi = UI_HEADER_VALUE.equals(request.getHeader(UI_HEADER));
        boolean session = UiSessions.token(request.getHeader("Cookie")).map(sessions::check).orElse(false);
        if (session) {
            if (fromUi || request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD) {
                ctx.next();
            } else {
                HttpErrors.send(ctx, 403, "a change made with a UI session needs the header " + UI_HEADER + ": "
                        + UI_HEADER_VALUE);
            }
            return;
        }
        if (isUiPageVisit(request)) {
            ctx.response().setStatusCode(303).putHeader("Location", LOGIN_PAGE).end();
            return;
        }
        if (!fromUi) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"Restricted\"");
        }
        HttpErrors.send(ctx, 401, "invalid credentials");
    }

    /** Whether the user and password are the gateway's (constant time). */
    boolean matches(String givenUser, String givenPassword) {
        boolean userMatches = MessageDigest.isEqual(user, givenUser.getBytes(StandardCharsets.UTF_8));
        boolean passwordMatches = MessageDigest.isEqual(password, givenPassword.getBytes(StandardCharsets.UTF_8));
        return userMatches & passwordMatches;
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
        return matches(pair.substring(0, colon), pair.substring(colon + 1));
    }

    /** A browser loading a page of the UI (not a script's call): it is shown the login page. */
    private static boolean isUiPageVisit(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || !(request.path().equals("/ui") || request.path().startsWith("/ui/"))) {
            return false;
        }
        String mode = request.getHeader("Sec-Fetch-Mode");
        String accept = request.getHeader("Accept");
        return "navigate".equalsIgnoreCase(mode) || mode == null && accept != null && accept.contains("text/html");
    }
}
