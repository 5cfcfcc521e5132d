package io.jfaas.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A stand-in function for gateway tests: a JDK HTTP server on a loopback port that tells what it received in
 * {@code X-Echo-*} headers and echoes the body. {@code /redirect} answers 302; {@code /status/NNN} answers NNN;
 * {@code /mixed-case} answers a header in odd case; {@code /hang} never answers (until the function is closed);
 * {@code /events} sends one server-sent event, then a second once the test calls {@link #releaseEvent()};
 * {@code /count} answers "BYTES CRC32" of the body it reads; {@code /generate/N} answers N bytes of a pattern
 * (64 KiB blocks filled with 0, 1, 2, ...); neither holds more than 64 KiB.
 */
public final class EchoFunction implements AutoCloseable {

    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.Semaphore events = new java.util.concurrent.Semaphore(0);
    private final java.util.concurrent.atomic.AtomicInteger open = new java.util.concurrent.atomic.AtomicInteger();
    private final HttpServer server;

    private EchoFunction(HttpServer server) {
        this.server = server;
    }

    public static EchoFunction start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        EchoFunction function = new EchoFunction(server);
        server.createContext("/", function::handleCounted);
        server.start();
        return function;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Lets a waiting {@code /events} call send its second event. */
    public void releaseEvent() {
        events.release();
    }

    /** How many calls the function is serving (a call whose caller went away ends when its writing fails). */
    public int openExchanges() {
        return open.get();
    }

    private void handleCounted(HttpExchange exchange) throws IOException {
        open.incrementAndGet();
        try {
            handle(exchange);
        } finally {
            open.decrementAndGet();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (path.equals("/hang")) {
            awaitQuietly(closed);
            exchange.close();
            return;
        }
        if (path.equals("/events")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("data: one\n\n".getBytes());
            out.flush();
            try {
                events.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("data: two\n\n".getBytes());
            out.close();
            return;
        }
        if (path.equals("/count")) {
            long count = 0;
            CRC32 checksum = new CRC32();
            try (var in = exchange.getRequestBody()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    count += n;
                    checksum.update(buffer, 0, n);
                }
            }
            byte[] answer = (count + " " + checksum.getValue()).getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
            return;
        }
        if (path.startsWith("/generate/")) {
            long total = Long.parseLong(path.substring("/generate/".length()));
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, total);
            try (OutputStream out = exchange.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                int round = 0;
                for (long left = total; left > 0; left -= chunk.length) {
                    java.util.Arrays.fill(chunk, (byte) round++);
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        var headers = exchange.getResponseHeaders();
        headers.set("X-Echo-Method", exchange.getRequestMethod());
        headers.set("X-Echo-Path", path);
        headers.set("X-Echo-Query", String.valueOf(exchange.getRequestURI().getRawQuery()));
        exchange.getRequestHeaders().forEach((name, values) -> headers.set("X-Echo-Header-" + name,
                String.join(",", values)));
        if (path.equals("/redirect")) {
            headers.set("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        int status = path.startsWith("/status/") ? Integer.parseInt(path.substring("/status/".length())) : 200;
        headers.set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        events.release(1000);
        server.stop(0);
    }
}
