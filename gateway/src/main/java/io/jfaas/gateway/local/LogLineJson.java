package io.jfaas.gateway.local;

import io.jfaas.model.LogMessage;
import java.nio.charset.StandardCharsets;

/**
 * A log line as the JSON object a function's log file holds, one a line: the bytes Jackson writes for a
 * {@link LogMessage} (fields in order, the timestamp as ISO-8601, strings escaped as Jackson escapes them), written by
 * hand because every call a replica serves prints a line, and a reflective serializer per line cost the gateway more
 * CPU than the line itself.
 */
final class LogLineJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private LogLineJson() {
    }

    /** The object and its newline, in UTF-8. */
    static byte[] encode(LogMessage message) {
        // the keys, quotes and a timestamp take ~110 characters: sized so that a line without escapes never grows
        StringBuilder out = new StringBuilder(128 + length(message.name()) + length(message.namespace())
                + length(message.instance()) + length(message.text()));
        out.append("{\"name\":");
        string(out, message.name());
        out.append(",\"namespace\":");
        string(out, message.namespace());
        out.append(",\"instance\":");
        string(out, message.instance());
        out.append(",\"timestamp\":");
        if (message.timestamp() == null) {
            out.append("null");
        } else {
            out.append('"').append(message.timestamp()).append('"');
        }
        out.append(",\"text\":");
        string(out, message.text());
        out.append("}\n");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        int length = value.length();
        int plain = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(value, plain, length).append('"');
    }
}
