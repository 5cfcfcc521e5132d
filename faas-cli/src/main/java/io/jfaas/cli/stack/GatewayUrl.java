package io.jfaas.cli.stack;

import java.util.Locale;

/**
 * Which gateway a command talks to, in faas-cli's order: {@code --gateway} (when not the default), the stack file's
 * {@code provider.gateway} (when not the default), {@code OPENFAAS_URL}, then {@code http://127.0.0.1:8080}. The
 * result is lower-cased, loses trailing slashes, and gets {@code http://} when it has no scheme.
 */
public final class GatewayUrl {

    public static final String DEFAULT = "http://127.0.0.1:8080";

    private GatewayUrl() {
    }

    public static String resolve(String flag, String fromStack, String fromEnv) {
        String chosen;
        if (flag != null && !flag.isBlank() && !normalise(flag).equals(DEFAULT)) {
            chosen = flag;
        } else if (fromStack != null && !fromStack.isBlank() && !normalise(fromStack).equals(DEFAULT)) {
            chosen = fromStack;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            chosen = fromEnv;
        } else {
            chosen = DEFAULT;
        }
        return normalise(chosen);
    }

    static String normalise(String url) {
        String trimmed = url.trim().toLowerCase(Locale.ROOT);
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.startsWith("http") ? trimmed : "http://" + trimmed;
    }

    /**
     * faas-cli's warning for a gateway reached over plain HTTP, or null when there is nothing to warn about
     * (HTTPS, loopback, or {@code --tls-no-verify}).
     */
    public static String insecureWarning(String gateway, boolean tlsNoVerify) {
        if (tlsNoVerify || gateway.startsWith("https") || gateway.startsWith("http://127.0.0.1")
                || gateway.startsWith("http://localhost")) {
            return null;
        }
        return "WARNING! You are not using an encrypted connection to the gateway, consider using HTTPS.";
    }
}
