package io.jfaas.gateway.invoke;

import java.io.IOException;
import java.io.InputStream;

/** Reading HTTP/1.1 off a plain socket, for the tests that play a client or a function byte by byte. */
final class RawHttp {

    private RawHttp() {
    }

    /** What arrives up to and including {@code marker}, or until the connection closes. */
    static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(marker)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            seen.append((char) b);
        }
        return seen.toString();
    }
}
