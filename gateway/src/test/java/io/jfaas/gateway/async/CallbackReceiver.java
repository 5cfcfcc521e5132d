package io.jfaas.gateway.async;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Receives callbacks and keeps them; answers 500 to the first {@code failFirst} of them. */
final class CallbackReceiver implements AutoCloseable {

    record Callback(Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Callback> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failFirst;

    private CallbackReceiver(HttpServer server, int failFirst) {
        this.server = server;
        this.failFirst = new AtomicInteger(failFirst);
    }

    static CallbackReceiver start(int failFirst) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        CallbackReceiver receiver = new CallbackReceiver(server, failFirst);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/done";
    }

    List<Callback> received() {
        return received;
    }

    Optional<Callback> forCall(String callId) {
        return received.stream().filter(c -> callId.equals(c.header("X-Call-Id"))).reduce((a, b) -> b);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes());
        received.add(new Callback(Map.copyOf(exchange.getRequestHeaders()), body));
        int status = failFirst.getAndDecrement() > 0 ? 500 : 200;
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
