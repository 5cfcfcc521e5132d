package io.jfaas.gateway.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.gateway.async.TestNats;
import io.jfaas.model.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nats-server with JetStream and no users, with a small {@code max_payload}, for the connector's tests; its
 * monitoring endpoint tells who is connected.
 */
final class ConnectorNats implements AutoCloseable {

    private final Path dir;
    private final int maxPayload;
    private final int port;
    private final int monitorPort;
    private Process process;

    private ConnectorNats(Path dir, int maxPayload, int port, int monitorPort) {
        this.dir = dir;
        this.maxPayload = maxPayload;
        this.port = port;
        this.monitorPort = monitorPort;
    }

    static ConnectorNats start(Path dir, int maxPayload) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ConnectorNats nats = new ConnectorNats(dir, maxPayload, freePort(), freePort());
        nats.run();
        return nats;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts the server on its port and store, and returns once it listens. */
    private void run() throws IOException, InterruptedException {
        Path program = TestNats.program();
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: " + maxPayload + "\n");
        process = new ProcessBuilder(List.of(program.toString(), "-c", conf.toString(), "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-m", Integer.toString(monitorPort), "-js",
                "-sd", dir.resolve("store").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log")
                        .toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    close();
                    throw new IOException("nats-server did not listen on " + port + ": see " + dir.resolve("nats.log"));
                }
                Thread.sleep(50); // polling a port the child opens
            }
        }
    }

    /** Stops the server and starts it again on the same port and store: its clients are cut off and reconnect. */
    void restart() throws IOException, InterruptedException {
        close();
        run();
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The names of the client connections the server has now (an unnamed one as ""), from its {@code /connz}. */
    List<String> connectionNames() throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPort + "/connz"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> names = new ArrayList<>();
            for (JsonNode connection : Json.newMapper().readTree(body).path("connections")) {
                names.add(connection.path("name").asText(""));
            }
            return names;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
