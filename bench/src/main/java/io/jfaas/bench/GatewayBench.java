package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import io.jfaas.model.image.ImageRef;
import io.jfaas.model.image.LocalImageStore;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's cost on the invocation path: wrk against {@code /function/hello} through a gateway in local mode
 * (gateway, then the replica's watchdog, then the handler) and, in the same run, against an identical watchdog
 * called directly, at 1, 16 and 64 connections. Also the gateway process's resident memory at rest and under load.
 */
final class GatewayBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path root;
    private final Path work;
    private final int runs;
    private final int seconds;

    GatewayBench(Path root, Path work, int runs, int seconds) {
        this.root = root;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        new LocalImageStore(work.resolve("images")).store(ImageRef.parse("bench-hello:latest"), List.of(functionJar));
        String watchdogClasspath = String.join(File.pathSeparator, root.resolve("gateway/target/watchdog/*").toString(),
                functionJar.toString());
        Server watchdog = new Server("watchdog", List.of(), watchdogClasspath, "io.jfaas.watchdog.Watchdog",
                Map.of("JFAAS_BIND_ADDRESS", "127.0.0.1", "JFAAS_HANDLER_CLASS", Handler.class.getName(),
                        "JFAAS_METRICS_PORT", "0", "TMPDIR", work.toString(), "healthcheck_interval", "0"));

        int gatewayPort = Server.freePort();
        Process gateway = startGateway(gatewayPort);
        try (Server.Running direct = watchdog.start()) {
            String gatewayUrl = "http://127.0.0.1:" + gatewayPort + "/function/hello";
            String directUrl = "http://127.0.0.1:" + direct.port() + "/";
            await(() -> Server.answers200(gatewayPort, "/healthz"), "the gateway did not start");
            deploy(gatewayPort);
            await(() -> Server.answers200(gatewayPort, "/function/hello"), "the function did not become ready");
            await(() -> Server.answers200(direct.port(), "/_/ready"), "the watchdog did not start");
            long restRss = rssKib(gateway.pid());

            // warm both up at every concurrency, so the JIT has compiled each path before anything is measured
            for (int connections : new int[] {64, 16, 1}) {
                Wrk.run(directUrl, connections, 5);
                Wrk.run(gatewayUrl, connections, 5);
            }
            StringBuilder report = new StringBuilder();
            report.append("Invocation through the gateway vs the same watchdog called directly, wrk ").append(seconds)
                    .append(" s, median of ").append(Math.max(1, runs / 4)).append(" runs, GET:\n\n");
            report.append("| connections | direct req/s | gateway req/s | ratio | direct p50 ms | gateway p50 ms"
                    + " | added p50 ms | added p99 ms |\n|---|---|---|---|---|---|---|---|\n");
            long loadRss = 0;
            for (int connections : new int[] {1, 16, 64}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                List<Double> directRps = new ArrayList<>();
                List<Double> gatewayRps = new ArrayList<>();
                List<Double> directP50 = new ArrayList<>();
                List<Double> gatewayP50 = new ArrayList<>();
                List<Double> directP99 = new ArrayList<>();
                List<Double> gatewayP99 = new ArrayList<>();
                for (int i = 0; i < Math.max(1, runs / 4); i++) {
                    Wrk.Result d = Wrk.run(directUrl, connections, seconds);
                    Wrk.Result g = Wrk.run(gatewayUrl, connections, seconds);
                    loadRss = Math.max(loadRss, rssKib(gateway.pid()));
                    if (d.errors() > 0 || g.errors() > 0) {
                        throw new IllegalStateException("non-2xx answers during the benchmark");
                    }
                    directRps.add(d.requestsPerSecond());
                    gatewayRps.add(g.requestsPerSecond());
                    directP50.add(d.p50Millis());
                    gatewayP50.add(g.p50Millis());
                    directP99.add(d.p99Millis());
                    gatewayP99.add(g.p99Millis());
                }
                double dr = Stats.median(directRps);
                double gr = Stats.median(gatewayRps);
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f | %.3f |%n",
                        connections, Wrk.format(dr), Wrk.format(gr), gr / dr, Stats.median(directP50),
                        Stats.median(gatewayP50), Stats.median(gatewayP50) - Stats.median(directP50),
                        Stats.median(gatewayP99) - Stats.median(directP99)));
            }
            report.append(String.format(Locale.ROOT, "%nGateway resident memory: %.0f MiB at rest with one function"
                    + " deployed, %.0f MiB at most under load (default heap settings).%n", restRss / 1024.0,
                    loadRss / 1024.0));
            return report.toString();
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(1, TimeUnit.MINUTES)) {
                gateway.destroyForcibly();
            }
        }
    }

    private Process startGateway(int port) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Server.JAVA, "-jar",
                root.resolve("gateway/target/gateway.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        Files.createDirectories(work);
        builder.environment().putAll(Map.of(
                "port", Integer.toString(port),
                "basic_auth", "false",
                "JFAAS_METRICS_PORT", "0",
                "JFAAS_STATE_DIR", work.resolve("state").toString(),
                "JFAAS_IMAGE_STORE", work.resolve("images").toString(),
                "JFAAS_STARTUP_CACHE", "false",
                "HOME", work.toString()));
        return builder.start();
    }

    private static void deploy(int port) throws IOException, InterruptedException {
        String body = "{\"service\":\"hello\",\"image\":\"bench-hello:latest\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\""
                + Handler.class.getName() + "\"}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/system/functions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("deploy answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The resident set of a process, from /proc. */
    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for pid " + pid);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check check, String failure) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure);
            }
            Thread.sleep(10);
        }
    }
}
