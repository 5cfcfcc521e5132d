package io.jfaas.gateway.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Asks a replica's watchdog {@code GET /_/ready} over a fresh loopback connection. Plain sockets, not an HTTP client:
 * it runs every few milliseconds while a replica starts, so it must cost next to nothing.
 */
final class ReadinessProbe {

    private static final byte[] REQUEST = ("GET /_/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: jfaas-probe\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MILLIS = 1000;

    private ReadinessProbe() {
    }

    /** True when the replica answers 200; false when it refuses, fails or answers anything else. */
    static boolean isReady(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = new byte[12];
            int read = 0;
            while (read < statusLine.length) {
                int n = in.read(statusLine, read, statusLine.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            // "HTTP/1.1 200"
            return new String(statusLine, StandardCharsets.US_ASCII).endsWith(" 200");
        } catch (IOException e) {
            return false;
        }
    }
}
