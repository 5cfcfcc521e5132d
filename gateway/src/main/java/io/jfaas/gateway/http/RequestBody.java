package io.jfaas.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;

/** What a request's headers say of its body: one reading for the proxy and the read deadline. */
public final class RequestBody {

    private RequestBody() {
    }

    /** The Content-Length the client declared, or -1 when it declared none (or nonsense). */
    public static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether a body follows the headers: a declared length above 0, or a chunked one. */
    public static boolean follows(HttpServerRequest request) {
        long declared = declaredLength(request);
        if (declared >= 0) {
            return declared > 0;
        }
        String encoding = request.getHeader("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
    }
}
