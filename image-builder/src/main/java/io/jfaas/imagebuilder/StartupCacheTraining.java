package io.jfaas.imagebuilder;

import io.jfaas.contracts.WatchdogEndpoints;
import io.jfaas.contracts.WatchdogSettings;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Trains a function image's start-up cache (the JDK's AOT cache) when the image is built: the function runtime
 * base is unpacked, the function's jars are put where the image has them, with the image's file times, and the
 * watchdog starts with the function from the base's own Java runtime, exactly as the image's entrypoint would. When
 * it is ready its health endpoint is asked a few times (the HTTP path); the handler is never called (it may have
 * effects). Stopping it makes the JVM write the cache. The JVM accepts the cache in the image because the runtime,
 * the jars, their order and times and the JVM options are the same (the classpath's folder may differ).
 */
public final class StartupCacheTraining {

    private static final int HEALTH_CALLS = 20;
    private static final long READY_TIMEOUT_SECONDS = 60;

    private StartupCacheTraining() {
    }

    /**
     * Trains a cache.
     *
     * @param base the function runtime base
     * @param jars the function's jar first, then its libraries (as {@link Images#function} puts them)
     * @param workDir an empty scratch folder (the base is unpacked there)
     * @param cache where the cache goes
     * @param progress a line per step
     * @throws IOException when the function does not become ready (its output is in the message) or no cache is made
     */
    public static void train(ImageTar base, List<Path> jars, Path workDir, Path cache, Consumer<String> progress)
            throws IOException {
        Path root = workDir.resolve("root").toAbsolutePath();
        progress.accept("  unpacking the function runtime base");
        base.unpack(root);
        List<String> classpath = Images.functionClasspath(Images.watchdogClasspath(base), jars);
        // where the image has the function's jars, in the same order as the jars
        List<String> functionPaths = Images.functionClasspath(List.of(), jars);
        for (int i = 0; i < jars.size(); i++) {
            Path inImage = root.resolve(functionPaths.get(i).substring(1));
            Files.createDirectories(inImage.getParent());
            Files.copy(jars.get(i), inImage, StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(inImage,
                    FileTime.from(com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
        }
        Path output = cache.toAbsolutePath();
        Files.createDirectories(output.getParent());
        Files.deleteIfExists(output);
        List<String> command = ImageLayout.watchdogCommand(root + ImageLayout.JAVA_HOME,
                classpath.stream().map(entry -> root + entry).toList(), List.of("-XX:AOTCacheOutput=" + output));
        int port = freePort();
        Path log = workDir.resolve("training.log");
        Path home = Files.createDirectories(workDir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", home.toString(), WatchdogSettings.TMPDIR, home.toString(),
                WatchdogSettings.PORT, Integer.toString(port), WatchdogSettings.METRICS_PORT,
                Integer.toString(freePort()), WatchdogSettings.BIND_ADDRESS, "127.0.0.1",
                WatchdogSettings.HEALTHCHECK_INTERVAL, "0", "LANG", "C.UTF-8"));
        progress.accept("  training the start-up cache: starting the function once");
        Process process = builder.start();
        try {
            if (!awaitReady(process, port)) {
                process.destroyForcibly();
                throw new IOException("the function did not become ready for training its start-up cache:\n"
                        + tail(log));
            }
            for (int i = 0; i < HEALTH_CALLS; i++) {
                status(port, WatchdogEndpoints.HEALTH);
            }
            process.destroy();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("the training run did not stop in 3 minutes:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training the start-up cache", e);
        }
        if (!Files.isRegularFile(output)) {
            throw new IOException("the training run wrote no start-up cache (exit " + process.exitValue() + "):\n"
                    + tail(log));
        }
    }

    private static boolean awaitReady(Process process, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (status(port, WatchdogEndpoints.READY) == 200) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static int status(int port, String path) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            int status = connection.getResponseCode();
            (status < 400 ? connection.getInputStream() : connection.getErrorStream()).readAllBytes();
            connection.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
