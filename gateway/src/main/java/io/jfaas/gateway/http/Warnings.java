package io.jfaas.gateway.http;

import io.vertx.core.http.HttpServerResponse;

/**
 * The {@code Warning} header (RFC 7234's form, as the Kubernetes API server sends it): {@code 299 - "text"}, for
 * answers that succeed but should tell the caller something, such as a setting accepted and not enforced. Clients
 * that don't know it ignore it; jfaas's CLI and UI show it.
 */
public final class Warnings {

    public static final String HEADER = "Warning";

    private Warnings() {
    }

    /** Adds one warning; quotes and backslashes in the text are escaped, line breaks become spaces. */
    public static void add(HttpServerResponse response, String text) {
        String quoted = text.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n]+", " ");
        response.headers().add(HEADER, "299 - \"" + quoted + "\"");
    }
}
