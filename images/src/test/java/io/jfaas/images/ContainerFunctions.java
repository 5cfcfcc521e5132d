package io.jfaas.images;

import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.jfaas.imagebuilder.ImageLayout;
import io.jfaas.imagebuilder.Images;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What the container runtime's tests share: an OpenFaaS-style function image with the classic {@code fprocess}
 * contract, built offline on the function runtime base and loaded into podman (and removed again, leaving no image
 * behind), and the packaged gateway run as a process.
 */
final class ContainerFunctions {

    static final String USER = "admin";
    static final String PASSWORD = "s3cret";
    static final String PROBE_CLASSES = "/home/app/probe";
    /** The probe's command line: the image's {@code fprocess}. Its heap may outgrow any container limit. */
    static final String FPROCESS = ImageLayout.JAVA + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx1g -cp "
            + PROBE_CLASSES + " " + ProbeFunction.class.getName();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ContainerFunctions() {
    }

    /** A unique tag for one test class's probe image. */
    static String probeTag() {
        return "localhost/jfaas-test/probe:" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Builds the probe image (the function runtime base plus {@link ProbeFunction}) into a tar, and loads it. */
    static void loadProbe(String tag, Path work) throws Exception {
        Path tar = work.resolve("probe.tar");
        Images.toTar(probe(), tar, tag, work.resolve("jib"), line -> { });
        Programs.Run loaded = Programs.podman("load", "-i", tar.toString());
        if (loaded.exit() != 0) {
            throw new AssertionError("podman load failed: " + loaded.out());
        }
        Files.delete(tar);
    }

    /** The probe image: the function runtime base, {@link ProbeFunction}, and {@code fprocess} running it. */
    static JibContainerBuilder probe() throws Exception {
        Path classes = Path.of(ProbeFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String classFile = ProbeFunction.class.getName().replace('.', '/') + ".class";
        JibContainerBuilder builder = Jib.from(TarImage.at(Programs.IMAGES.resolve("function-runtime.tar")))
                .setFormat(ImageFormat.Docker)
                .setCreationTime(Instant.EPOCH)
                .addFileEntriesLayer(FileEntriesLayer.builder().setName("probe")
                        .addEntry(classes.resolve(classFile), AbsoluteUnixPath.get(PROBE_CLASSES + "/" + classFile))
                        .build())
                .addEnvironmentVariable("fprocess", FPROCESS);
        return builder;
    }

    /** Removes the probe image (by tag: the image goes, no dangling image stays). */
    static void removeProbe(String tag) throws Exception {
        Programs.podman("rmi", "--force", tag);
    }

    /** The containers, running or not, of the gateway with this state directory. */
    static List<String> containersOf(Path stateDir) throws Exception {
        Programs.Run ps = Programs.podman("ps", "--all", "--format", "{{.Names}}", "--filter",
                "label=com.jfaas.state-dir=" + stateDir);
        return ps.out().lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("time="))
                .toList();
    }

    /** A gateway of the packaged distribution, its output in {@code log}. */
    record Gateway(Process process, int port, Path stateDir, Path log) {

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(120))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
            if (body != null) {
                request.header("Content-Type", path.startsWith("/system") ? "application/json" : "text/plain");
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Stops it (SIGTERM) and waits for it. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** Starts the packaged gateway in local mode on a free port, with its state in {@code dir/state}. */
    static Gateway startGateway(Path dir, Map<String, String> extra) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), USER);
        Files.writeString(secrets.resolve("basic-auth-password"), PASSWORD);
        Path state = dir.resolve("state");
        int port = Programs.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", dir.toString());
        env.put("port", Integer.toString(port));
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("JFAAS_STATE_DIR", state.toString());
        env.put("secret_mount_path", secrets.toString());
        env.put("JFAAS_IMAGE_STORE", dir.resolve("images").toString());
        env.put("JFAAS_STARTUP_CACHE", "false");
        env.put("JFAAS_AUTOSCALE", "false");
        env.put("JFAAS_NATS_SERVER", "off");
        env.put("JFAAS_READY_TIMEOUT", "90s");
        env.putAll(extra);
        Path log = dir.resolve("gateway-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(Programs.JAVA, "-jar",
                Programs.GATEWAY.resolve("gateway.jar").toString()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                // the gateway is gone
            }
        });
        Gateway gateway = new Gateway(process, port, state, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                if (gateway.send("GET", "/healthz", null).statusCode() == 200) {
                    return gateway;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the gateway did not start: " + (Files.exists(log) ? Files.readString(log)
                        : "no output"));
            }
            Thread.sleep(100);
        }
    }
}
