package io.jfaas.gateway.invoke;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/**
 * Headers that belong to one connection, not to the message (RFC 9110 section 7.6.1): a proxy drops them, and any
 * header the {@code Connection} header names.
 */
final class HopByHop {

    private static final Set<String> NAMES = Set.of("connection", "proxy-connection", "keep-alive",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** A copy of {@code headers} without the hop-by-hop ones. */
    static MultiMap strip(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        Set<String> named = new java.util.HashSet<>();
        for (String value : headers.getAll("Connection")) {
            for (String token : value.split(",")) {
                named.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        headers.forEach(entry -> {
            String lower = entry.getKey().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(lower) && !named.contains(lower)) {
                copy.add(entry.getKey(), entry.getValue());
            }
        });
        return copy;
    }
}
