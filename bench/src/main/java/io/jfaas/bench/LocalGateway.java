package io.jfaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jfaas.bench.hello.Handler;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A gateway process in local mode, as the README starts it, with the Java template's hello handler in its image
 * store as {@code bench-hello:latest}; basic auth off, state under the benchmark's work folder.
 */
final class LocalGateway implements AutoCloseable {

    static final String IMAGE = "bench-hello:latest";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path work;

    private LocalGateway(Process process, int port, Path work) {
        this.process = process;
        this.port = port;
        this.work = work;
    }

    /**
     * Starts the gateway with these settings added to the defaults, and waits until it answers. The first start
     * after a build makes the distribution's class data archive first (see {@link #classArchive}).
     */
    static LocalGateway start(Path gatewayDist, Path work, Path functionJar, Map<String, String> settings)
            throws IOException, InterruptedException {
        makeClassArchive(gatewayDist, work.resolve("class-archive-training"), functionJar);
        return startProcess(gatewayDist, work, functionJar, settings);
    }

    private static LocalGateway startProcess(Path gatewayDist, Path work, Path functionJar,
                                             Map<String, String> settings) throws IOException, InterruptedException {
        Files.createDirectories(work);
        new LocalImageStore(work.resolve("images")).store(ImageRef.parse(IMAGE), List.of(functionJar));
        int port = Server.freePort();
        ProcessBuilder builder = processBuilder(gatewayDist)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        Map<String, String> env = new HashMap<>(Map.of(
                "port", Integer.toString(port),
                "basic_auth", "false",
                "JFAAS_METRICS_PORT", "0",
                "JFAAS_STATE_DIR", work.resolve("state").toString(),
                "JFAAS_IMAGE_STORE", work.resolve("images").toString(),
                "HOME", work.toString()));
        env.putAll(settings);
        builder.environment().putAll(env);
        LocalGateway gateway = new LocalGateway(builder.start(), port, work);
        Server.await200(port, "/healthz", "the gateway");
        return gateway;
    }

    /**
     * The gateway started as bin/gateway starts it: by the distribution's launcher ({@code gateway}: jvm.options, the
     * JDK-dependent options, the class data archive) on the benchmark's JDK; a distribution built before there was a
     * launcher (a baseline checkout) with the options of its {@code jvm.options}, if any.
     */
    static ProcessBuilder processBuilder(Path gatewayDist) throws IOException {
        Path launcher = gatewayDist.resolve("gateway");
        if (Files.isRegularFile(launcher)) {
            ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            return builder;
        }
        List<String> command = new java.util.ArrayList<>();
        command.add(Server.JAVA);
        Path options = gatewayDist.resolve("jvm.options");
        if (Files.exists(options)) {
            Files.readAllLines(options).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
        }
        command.addAll(List.of("-jar", gatewayDist.resolve("gateway.jar").toString()));
        return new ProcessBuilder(command);
    }

    /**
     * The class data archive the launcher writes when a gateway of this distribution stops and maps when it starts,
     * for the benchmark's JDK (the launcher's default place).
     */
    static Path classArchive(Path gatewayDist) {
        return gatewayDist.resolve("class-archive").resolve("gateway-" + System.getProperty("java.runtime.version")
                + ".jsa");
    }

    /**
     * Makes the distribution's class data archive unless one newer than its jars, options and launcher is there: a
     * gateway started, given the hello function, called and stopped, as a user's first session with bin/gateway
     * would. So every measured gateway starts as bin/gateway's later starts do, and no two gateways started at once
     * (the async benchmark's) both write it.
     */
    static synchronized void makeClassArchive(Path gatewayDist, Path work, Path functionJar)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(gatewayDist.resolve("gateway")) || newerThanItsInputs(classArchive(gatewayDist),
                gatewayDist)) {
            return;
        }
        System.out.println("gateway: making its class data archive (once after a build, as bin/gateway's first"
                + " start does) ...");
        try (LocalGateway gateway = startProcess(gatewayDist, work, functionJar, Map.of())) {
            gateway.deploy("hello", Map.of());
            for (int call = 0; call < 20; call++) {
                expect(200, gateway.send("POST", "/function/hello", "x"), "a call of hello");
            }
        }
        if (!newerThanItsInputs(classArchive(gatewayDist), gatewayDist)) {
            throw new IllegalStateException("the gateway wrote no class data archive at " + classArchive(gatewayDist)
                    + " (see " + work.resolve("gateway.log") + ")");
        }
    }

    private static boolean newerThanItsInputs(Path archive, Path gatewayDist) throws IOException {
        if (!Files.isRegularFile(archive)) {
            return false;
        }
        java.nio.file.attribute.FileTime made = Files.getLastModifiedTime(archive);
        // what the launcher notes the archive is made from: gateway.jar, lib/*.jar, jvm.options, the launcher
        try (var files = Files.walk(gatewayDist, 2)) {
            return files.filter(file -> file.getParent().equals(gatewayDist) ? Files.isRegularFile(file)
                            : file.getParent().endsWith("lib"))
                    .filter(file -> !file.equals(archive))
                    .allMatch(jar -> {
                        try {
                            return Files.getLastModifiedTime(jar).compareTo(made) < 0;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Deploys the hello image under this name with these labels. */
    void deploy(String name, Map<String, String> labels) throws IOException, InterruptedException {
        deploy(name, labels, Map.of());
    }

    /** Deploys the hello image under this name with these labels and annotations. */
    void deploy(String name, Map<String, String> labels, Map<String, String> annotations)
            throws IOException, InterruptedException {
        deploy(name, IMAGE, labels, annotations);
    }

    /** Deploys an image that runs the hello handler under this name with these labels and annotations. */
    void deploy(String name, String image, Map<String, String> labels, Map<String, String> annotations)
            throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("service", name, "image", image, "labels", labels,
                "annotations", annotations, "envVars", Map.of(WatchdogSettings.HANDLER_CLASS, Handler.class.getName())));
        expect(202, send("POST", "/system/functions", body), "deploy of " + name);
    }

    void scale(String name, int replicas) throws IOException, InterruptedException {
        expect(202, send("POST", "/system/scale-function/" + name, "{\"serviceName\":\"" + name + "\",\"replicas\":"
                + replicas + "}"), "scale of " + name);
    }

    /** Removes a function and waits for the answer (its replicas are stopped by then). */
    void remove(String name) throws IOException, InterruptedException {
        expect(202, send("DELETE", "/system/functions", "{\"functionName\":\"" + name + "\"}"), "removal of "
                + name);
    }

    JsonNode status(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/system/function/" + name, null);
        expect(200, response, "status of " + name);
        return JSON.readTree(response.body());
    }

    /** The replica processes running now: the gateway's children that run the watchdog (not its nats-server). */
    long replicaProcesses() {
        return replicas().count();
    }

    /** The replica processes' ids. */
    java.util.List<Long> replicaPids() {
        return replicas().map(ProcessHandle::pid).toList();
    }

    /**
     * The port of the one replica running now, to call it directly: of the ports it listens on (its watchdog's and its
     * metrics'), the one whose {@code GET /_/ready} answers 200.
     */
    int replicaPort() throws IOException {
        List<Long> pids = replicaPids();
        if (pids.size() != 1) {
            throw new IllegalStateException("expected one replica, found " + pids.size());
        }
        List<Integer> ready = ListeningPorts.of(pids.get(0)).stream()
                .filter(port -> Server.answers200(port, "/_/ready"))
                .toList();
        if (ready.size() != 1) {
            throw new IllegalStateException("expected one port of replica " + pids.get(0) + " to answer GET /_/ready,"
                    + " found " + ready);
        }
        return ready.get(0);
    }

    /** CPU time the gateway process has used so far (user and system). */
    java.time.Duration cpu() {
        return Cpu.of(process.toHandle());
    }

    /** CPU time the function replicas running now have used so far. */
    java.time.Duration replicasCpu() {
        return replicas()
                .map(Cpu::of)
                .reduce(java.time.Duration.ZERO, java.time.Duration::plus);
    }

    private java.util.stream.Stream<ProcessHandle> replicas() {
        java.util.Set<Long> pool = warmPool();
        return process.toHandle().children()
                .filter(child -> child.info().commandLine().orElse("").contains("io.jfaas.watchdog.Watchdog"))
                .filter(child -> !pool.contains(child.pid()));
    }

    /**
     * The warm pool's JVMs not yet given a function (warm or warming up): the pid files the gateway keeps for them
     * until it hands one a replica.
     */
    java.util.Set<Long> warmPool() {
        Path pids = work.resolve("state").resolve("run").resolve("pids");
        java.util.Set<Long> pool = new java.util.HashSet<>();
        try (var files = Files.list(pids)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("warm-pool-")).toList()) {
                try {
                    pool.add(Long.parseLong(Files.readString(file).trim().split("\\s+")[0]));
                } catch (IOException | RuntimeException e) {
                    // handed a replica (or stopped) while listed
                }
            }
        } catch (IOException e) {
            // no pid files yet
        }
        return pool;
    }

    /** How many warm-pool JVMs the gateway has reported warm so far (its log says so once for each). */
    long warmPoolWarmed() throws IOException {
        try (var lines = Files.lines(work.resolve("gateway.log"))) {
            return lines.filter(line -> line.contains("warm pool: pid ") && line.contains(" is warm")).count();
        }
    }

    /** The gateway process's resident set, from /proc. */
    long rssKib() throws IOException {
        return ProcessMemory.rssKib(process.pid());
    }

    /** The gateway process's proportional set size, from /proc. */
    long pssKib() throws IOException {
        return ProcessMemory.pssKib(process.pid());
    }

    long pid() {
        return process.pid();
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response, String what) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
    }
}
