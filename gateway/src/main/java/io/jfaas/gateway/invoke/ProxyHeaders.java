package io.jfaas.gateway.invoke;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the proxy does to headers on the way through: drops those that belong to one connection, not to the message
 * (RFC 9110 section 7.6.1, and any the {@code Connection} header names), and writes names in Go's canonical form
 * ({@code X-Duration-Seconds}), as OpenFaaS's gateway does whatever case the function used.
 */
final class ProxyHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private ProxyHeaders() {
    }

    /** A copy of {@code headers} without the hop-by-hop ones, names canonical. */
    static MultiMap forward(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        Set<String> named = new HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        headers.forEach(entry -> {
            String lower = entry.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !named.contains(lower)) {
                copy.add(canonical(entry.getKey()), entry.getValue());
            }
        });
        return copy;
    }

    /** Go's canonical header name: upper-case first letter and each letter after '-', the rest lower-case. */
    static String canonical(String name) {
        char[] chars = name.toCharArray();
        boolean upper = true;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == ' ' || c >= 127) {
                return name;
            }
            chars[i] = upper ? Character.toUpperCase(c) : Character.toLowerCase(c);
            upper = c == '-';
        }
        return new String(chars);
    }
}
