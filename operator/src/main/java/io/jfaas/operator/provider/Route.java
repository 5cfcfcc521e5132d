package io.jfaas.operator.provider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A route's handler: checks the method, serves, and turns failures into plain-text errors (an {@link ApiError} as it
 * says; a Kubernetes API error mapped as faas-netes maps them; anything else a 500 that is logged, never a stack
 * trace to the client).
 */
abstract class Route implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Route.class);

    private final Set<String> methods;

    Route(String... methods) {
        this.methods = Set.of(methods);
    }

    abstract void serve(HttpExchange exchange) throws IOException;

    @Override
    public final void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serveOrReplyError(exchange);
        }
    }

    private void serveOrReplyError(HttpExchange exchange) throws IOException {
        try {
            if (!methods.contains(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", String.join(", ", methods));
                Exchanges.error(exchange, 405, "method " + exchange.getRequestMethod() + " not allowed on "
                        + exchange.getRequestURI().getPath());
                return;
            }
            serve(exchange);
        } catch (ApiError e) {
            Exchanges.error(exchange, e.status(), e.getMessage());
        } catch (KubernetesClientException e) {
            int status = kubernetesStatus(e.getCode());
            if (status >= 500) {
                LOG.warn("{} {}: Kubernetes API error", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
            String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                    : "Kubernetes API request failed";
            Exchanges.error(exchange, status, message);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Exchanges.error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /** faas-netes's mapping ({@code pkg/handlers/errors.go}). */
    static int kubernetesStatus(int code) {
        return switch (code) {
            case 404, 410 -> 404;
            case 409 -> 409;
            case 422 -> 422;
            case 400 -> 400;
            case 403 -> 403;
            case 504, 408 -> 408;
            default -> 500;
        };
    }
}
