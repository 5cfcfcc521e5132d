package io.jfaas.gateway.local;

import io.jfaas.model.LogMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * A log line as the JSON object a function's log file holds, one a line: the bytes Jackson writes for a
 * {@link LogMessage} (fields in order, the timestamp as ISO-8601, strings escaped as Jackson escapes them), written by
 * hand because every call a replica serves prints a line, and a reflective serializer per line cost the gateway more
 * CPU than the line itself. An encoder writes UTF-8 straight into one buffer it reuses and formats the date and time
 * of day once a second: no string built, no copy made per line (2-3 µs of the gateway's CPU per call went to the
 * replica's access-log line before).
 */
final class LogLineJson {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAME = "{\"name\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NAMESPACE = ",\"namespace\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INSTANCE = ",\"instance\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIMESTAMP = ",\"timestamp\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TEXT = ",\"text\":".getBytes(StandardCharsets.US_ASCII);
    /** A buffer that grew past this for a long line is not kept for the next. */
    static final int MAX_KEPT = 64 * 1024;

    private LogLineJson() {
    }

    /** Encodes lines one at a time into one reused buffer; not for use by two threads at once. */
    static final class Encoder {

        private byte[] buffer = new byte[512];
        private int length;
        private long second = Long.MIN_VALUE;
        /** {@link #second} as ISO-8601 up to its seconds, without a fraction or the zone. */
        private byte[] secondText;

        /** Encodes the object and its newline; the bytes are {@link #bytes()} from 0 to the length returned. */
        int encode(LogMessage message) {
            if (buffer.length > MAX_KEPT) {
                buffer = new byte[512];
            }
            length = 0;
            append(NAME);
            string(message.name());
            append(NAMESPACE);
            string(message.namespace());
            append(INSTANCE);
            string(message.instance());
            append(TIMESTAMP);
            if (message.timestamp() == null) {
                append(NULL);
            } else {
                ensure(40);
                buffer[length++] = '"';
                timestamp(message.timestamp());
                buffer[length++] = '"';
            }
            append(TEXT);
            string(message.text());
            ensure(2);
            buffer[length++] = '}';
            buffer[length++] = '\n';
            return length;
        }

        /** The encoded line of the last {@link #encode}, valid until the next. */
        byte[] bytes() {
            return buffer;
        }

        /** As {@link Instant#toString()}: the fraction in groups of three digits, as many as it needs. */
        private void timestamp(Instant at) {
            if (at.getEpochSecond() != second || secondText == null) {
                String whole = Instant.ofEpochSecond(at.getEpochSecond()).toString();
                secondText = whole.substring(0, whole.length() - 1).getBytes(StandardCharsets.US_ASCII);
                second = at.getEpochSecond();
            }
            append(secondText);
            int nano = at.getNano();
            if (nano != 0) {
                int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
                int value = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
                buffer[length] = '.';
                for (int i = digits; i > 0; i--) {
                    buffer[length + i] = (byte) ('0' + value % 10);
                    value /= 10;
                }
                length += digits + 1;
            }
            buffer[length++] = 'Z';
        }

        private void string(String value) {
            if (value == null) {
                append(NULL);
                return;
            }
            int chars = value.length();
            // a character takes at most 6 bytes escaped (a backslash, u and four digits) or 3 in UTF-8 (a surrogate
            // pair: 4 for two)
            ensure(chars * 6 + 2);
            byte[] out = buffer;
            int at = length;
            out[at++] = '"';
            for (int i = 0; i < chars; i++) {
                char c = value.charAt(i);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    out[at++] = (byte) c;
                } else if (c < 0x20 || c == '"' || c == '\\') {
                    out[at++] = '\\';
                    switch (c) {
                        case '"' -> out[at++] = '"';
                        case '\\' -> out[at++] = '\\';
                        case '\n' -> out[at++] = 'n';
                        case '\r' -> out[at++] = 'r';
                        case '\t' -> out[at++] = 't';
                        case '\b' -> out[at++] = 'b';
                        case '\f' -> out[at++] = 'f';
                        default -> {
                            out[at++] = 'u';
                            out[at++] = '0';
                            out[at++] = '0';
                            out[at++] = HEX[c >> 4];
                            out[at++] = HEX[c & 0xF];
                        }
                    }
                } else if (c < 0x800) {
                    out[at++] = (byte) (0xC0 | c >> 6);
                    out[at++] = (byte) (0x80 | c & 0x3F);
                } else if (Character.isHighSurrogate(c) && i + 1 < chars
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int code = Character.toCodePoint(c, value.charAt(++i));
                    out[at++] = (byte) (0xF0 | code >> 18);
                    out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                    out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                    out[at++] = (byte) (0x80 | code & 0x3F);
                } else if (Character.isSurrogate(c)) {
                    // a lone surrogate has no UTF-8 form: '?', as String.getBytes writes it
                    out[at++] = '?';
                } else {
                    out[at++] = (byte) (0xE0 | c >> 12);
                    out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                    out[at++] = (byte) (0x80 | c & 0x3F);
                }
            }
            out[at++] = '"';
            length = at;
        }

        private void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }
    }
}
