package io.jfaas.gateway.async;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@code nats-server} with JetStream that a local gateway runs as its child, listening on loopback only, its store
 * and log in one directory. Stopped with SIGTERM, so it flushes its store.
 */
final class NatsServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private NatsServerProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /** The program, if it names an executable file or one on the PATH. */
    static Optional<Path> find(String program) {
        if (program.isBlank() || program.equalsIgnoreCase(AsyncConfig.OFF)) {
            return Optional.empty();
        }
        if (program.contains(File.separator)) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVar = System.getenv().getOrDefault("PATH", "");
        for (String entry : (pathVar + File.pathSeparator + "/usr/sbin" + File.pathSeparator + "/usr/local/sbin")
                .split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return Optional.of(Path.of(entry, program));
            }
        }
        return Optional.empty();
    }

    /** Starts the server on {@code port} (0: a free one) and returns once it accepts connections. */
    static NatsServerProcess start(Path program, Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        int chosen = port == 0 ? freePort() : port;
        Process process = new ProcessBuilder(List.of(program.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(chosen), "-js", "-sd", dir.toString(), "-l", dir.resolve("nats-server.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats-server.out").toFile()))
                .start();
        NatsServerProcess server = new NatsServerProcess(process, chosen, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(program + " exited with " + process.exitValue() + " (see "
                        + dir.resolve("nats-server.log") + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), chosen), 200);
                return server;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException(program + " did not listen on port " + chosen + " within 15s (see "
                            + dir.resolve("nats-server.log") + ")");
                }
                try {
                    Thread.sleep(50); // polling a port the child opens; there is nothing to wait on
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    server.close();
                    throw new IOException("interrupted while starting " + program, e);
                }
            }
        }
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL after 10 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
