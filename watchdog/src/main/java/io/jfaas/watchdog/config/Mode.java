package io.jfaas.watchdog.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the watchdog runs the function ({@code mode}). */
public enum Mode {
    /** The Java handler, in this JVM (jfaas's default). */
    JAVA,
    /** {@code fprocess} started once, every request reverse-proxied to {@code upstream_url} (of-watchdog's http). */
    HTTP,
    /** {@code fprocess} per request, stdin and stdout streamed; the status is always 200 (of-watchdog's default). */
    STREAMING,
    /** {@code fprocess} per request, its whole output buffered; a failure is a 500. */
    SERIALIZING;

    /** The name in {@code mode=}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String value) {
        for (Mode mode : values()) {
            if (mode.key().equals(value.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("\"" + value + "\" is not a mode: use one of "
                + Arrays.stream(values()).map(Mode::key).collect(Collectors.joining(", ")));
    }
}
