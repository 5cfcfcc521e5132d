package io.jfaas.gateway.invoke;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An HTTP head being written by the {@link FunctionRelay}: plain stores into one array that each event loop reuses for
 * every head it writes, then copied once into a buffer of the exact size (writing byte by byte into a pooled buffer
 * costs a call per byte). Touched only on its event loop; a head that made it grow past {@link #KEPT} bytes does not
 * keep the array that large.
 */
final class HeadBytes {

    /** The most bytes the array keeps between heads. */
    static final int KEPT = 16 * 1024;
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final ThreadLocal<HeadBytes> PER_LOOP = ThreadLocal.withInitial(HeadBytes::new);

    private static final int START = 1024;

    private byte[] bytes;
    private int length;

    /** An event loop's (see {@link #ofThisLoop}). */
    HeadBytes() {
        this(START);
    }

    /** One for a single small head or line of about {@code size} bytes. */
    HeadBytes(int size) {
        bytes = new byte[size];
    }

    /** The calling event loop's (its relays take it once, when a connection is added). */
    static HeadBytes ofThisLoop() {
        return PER_LOOP.get();
    }

    /** Starts a new head. */
    HeadBytes reset() {
        if (bytes.length > KEPT) {
            bytes = new byte[START];
        }
        length = 0;
        return this;
    }

    HeadBytes add(byte[] more) {
        return add(more, 0, more.length);
    }

    HeadBytes add(byte[] more, int from, int to) {
        int n = to - from;
        ensure(n);
        System.arraycopy(more, from, bytes, length, n);
        length += n;
        return this;
    }

    HeadBytes add(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** The characters of {@code text} from {@code from} to {@code to}, one byte each (text read as ISO-8859-1). */
    HeadBytes chars(String text, int from, int to) {
        int n = to - from;
        ensure(n);
        byte[] into = bytes;
        int at = length;
        for (int i = from; i < to; i++) {
            into[at++] = (byte) text.charAt(i);
        }
        length = at;
        return this;
    }

    HeadBytes chars(String text) {
        return chars(text, 0, text.length());
    }

    HeadBytes crlf() {
        ensure(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
        return this;
    }

    /** A header line: {@code nameColonSpace} (the name, a colon and a space, as bytes), the value, CRLF. */
    HeadBytes header(byte[] nameColonSpace, String value) {
        return add(nameColonSpace).chars(value).crlf();
    }

    /** A header line copied from {@code source}: the name in canonical form, then its value as it is. */
    HeadBytes header(byte[] source, int nameFrom, int nameTo, int valueFrom, int valueTo) {
        return canonical(source, nameFrom, nameTo).add(COLON_SPACE).add(source, valueFrom, valueTo).crlf();
    }

    /** A header name in Go's canonical form, as {@link ProxyHeaders#canonical} writes it, from bytes. */
    HeadBytes canonical(byte[] source, int from, int to) {
        ensure(to - from);
        byte[] into = bytes;
        int at = length;
        boolean upper = true;
        for (int i = from; i < to; i++) {
            byte b = source[i];
            if (upper && b >= 'a' && b <= 'z') {
                b -= 32;
            } else if (!upper && b >= 'A' && b <= 'Z') {
                b += 32;
            }
            into[at++] = b;
            upper = b == '-';
        }
        length = at;
        return this;
    }

    int length() {
        return length;
    }

    /** The array's size now (for tests of the bound). */
    int capacity() {
        return bytes.length;
    }

    /** The head as an array of its own. */
    byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** The head as a buffer of its own, with room for {@code more} bytes after it. */
    ByteBuf toBuffer(ByteBufAllocator allocator, int more) {
        return allocator.buffer(length + more).writeBytes(bytes, 0, length);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
