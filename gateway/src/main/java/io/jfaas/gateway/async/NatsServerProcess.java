package io.jfaas.gateway.async;

import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.gateway.ChildProcesses;
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
 * and log in one directory. Stopped with SIGTERM, so it flushes its store. Every client must log in: the gateway as
 * user {@code gateway} (anything), replicas as user {@code function}, which may only serve calls (subscribe to
 * {@code jfaas.invoke.>} and answer them), not queue calls or read the streams. The passwords are made once per store
 * (so a server started again on it takes the clients that were connected) and kept, with the configuration, in files
 * only the gateway's user can read.
 */
final class NatsServerProcess implements AutoCloseable {

    static final String PID_FILE = "nats-server.pid";

    static final String AUTH_FILE = "auth.conf";
    static final String PASSWORDS_FILE = "passwords";
    static final String FUNCTION_USER = "function";

    private final Process process;
    private final int port;
    private final Path dir;
    private final String gatewayPassword;
    private final String functionPassword;

    private NatsServerProcess(Process process, int port, Path dir, String gatewayPassword, String functionPassword) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.gatewayPassword = gatewayPassword;
        this.functionPassword = functionPassword;
    }

    /** The server's users and what each may do. */
    static String authConfig(String gatewayPassword, String functionPassword) {
        return "authorization {\n  users = [\n"
                + "    {user: \"gateway\", password: \"" + gatewayPassword + "\"}\n"
                + "    {user: \"" + FUNCTION_USER + "\", password: \"" + functionPassword + "\", permissions: {\n"
                + "      publish: {deny: \">\"}\n"
                + "      subscribe: {allow: [\"" + NatsEnvelope.SUBJECT_PREFIX + ">\"]}\n"
                + "      allow_responses: true\n"
                + "    }}\n  ]\n}\n";
    }

    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    /** The gateway's and the function user's passwords of this store: read, or made and kept the first time. */
    private static List<String> passwords(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            List<String> kept = Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
            if (kept.size() == 2 && kept.stream().allMatch(p -> p.matches("[A-Za-z0-9_-]{16,}"))) {
                return kept;
            }
            Files.delete(file);
        }
        List<String> made = List.of(password(), password());
        Files.createFile(file, OWNER_ONLY);
        Files.writeString(file, made.get(0) + "\n" + made.get(1) + "\n");
        return made;
    }

    private static String password() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    /**
     * Starts the server on {@code port} (0: a free one) and returns once it accepts connections. A server that a
     * killed gateway left running on the same store (its pid file says so) is stopped first.
     */
    static NatsServerProcess start(Path program, Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        stopOrphan(dir.resolve(PID_FILE));
        int chosen = port == 0 ? freePort() : port;
        List<String> passwords = passwords(dir.resolve(PASSWORDS_FILE));
        String gatewayPassword = passwords.get(0);
        String functionPassword = passwords.get(1);
        Path auth = dir.resolve(AUTH_FILE);
        Files.deleteIfExists(auth);
        Files.createFile(auth, OWNER_ONLY);
        Files.writeString(auth, authConfig(gatewayPassword, functionPassword));
        ProcessBuilder builder = new ProcessBuilder(List.of(program.toString(), "-c", auth.toString(), "-a",
                "127.0.0.1", "-p", Integer.toString(chosen), "-js", "-sd", dir.toString(), "-l",
                dir.resolve("nats-server.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats-server.out").toFile()));
        Process process = ChildProcesses.start(builder, ChildProcesses.OnGatewayDeath.TERM);
        NatsServerProcess server = new NatsServerProcess(process, chosen, dir, gatewayPassword, functionPassword);
        Files.writeString(dir.resolve(PID_FILE), process.pid() + " "
                + process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L) + "\n");
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

    /** The gateway's URL: with its credentials. */
    String url() {
        return "nats://gateway:" + gatewayPassword + "@127.0.0.1:" + port;
    }

    /** The URL replicas serve calls at: with the credentials of the {@code function} user. */
    String functionUrl() {
        return "nats://" + FUNCTION_USER + ":" + functionPassword + "@127.0.0.1:" + port;
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
        stop(process.toHandle());
        try {
            Files.deleteIfExists(dir.resolve(PID_FILE));
        } catch (IOException ignored) {
            // the next start checks the process behind it anyway
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the nats-server named by a pid file, if it still runs (the same process: same start time). */
    private static void stopOrphan(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            String[] fields = Files.readString(pidFile).trim().split("\\s+");
            long start = fields.length > 1 ? Long.parseLong(fields[1]) : -1;
            ProcessHandle.of(Long.parseLong(fields[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-2L) == start)
                    .filter(p -> p.info().command().map(c -> c.endsWith("nats-server")).orElse(false))
                    .ifPresent(orphan -> {
                        java.util.logging.Logger.getLogger(NatsServerProcess.class.getName()).info(
                                "stopping nats-server " + orphan.pid() + ", left running by a previous gateway");
                        stop(orphan);
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | RuntimeException e) {
            // an unreadable pid file names nothing to stop
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
