package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import io.jfaas.model.image.ImageRef;
import io.jfaas.model.image.LocalImageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        Server watchdog = Server.helloWatchdog("watchdog", root, functionJar, work);

        int gatewayPort = Server.freePort();
        Process gateway = startGateway(gatewayPort);
        try (Server.Running direct = watchdog.start()) {
            String gatewayUrl = "http://127.0.0.1:" + gatewayPort + "/function/hello";
            String directUrl = "http://127.0.0.1:" + direct.port() + "/";
            Server.await200(gatewayPort, "/healthz", "the gateway");
            deploy(gatewayPort);
            Server.await200(gatewayPort, "/function/hello", "the deployed function");
            Server.await200(direct.port(), "/_/ready", "the watchdog");
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
                Wrk.Comparison c = Wrk.compare(directUrl, gatewayUrl, connections, Math.max(1, runs / 4), seconds);
                loadRss = Math.max(loadRss, rssKib(gateway.pid()));
                double dr = c.baseline().requestsPerSecond();
                double gr = c.candidate().requestsPerSecond();
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f | %.3f |%n",
                        connections, Wrk.format(dr), Wrk.format(gr), gr / dr, c.baseline().p50Millis(),
                        c.candidate().p50Millis(), c.candidate().p50Millis() - c.baseline().p50Millis(),
                        c.candidate().p99Millis() - c.baseline().p99Millis()));
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
}
