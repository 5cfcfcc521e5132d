package io.jfaas.bench;

import io.jfaas.contracts.WatchdogSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server process the benchmarks start: a java command line and its environment, started on a free loopback
 * port given in {@code port}, as the local provider starts replicas.
 *
 * @param name what the results call it
 * @param jvmOptions options before the classpath (caches go here)
 * @param classpath the classpath
 * @param mainClass the main class
 * @param env extra environment
 */
record Server(String name, List<String> jvmOptions, String classpath, String mainClass, Map<String, String> env) {

    static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    Server withOptions(String newName, List<String> extra) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(extra);
        return new Server(newName, options, classpath, mainClass, env);
    }

    /** A started server. */
    record Running(Process process, int port) implements AutoCloseable {

        /** CPU time the server has used so far. */
        java.time.Duration cpu() {
            return Cpu.of(process.toHandle());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
    }

    Running start() throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("port", Integer.toString(port));
        builder.environment().putAll(environment);
        return new Running(builder.start(), port);
    }

    /** The watchdog serving the benchmarks' hello handler, started as the local provider starts a replica. */
    static Server helloWatchdog(String name, Path gatewayDist, Path functionJar, Path work) {
        String classpath = String.join(java.io.File.pathSeparator,
                gatewayDist.resolve("watchdog/*").toString(), functionJar.toString());
        return new Server(name, List.of(), classpath, "io.jfaas.watchdog.Watchdog",
                Map.of(WatchdogSettings.BIND_ADDRESS, "127.0.0.1", WatchdogSettings.HANDLER_CLASS,
                        io.jfaas.bench.hello.Handler.class.getName(), WatchdogSettings.METRICS_PORT, "0",
                        WatchdogSettings.TMPDIR, work.toString(), WatchdogSettings.HEALTHCHECK_INTERVAL, "0"));
    }

    /** Waits up to a minute for {@code GET path} to answer 200; {@code what} names it in the failure. */
    static void await200(int port, String path, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!answers200(port, path)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " did not answer GET " + path + " with 200 within a minute");
            }
            Thread.sleep(10);
        }
    }

    /** Whether {@code GET path} answers 200 now. */
    static boolean answers200(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes(12);
            return new String(status, StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
