package io.jfaas.contracts;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way OpenFaaS's configuration writes them: whole seconds ({@code 65}) or Go syntax
 * ({@code 65s}, {@code 1m5s}, {@code 1.5s}, {@code 500ms}). Every service reads its durations with it, the watchdog
 * included.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {
    }

    /** Parses seconds or a Go duration; the message of the exception says what is accepted. */
    public static Duration parse(String text) {
        String value = text.trim();
        if (value.matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        Matcher matcher = PART.matcher(value);
        int end = 0;
        double nanos = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            nanos += amount * switch (matcher.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            end = matcher.end();
        }
        if (end == 0 || end != value.length()) {
            throw new IllegalArgumentException("\"" + text + "\" is not a duration: use seconds (65) or a Go duration"
                    + " (65s, 1m5s, 500ms)");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
