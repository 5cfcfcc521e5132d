package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Async invocations with file storage: a gateway in local mode starts its nats-server child (JetStream, file store);
 * wrk POSTs to {@code /async-function/hello} for the set time; then the queue worker drains the stream. Reports the
 * calls accepted (202) per second, the calls completed per second (counted by the gateway's
 * {@code gateway_function_invocation_total}, which counts the worker's calls as the {@code /function} route's), and
 * whether every accepted call completed.
 */
final class AsyncBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)(s|m)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors: (.*)");
    private static final Pattern COMPLETED = Pattern.compile(
            "gateway_function_invocation_total\\{[^}]*code=\"200\"[^}]*function_name=\"hello.openfaas-fn\"[^}]*} "
                    + "([0-9.eE+]+)");

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    AsyncBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        new LocalImageStore(work.resolve("images")).store(ImageRef.parse("bench-hello:latest"), List.of(functionJar));
        LocalGateway.makeClassArchive(gatewayDist, work.resolve("class-archive-training"), functionJar);
        Path script = work.resolve("post.lua");
        Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = \"hello\"\n");
        StringBuilder report = new StringBuilder();
        report.append("Async invocations in local mode: JetStream with file storage (the gateway's nats-server child),"
                + " the gateway started as bin/gateway starts it, queue worker max_inflight 64, wrk POST to"
                + " /async-function/hello"
                + " at 64 connections, ")
                .append(seconds).append(" s per round. Completed calls are counted by the gateway's"
                + " gateway_function_invocation_total (the worker's calls are counted as /function/hello's).\n\n");
        report.append("| mode | accepted (202) | refused | socket errors | accepted/s | completed | completed/s | lost"
                + " | CPU µs per call |\n|---|---|---|---|---|---|---|---|---|\n");
        together(script, report);
        split(script, report);
        report.append("\n*together*: one gateway accepts and works at once on the 2 cores (with nats-server and the"
                + " function); completed/s runs from the first request to the last completion. *split*: a gateway with"
                + " JFAAS_QUEUE_WORKER=false accepts (the calls pile up in the stream), is stopped, and a gateway with"
                + " the worker on starts on the same store and drains it; completed/s is the drain. Completed can"
                + " exceed accepted when wrk stops mid-request (the call was queued, its answer not counted) or a"
                + " call is delivered twice (at-least-once). lost = accepted calls that never completed. CPU µs per"
                + " call: user and system CPU of the gateway's JVM and of its"
                + " nats-server per call completed (together: accepting and working; split: per call accepted, then per"
                + " call drained); it depends on what else runs on the machine less than the rates do, but it does.\n");
        return report.toString();
    }

    /** Accepting and working in one gateway at the same time. */
    private void together(Path script, StringBuilder report) throws Exception {
        int port = Server.freePort();
        int metricsPort = Server.freePort();
        Process gateway = startGateway(port, metricsPort, true, "state-together");
        try {
            String url = start(port);
            // warm-up: accept and drain until the gateway's CPU per completed call settles, so the JIT has compiled
            // both paths (a fixed 10,000 calls ended, on a slow machine, with C2 still compiling: a fifth of the
            // gateway's CPU in the measured round)
            Settle.until("async together: the gateway", windowSeconds -> {
                double before = completed(metricsPort);
                Cpu cpuBefore = Cpu.of(gateway);
                long accepted = wrk(url, script, 64, windowSeconds).accepted();
                double after = awaitCompleted(metricsPort, before + accepted, 120);
                return new Settle.Window(accepted,
                        Cpu.of(gateway).minus(cpuBefore).gatewayNanos() / 1e3 / Math.max(1, after - before));
            });
            for (int round = 1; round <= Math.max(1, runs / 4); round++) {
                System.out.println("async together, round " + round + " ...");
                double before = completed(metricsPort);
                Cpu cpuBefore = Cpu.of(gateway);
                long start = System.nanoTime();
                Load load = wrk(url, script, 64, seconds);
                double after = awaitCompleted(metricsPort, before + load.accepted(), 600);
                row(report, "together", load, Math.round(after - before),
                        (after - before) / ((System.nanoTime() - start) / 1e9),
                        Cpu.of(gateway).minus(cpuBefore).perCall(after - before));
            }
        } finally {
            stop(gateway);
        }
    }

    /** Accepting with the worker off, then draining with it on, after a restart on the same store. */
    private void split(Path script, StringBuilder report) throws Exception {
        int port = Server.freePort();
        int metricsPort = Server.freePort();
        Process accepting = startGateway(port, metricsPort, false, "state-split");
        long warm;
        Load load;
        String accept;
        try {
            String url = start(port);
            System.out.println("async split: accepting ...");
            warm = Settle.until("async split: the accepting gateway", seconds -> {
                Cpu before = Cpu.of(accepting);
                long accepted = wrk(url, script, 64, seconds).accepted();
                return new Settle.Window(accepted,
                        Cpu.of(accepting).minus(before).gatewayNanos() / 1e3 / Math.max(1, accepted));
            });
            Cpu cpuBefore = Cpu.of(accepting);
            load = wrk(url, script, 64, seconds);
            accept = Cpu.of(accepting).minus(cpuBefore).perCall(load.accepted());
        } finally {
            stop(accepting);
        }
        System.out.println("async split: draining ...");
        Process working = startGateway(port, metricsPort, true, "state-split");
        try {
            Server.await200(port, "/healthz", "the gateway");
            // the first completion waits for the replica to start: the drain is timed from the first one
            awaitCompleted(metricsPort, 1, 120);
            long start = System.nanoTime();
            double first = completed(metricsPort);
            Cpu cpuBefore = Cpu.of(working);
            double after = awaitCompleted(metricsPort, warm + load.accepted(), 600);
            row(report, "split", new Load(warm + load.accepted(), load.refused(), load.socketErrors(), load.seconds(),
                    load.rate()), Math.round(after), (after - first) / ((System.nanoTime() - start) / 1e9),
                    accept + " accepting; " + Cpu.of(working).minus(cpuBefore).perCall(after - first) + " draining");
        } finally {
            stop(working);
        }
    }

    private String start(int port) throws Exception {
        Server.await200(port, "/healthz", "the gateway");
        deploy(port);
        Server.await200(port, "/function/hello", "the deployed function");
        return "http://127.0.0.1:" + port + "/async-function/hello";
    }

    private static void row(StringBuilder report, String mode, Load load, long completed, double completedRate,
                            String cpu) {
        report.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %.0f | %d | %.0f | %d | %s |%n", mode,
                load.accepted(), load.refused(), load.socketErrors(), load.rate(), completed, completedRate,
                Math.max(0, load.accepted() - completed), cpu));
    }

    /**
     * CPU time used so far by the gateway's JVM and by its nats-server child (user and system): per call, it does not
     * depend on what else the machine is running as much as a rate does.
     */
    private record Cpu(long gatewayNanos, long natsNanos) {

        static Cpu of(Process gateway) {
            long nats = gateway.descendants()
                    .filter(child -> child.info().command().map(c -> c.endsWith("nats-server")).orElse(false))
                    .mapToLong(child -> child.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
                    .sum();
            return new Cpu(gateway.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L),
                    nats);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(gatewayNanos - earlier.gatewayNanos, natsNanos - earlier.natsNanos);
        }

        String perCall(double calls) {
            return calls <= 0 ? "-" : String.format(Locale.ROOT, "gateway %.0f + nats %.0f", gatewayNanos / calls / 1e3,
                    natsNanos / calls / 1e3);
        }
    }

    private static void stop(Process gateway) throws InterruptedException {
        gateway.destroy();
        if (!gateway.waitFor(1, TimeUnit.MINUTES)) {
            gateway.destroyForcibly();
        }
    }

    private record Load(long accepted, long refused, String socketErrors, double seconds, double rate) {
    }

    private static Load wrk(String url, Path script, int connections, int seconds)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s",
                "-s", script.toString(), url)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IllegalStateException("wrk printed no request count:\n" + output);
        }
        long total = Long.parseLong(requests.group(1));
        double time = Double.parseDouble(requests.group(2)) * (requests.group(3).equals("m") ? 60 : 1);
        Matcher non2xx = NON_2XX.matcher(output);
        long refused = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        Matcher socket = SOCKET_ERRORS.matcher(output);
        return new Load(total - refused, refused, socket.find() ? socket.group(1).trim() : "none", time,
                (total - refused) / time);
    }

    private static double awaitCompleted(int metricsPort, double target, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        double last = completed(metricsPort);
        while (last < target && System.nanoTime() < deadline) {
            Thread.sleep(50); // polling the gateway's counter
            last = completed(metricsPort);
        }
        return last;
    }

    private static double completed(int metricsPort) throws IOException, InterruptedException {
        String metrics;
        for (int attempt = 1; ; attempt++) {
            try {
                metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                break;
            } catch (java.net.ConnectException e) {
                // the gateway bounds the connections of one client address, and wrk's 64 (from the same address) may
                // not all be closed yet when it ends: ask again
                if (attempt >= 100) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        Matcher matcher = COMPLETED.matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    private Process startGateway(int port, int metricsPort, boolean worker, String state) throws IOException {
        Files.createDirectories(work);
        // as bin/gateway starts it
        ProcessBuilder builder = LocalGateway.processBuilder(gatewayDist)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("gateway.log").toFile());
        builder.environment().putAll(Map.of(
                "port", Integer.toString(port),
                "basic_auth", "false",
                "JFAAS_METRICS_PORT", Integer.toString(metricsPort),
                "JFAAS_STATE_DIR", work.resolve(state).toString(),
                "JFAAS_IMAGE_STORE", work.resolve("images").toString(),
                "JFAAS_STARTUP_CACHE", "false",
                "max_inflight", "64",
                "JFAAS_QUEUE_WORKER", Boolean.toString(worker),
                "HOME", work.toString()));
        return builder.start();
    }

    private static void deploy(int port) throws IOException, InterruptedException {
        String body = "{\"service\":\"hello\",\"image\":\"bench-hello:latest\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\""
                + Handler.class.getName() + "\"}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/system/functions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("deploy answered " + response.statusCode() + ": " + response.body());
        }
    }
}
