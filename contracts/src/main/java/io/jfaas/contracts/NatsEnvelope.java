package io.jfaas.contracts;

/**
 * A call over NATS, as the gateway sends it and the watchdog answers it. The request goes to the function's
 * {@link #subject}; its headers are the call's HTTP headers plus {@value #METHOD} and {@value #URI} (path and query,
 * as sent); its data is the body. The reply's headers are the response's HTTP headers plus {@value #STATUS}; its
 * data is the body.
 */
public final class NatsEnvelope {

    /** The request's HTTP method. */
    public static final String METHOD = "X-Jfaas-Method";
    /** The request's path and query, as sent. */
    public static final String URI = "X-Jfaas-Uri";
    /** The reply's HTTP status. */
    public static final String STATUS = "X-Jfaas-Status";
    /** Every function's subject starts with this, then {@code NAMESPACE.NAME}. */
    public static final String SUBJECT_PREFIX = "jfaas.invoke.";

    private NatsEnvelope() {
    }

    /** A NATS server's URL ({@code nats://HOST:PORT} or {@code tls://HOST:PORT}), trimmed; else an error saying so. */
    public static String parseUrl(String value) {
        String url = value.trim();
        if (!url.matches("(nats|tls)://[^/\\s]+")) {
            throw new IllegalArgumentException("\"" + url + "\" is not a NATS URL such as nats://127.0.0.1:4222");
        }
        return url;
    }

    /** A NATS URL without the user and password it may carry, for logs and {@code /system/info}. */
    public static String withoutCredentials(String url) {
        return url.replaceFirst("//[^/@]*@", "//");
    }

    /** A function's subject: {@code jfaas.invoke.NAMESPACE.NAME} (both DNS labels, so valid subject tokens). */
    public static String subject(String namespace, String name) {
        return SUBJECT_PREFIX + namespace + "." + name;
    }
}
