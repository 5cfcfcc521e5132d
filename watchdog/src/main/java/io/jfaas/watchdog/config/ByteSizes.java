package io.jfaas.watchdog.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sizes as bytes ({@code 1048576}) or with Kubernetes-style units ({@code 512Ki}, {@code 64Mi}, {@code 1G}). */
final class ByteSizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?)?b?");

    private ByteSizes() {
    }

    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a size: use bytes, or a number with Ki, Mi,"
                    + " Gi (or K, M, G)");
        }
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        long multiplier = switch (unit) {
            case "" -> 1L;
            case "k" -> 1_000L;
            case "ki" -> 1L << 10;
            case "m" -> 1_000_000L;
            case "mi" -> 1L << 20;
            case "g" -> 1_000_000_000L;
            case "gi" -> 1L << 30;
            case "t" -> 1_000_000_000_000L;
            default -> 1L << 40;
        };
        return Math.multiplyExact(value, multiplier);
    }
}
