package io.jfaas.gateway.invoke;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the proxy does to headers on the way through: drops those that belong to one connection, not to the message
 * (RFC 9110 section 7.6.1, and any the {@code Connection} header names), and writes names in Go's canonical form
 * ({@code X-Duration-Seconds}), as OpenFaaS's gateway does whatever case the function used.
 */
final class ProxyHeaders {

    static final Set<String> HOP_BY_HOP = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    static {
        HOP_BY_HOP.addAll(List.of("Connection", "Proxy-Connection", "Keep-Alive", "Proxy-Authenticate",
                "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"));
    }

    private ProxyHeaders() {
    }

    /** A copy of {@code headers} without the hop-by-hop ones, names canonical. On every call: allocates little. */
    static MultiMap forward(MultiMap headers) {
        MultiMap copy = MultiMap.caseInsensitiveMultiMap();
        forwardInto(headers, copy);
        return copy;
    }

    /** Adds to {@code into} what {@link #forward} would copy of {@code headers}. */
    static void forwardInto(MultiMap headers, MultiMap into) {
        Set<String> named = connectionOptions(headers);
        for (Map.Entry<String, String> entry : headers) {
            String name = entry.getKey();
            if (!isHopByHop(name) && !named.contains(name)) {
                into.add(canonical(name), entry.getValue());
            }
        }
    }

    /**
     * Copies {@code from} into {@code into} as {@link #forward} would, without a map in between: a name {@code from}
     * has replaces the values {@code into} had for it.
     */
    static void copyInto(MultiMap from, MultiMap into) {
        Set<String> named = connectionOptions(from);
        List<String> replaced = new java.util.ArrayList<>(8);
        for (Map.Entry<String, String> entry : from) {
            String name = entry.getKey();
            if (isHopByHop(name) || named.contains(name)) {
                continue;
            }
            String canonical = canonical(name);
            if (containsIgnoreCase(replaced, canonical)) {
                into.add(canonical, entry.getValue());
            } else {
                replaced.add(canonical);
                into.set(canonical, entry.getValue());
            }
        }
    }

    /** Whether {@code name} is one of {@link #HOP_BY_HOP}, without a map lookup (every header of every call). */
    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("Te");
            case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
            case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 16 -> name.equalsIgnoreCase("Proxy-Connection");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
            case 19 -> name.equalsIgnoreCase("Proxy-Authorization");
            default -> false;
        };
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The header names the {@code Connection} header lists (hop-by-hop too); usually none. */
    private static Set<String> connectionOptions(MultiMap headers) {
        List<String> connection = headers.getAll("Connection");
        if (connection.isEmpty()) {
            return Set.of();
        }
        Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String value : connection) {
            for (String token : value.split(",")) {
                named.add(token.trim());
            }
        }
        return named;
    }

    /** Go's canonical header name: upper-case first letter and each letter after '-', the rest lower-case. */
    static String canonical(String name) {
        if (isCanonical(name)) {
            return name;
        }
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

    private static boolean isCanonical(String name) {
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c >= 127) {
                return true;
            }
            if (upper ? Character.toUpperCase(c) != c : Character.toLowerCase(c) != c) {
                return false;
            }
            upper = c == '-';
        }
        return true;
    }
}
