package io.jfaas.gateway.async;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function for the async tests that counts its calls per {@code X-Call-Id}: {@code /fail-times/N} answers 503 to
 * the first N calls of a call id, then 200; {@code /status/NNN} always answers NNN; {@code /until-healed} answers 503
 * until {@link #heal()}; {@code /echo-status/NNN} answers NNN with the body echoed; {@code /sleep/MS} answers 200 after MS milliseconds; anything else echoes the body with 200.
 * Every answer carries {@code X-Function-Header: yes}. The headers {@code X-Script-Status: NNN} and
 * {@code X-Script-Sleep: MS} do the same as those paths, for callers that cannot choose the path (the connector).
 */
public final class ScriptedFunction implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<com.sun.net.httpserver.Headers> requestHeaders = new CopyOnWriteArrayList<>();
    private volatile boolean healed;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private final Map<String, AtomicInteger> runningByPath = new ConcurrentHashMap<>();
    private final Map<String, Integer> mostRunningByPath = new ConcurrentHashMap<>();

    private ScriptedFunction(HttpServer server) {
        this.server = server;
    }

    public static ScriptedFunction start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        ScriptedFunction function = new ScriptedFunction(server);
        server.createContext("/", function::handle);
        server.start();
        return function;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many times a call id reached the function. */
    public int calls(String callId) {
        AtomicInteger count = calls.get(callId);
        return count == null ? 0 : count.get();
    }

    /** The call ids seen, at least once each. */
    java.util.Set<String> callIds() {
        return calls.keySet();
    }

    /** "METHOD PATH?QUERY" of every call, in order. */
    public List<String> requests() {
        return requests;
    }

    /** The most calls that ran at the same time. */
    public int mostRunning() {
        return mostRunning.get();
    }

    /** The most calls to one path prefix (the text before the second slash) that ran at the same time. */
    public int mostRunning(String prefix) {
        return mostRunningByPath.getOrDefault(prefix, 0);
    }

    /** The headers of every call, in order. */
    public List<com.sun.net.httpserver.Headers> requestHeaders() {
        return requestHeaders;
    }

    void heal() {
        healed = true;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String callId = exchange.getRequestHeaders().getFirst("X-Call-Id");
        int count = calls.computeIfAbsent(String.valueOf(callId), id -> new AtomicInteger()).incrementAndGet();
        String path = exchange.getRequestURI().getRawPath();
        requestHeaders.add(exchange.getRequestHeaders());
        String scriptStatus = exchange.getRequestHeaders().getFirst("X-Script-Status");
        String scriptSleep = exchange.getRequestHeaders().getFirst("X-Script-Sleep");
        if (scriptStatus != null) {
            path = "/status/" + scriptStatus.trim();
        } else if (scriptSleep != null) {
            path = "/sleep/" + scriptSleep.trim();
        }
        String query = exchange.getRequestURI().getRawQuery();
        requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = 200;
        if (path.startsWith("/fail-times/")) {
            status = count <= Integer.parseInt(path.substring("/fail-times/".length())) ? 503 : 200;
        } else if (path.startsWith("/status/")) {
            status = Integer.parseInt(path.substring("/status/".length()));
        } else if (path.startsWith("/echo-status/")) {
            status = Integer.parseInt(path.substring("/echo-status/".length()));
        } else if (path.equals("/until-healed")) {
            status = healed ? 200 : 503;
        } else if (path.startsWith("/sleep/")) {
            String prefix = exchange.getRequestHeaders().getFirst("X-Group");
            AtomicInteger group = runningByPath.computeIfAbsent(String.valueOf(prefix), p -> new AtomicInteger());
            int now = running.incrementAndGet();
            mostRunning.accumulateAndGet(now, Math::max);
            int inGroup = group.incrementAndGet();
            mostRunningByPath.merge(String.valueOf(prefix), inGroup, Math::max);
            try {
                Thread.sleep(Long.parseLong(path.substring("/sleep/".length()))); // the function's own work
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                group.decrementAndGet();
                running.decrementAndGet();
            }
        }
        byte[] answer = status == 200 || path.startsWith("/echo-status/") ? body : ("status " + status).getBytes();
        exchange.getResponseHeaders().set("X-Function-Header", "yes");
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
