package io.jfaas.gateway.connector;

import io.jfaas.gateway.async.TestNats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real nats-server with JetStream and no users, with a small {@code max_payload}, for the connector's tests. */
final class ConnectorNats implements AutoCloseable {

    private final Process process;
    private final int port;

    private ConnectorNats(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ConnectorNats start(Path dir, int maxPayload) throws IOException, InterruptedException {
        Path program = TestNats.program();
        Files.createDirectories(dir);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, "max_payload: " + maxPayload + "\n");
        Process process = new ProcessBuilder(List.of(program.toString(), "-c", conf.toString(), "-a", "127.0.0.1",
                "-p", Integer.toString(port), "-js", "-sd", dir.resolve("store").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats.log").toFile()).start();
        ConnectorNats nats = new ConnectorNats(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return nats;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    nats.close();
                    throw new IOException("nats-server did not listen on " + port + ": see " + dir.resolve("nats.log"));
                }
                Thread.sleep(50); // polling a port the child opens
            }
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
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
