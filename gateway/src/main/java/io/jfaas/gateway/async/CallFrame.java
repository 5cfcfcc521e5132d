package io.jfaas.gateway.async;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A queued call as a message of the stream: a small binary frame (the magic {@code JQ}, version 1, the attempt, the
 * not-before time and the redrive count, then each field as a length and its UTF-8 bytes, the headers as names with
 * their values, and the body as it came) instead of JSON with the body in base64, which took most of the CPU the
 * queue cost the gateway. Messages an older gateway stored as JSON (they start with {@code '{'}) are still read, so
 * calls queued before an upgrade are not lost.
 */
final class CallFrame {

    private static final byte MAGIC_0 = 'J';
    private static final byte MAGIC_1 = 'Q';
    private static final byte VERSION = 1;
    /** A length that stands for null. */
    private static final int NULL = -1;

    private CallFrame() {
    }

    /** The frame of {@code call}. */
    static byte[] encode(QueuedCall call) {
        List<byte[]> strings = new ArrayList<>();
        int size = 3 + 4 + 8 + 4;
        for (String field : new String[] {call.function(), call.method(), call.path(), call.queryString(),
                call.callbackUrl(), call.callId()}) {
            size += add(strings, field);
        }
        size += 4;
        if (call.header() != null) {
            for (Map.Entry<String, List<String>> entry : call.header().entrySet()) {
                size += add(strings, entry.getKey()) + 4;
                for (String value : entry.getValue()) {
                    size += add(strings, value);
                }
            }
        }
        size += 4 + (call.body() == null ? 0 : call.body().length);
        ByteBuffer frame = ByteBuffer.allocate(size);
        frame.put(MAGIC_0).put(MAGIC_1).put(VERSION).putInt(call.attempt()).putLong(call.notBefore())
                .putInt(call.redrives());
        int next = 0;
        for (int i = 0; i < 6; i++) {
            put(frame, strings.get(next++));
        }
        if (call.header() == null) {
            frame.putInt(NULL);
        } else {
            frame.putInt(call.header().size());
            for (Map.Entry<String, List<String>> entry : call.header().entrySet()) {
                put(frame, strings.get(next++));
                frame.putInt(entry.getValue().size());
                for (int i = 0; i < entry.getValue().size(); i++) {
                    put(frame, strings.get(next++));
                }
            }
        }
        put(frame, call.body());
        return frame.array();
    }

    /** The call in {@code data}: a frame, or the JSON of an older gateway. */
    static QueuedCall decode(byte[] data, ObjectMapper json) throws IOException {
        if (data.length > 0 && data[0] == '{') {
            return json.readValue(data, QueuedCall.class);
        }
        if (data.length < 3 || data[0] != MAGIC_0 || data[1] != MAGIC_1) {
            throw new IOException("neither a queued call's frame nor its JSON");
        }
        if (data[2] > VERSION) {
            throw new Newer("a queued call's frame of version " + data[2] + ", this gateway reads up to "
                    + VERSION + " (and JSON)");
        }
        if (data[2] != VERSION) {
            throw new IOException("a queued call's frame of version " + data[2]);
        }
        try {
            ByteBuffer frame = ByteBuffer.wrap(data, 3, data.length - 3);
            int attempt = frame.getInt();
            long notBefore = frame.getLong();
            int redrives = frame.getInt();
            String function = string(frame);
            String method = string(frame);
            String path = string(frame);
            String query = string(frame);
            String callback = string(frame);
            String callId = string(frame);
            int names = frame.getInt();
            if (names < NULL) {
                throw new IOException("a header count of " + names);
            }
            Map<String, List<String>> header = null;
            if (names != NULL) {
                header = new LinkedHashMap<>(Math.max(4, Math.min(names, frame.remaining() / 8) * 2));
                for (int i = 0; i < names; i++) {
                    String name = string(frame);
                    int count = length(frame);
                    List<String> values = new ArrayList<>(Math.min(count, frame.remaining() / 4));
                    for (int j = 0; j < count; j++) {
                        values.add(string(frame));
                    }
                    header.put(name, values);
                }
            }
            byte[] body = bytes(frame);
            if (frame.hasRemaining()) {
                throw new IOException(frame.remaining() + " bytes after the body");
            }
            if (function == null || method == null || callId == null) {
                throw new IOException("no function, method or call id");
            }
            return new QueuedCall(function, method, path, query, header, body, callback, callId, attempt, notBefore,
                    redrives);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("a queued call's frame cut short or malformed: " + e, e);
        }
    }

    /** A frame of a later jfaas: not to be dropped, but left for a worker that reads it. */
    static final class Newer extends IOException {
        Newer(String message) {
            super(message);
        }
    }

    private static int add(List<byte[]> strings, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        strings.add(bytes);
        return 4 + (bytes == null ? 0 : bytes.length);
    }

    private static void put(ByteBuffer frame, byte[] bytes) {
        if (bytes == null) {
            frame.putInt(NULL);
        } else {
            frame.putInt(bytes.length).put(bytes);
        }
    }

    private static int length(ByteBuffer frame) {
        int length = frame.getInt();
        if (length < NULL || length > frame.remaining()) {
            throw new IllegalArgumentException("a length of " + length + " with " + frame.remaining() + " bytes left");
        }
        return length;
    }

    private static byte[] bytes(ByteBuffer frame) {
        int length = length(frame);
        if (length == NULL) {
            return null;
        }
        byte[] bytes = new byte[length];
        frame.get(bytes);
        return bytes;
    }

    private static String string(ByteBuffer frame) {
        int length = length(frame);
        if (length == NULL) {
            return null;
        }
        String value = new String(frame.array(), frame.arrayOffset() + frame.position(), length,
                StandardCharsets.UTF_8);
        frame.position(frame.position() + length);
        return value;
    }
}
