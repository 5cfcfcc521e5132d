package io.jfaas.cli.command;

import io.jfaas.cli.CliFailure;
import io.jfaas.cli.api.LogsApi.LogLine;
import io.jfaas.model.LogMessage;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How {@code faas-cli logs -o} prints a log line: one constant per format, as faas-cli's formatters. */
enum LogFormat {

    /** {@code 2024-05-01T10:00:00Z hello}: the time (RFC 3339, whole seconds) and the text. */
    PLAIN {
        @Override
        String format(LogLine line) {
            LogMessage message = line.message();
            String time = message.timestamp() == null ? "" : rfc3339(message.timestamp()) + " ";
            return withoutTrailingNewlines(time + nullToEmpty(message.text()));
        }
    },

    /** {@code timestamp="..." name="..." instance="..." text="..."}. */
    KEYVALUE {
        @Override
        String format(LogLine line) {
            LogMessage message = line.message();
            return "timestamp=\"" + (message.timestamp() == null ? "" : rfc3339(message.timestamp())) + "\""
                    + " name=\"" + nullToEmpty(message.name()) + "\""
                    + " instance=\"" + nullToEmpty(message.instance()) + "\""
                    + " text=\"" + withoutTrailingNewlines(nullToEmpty(message.text())) + "\"";
        }
    },

    /** The line as the gateway sent it: one JSON object with every field. */
    JSON {
        @Override
        String format(LogLine line) {
            return line.json();
        }
    };

    /** The line to print, without its line break. */
    abstract String format(LogLine line);

    /** The format named by {@code -o}, or a failure listing the names there are. */
    static LogFormat of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliFailure("invalid argument \"" + name + "\" for \"--output\" flag: use plain, keyvalue or json");
        }
    }

    /** Go's {@code time.RFC3339}: whole seconds. */
    static String rfc3339(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String withoutTrailingNewlines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
