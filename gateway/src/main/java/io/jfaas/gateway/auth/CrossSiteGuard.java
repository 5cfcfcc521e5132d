package io.jfaas.gateway.auth;

import io.jfaas.gateway.http.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses requests a browser sends on behalf of another site, before credentials are looked at: a page elsewhere
 * could otherwise have the browser send the basic-auth credentials it cached for the gateway (a form POSTing to
 * {@code /system/functions}, say). A request is refused with 403 when its {@code Sec-Fetch-Site} is anything but
 * {@code same-origin} or {@code none}, or its {@code Origin} is not the gateway's own (scheme-default port, host and
 * port of the {@code Host} header; {@code null} included). Clients that are not browsers send neither header and
 * pass. A top-level GET or HEAD navigation (following a link to the UI) passes: it changes nothing, and the page it
 * opens cannot be read by the other site.
 */
public final class CrossSiteGuard implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        problem(ctx.request()).ifPresentOrElse(problem -> HttpErrors.send(ctx, 403, problem), ctx::next);
    }

    /** Why the request is refused, or empty when it passes. */
    static Optional<String> problem(HttpServerRequest request) {
        HttpMethod method = request.method();
        boolean navigation = (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && "navigate".equalsIgnoreCase(request.getHeader("Sec-Fetch-Mode"));
        if (navigation) {
            return Optional.empty();
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String value = site.trim().toLowerCase(Locale.ROOT);
            if (!value.equals("same-origin") && !value.equals("none")) {
                return Optional.of("cross-site request refused: Sec-Fetch-Site is " + site.trim()
                        + "; the gateway's API takes calls from its own pages and from non-browser clients only");
            }
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin.trim(), request.getHeader("Host"))) {
            return Optional.of("cross-site request refused: Origin " + origin.trim() + " is not this gateway's");
        }
        return Optional.empty();
    }

    /** Whether {@code origin} ({@code scheme://host[:port]}) names the host and port the request was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        URI uri;
        URI target;
        try {
            uri = new URI(origin);
            target = new URI(uri.getScheme() + "://" + host.trim());
        } catch (Exception e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || target.getHost() == null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false;
        }
        return uri.getHost().equalsIgnoreCase(target.getHost()) && port(uri) == port(target);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
