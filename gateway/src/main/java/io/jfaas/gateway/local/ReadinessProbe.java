package io.jfaas.gateway.local;

import io.jfaas.contracts.WatchdogEndpoints;
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

    private static final byte[] REQUEST = ("GET " + WatchdogEndpoints.READY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: jfaas-probe\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final int TIMEOUT_MILLIS = 1000;

    private ReadinessProbe() {
    }

    private static final byte[] HEALTH = ("GET " + WatchdogEndpoints.HEALTH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: jfaas-probe\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    /** True when the replica answers 200; false when it refuses, fails or answers anything else. */
    static boolean isReady(int port) {
        return answers200(port, REQUEST, TIMEOUT_MILLIS);
    }

    /** True when the replica's {@code /_/health} answers 200 within {@code timeoutMillis} (the liveness check). */
    static boolean isHealthy(int port, int timeoutMillis) {
        return answers200(port, HEALTH, timeoutMillis);
    }

    private static boolean answers200(int port, byte[] request, int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] statusLine = new byte[12];
            int read = 0;
            while (read < statusLine.length) {
                int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout(left);
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
