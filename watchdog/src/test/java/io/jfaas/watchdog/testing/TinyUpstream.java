package io.jfaas.watchdog.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A program in http mode's place: listens on the port given as its argument and answers "upstream saw METHOD PATH
 * BODY"; {@code /exit} makes it exit with code 3 (its parent watchdog must then exit too).
 */
public final class TinyUpstream {

    private TinyUpstream() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/exit")) {
                System.exit(3);
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = ("upstream saw " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("X-Upstream", "tiny");
            exchange.sendResponseHeaders(201, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        System.out.println("tiny upstream listening on " + args[0]);
    }
}
