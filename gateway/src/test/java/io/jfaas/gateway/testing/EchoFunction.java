package io.jfaas.gateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/**
 * A stand-in function for gateway tests: a JDK HTTP server on a loopback port that tells what it received in
 * {@code X-Echo-*} headers and echoes the body. {@code /redirect} answers 302; {@code /status/NNN} answers NNN;
 * {@code /mixed-case} answers a header in odd case.
 */
public final class EchoFunction implements AutoCloseable {

    private final HttpServer server;

    private EchoFunction(HttpServer server) {
        this.server = server;
    }

    public static EchoFunction start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", EchoFunction::handle);
        server.start();
        return new EchoFunction(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
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

    @Override
    public void close() {
        server.stop(0);
    }
}
