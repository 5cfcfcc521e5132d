package io.jfaas.gateway.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts what a process prints into log lines, as container log drivers do: at each newline, and a line longer than
 * {@link #MAX_LINE} bytes is split into pieces of at most that (never inside a UTF-8 character). It holds at most one
 * piece in memory whatever is printed, bytes that are not UTF-8 become U+FFFD, and a failure to record one line
 * loses that line only: the process's output is read to its end, so a child never blocks on a full pipe.
 */
final class OutputLines {

    /** The longest piece of a line, in bytes (Docker's json-file driver splits at 16 KiB too). */
    static final int MAX_LINE = 16 * 1024;

    private OutputLines() {
    }

    /**
     * Reads {@code stream} to its end, giving each line to {@code line} and calling {@code idle} when nothing more is
     * waiting to be read (for the caller to flush).
     */
    static void read(InputStream stream, Consumer<String> line, Runnable idle) throws IOException {
        byte[] buffer = new byte[8192];
        byte[] pending = new byte[MAX_LINE];
        int length = 0;
        for (int n = stream.read(buffer); n >= 0; n = stream.read(buffer)) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    emit(line, pending, length > 0 && pending[length - 1] == '\r' ? length - 1 : length);
                    length = 0;
                    continue;
                }
                if (length == MAX_LINE) {
                    int cut = boundary(pending, length);
                    emit(line, pending, cut);
                    System.arraycopy(pending, cut, pending, 0, length - cut);
                    length -= cut;
                }
                pending[length++] = b;
            }
            if (stream.available() == 0) {
                safely(idle);
            }
        }
        if (length > 0) {
            emit(line, pending, length);
        }
        safely(idle);
    }

    /** Where to cut {@code length} bytes so that no UTF-8 character is split: before a trailing incomplete one. */
    static int boundary(byte[] bytes, int length) {
        int start = length - 1;
        // back over continuation bytes (10xxxxxx) to the lead byte of the last character, at most 3
        while (start > 0 && length - start < 4 && (bytes[start] & 0xC0) == 0x80) {
            start--;
        }
        int lead = bytes[start] & 0xFF;
        int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + size <= length || start == 0 ? length : start;
    }

    private static void emit(Consumer<String> line, byte[] bytes, int length) {
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        try {
            line.accept(text);
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError fatal && !(e instanceof OutOfMemoryError)) {
                throw fatal;
            }
            // this line is lost; the output is still read on
        }
    }

    private static void safely(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // a flush that failed is reported by the log itself
        }
    }
}
