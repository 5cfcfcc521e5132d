package io.jfaas.bench;

import io.jfaas.bench.hello.BareHello;
import io.jfaas.bench.hello.Handler;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The watchdog against a bare JDK hello server, in the same run: cold start (process spawn to first 200, with and
 * without a start-up cache) and throughput and latency with wrk at 1, 16 and 64 connections.
 */
final class WatchdogBench {

    private final Path root;
    private final Path work;
    private final int runs;
    private final int seconds;

    WatchdogBench(Path root, Path work, int runs, int seconds) {
        this.root = root;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        Path bareJar = Jars.of(work.resolve("bare/bare.jar"), BareHello.class);
        String watchdogClasspath = String.join(File.pathSeparator, root.resolve("gateway/target/watchdog/*").toString(),
                functionJar.toString());
        Server watchdog = new Server("watchdog + hello", List.of(), watchdogClasspath, "io.jfaas.watchdog.Watchdog",
                Map.of("JFAAS_BIND_ADDRESS", "127.0.0.1", "JFAAS_HANDLER_CLASS", Handler.class.getName(),
                        "JFAAS_METRICS_PORT", "0", "TMPDIR", work.toString(), "healthcheck_interval", "0"));
        Server bare = new Server("bare JDK hello", List.of(), bareJar.toString(), BareHello.class.getName(), Map.of());

        System.out.println("training start-up caches ...");
        Server watchdogCached = watchdog.withOptions("watchdog + hello, cache",
                Caches.train(watchdog, work.resolve("watchdog.aot"), "/_/health"));
        Server bareCached = bare.withOptions("bare JDK hello, cache", Caches.train(bare, work.resolve("bare.aot"), "/"));

        StringBuilder report = new StringBuilder();
        report.append("Cold start, process spawn to first 200 (").append(runs).append(" runs each, JDK ")
                .append(Runtime.version().feature()).append("):\n\n");
        report.append("| server | median ms | worst ms | vs bare, same cache |\n|---|---|---|---|\n");
        List<Server> servers = List.of(bare, watchdog, bareCached, watchdogCached);
        List<Double> medians = new ArrayList<>();
        for (Server server : servers) {
            System.out.println("cold start: " + server.name() + " ...");
            List<Double> millis = ColdStart.measure(server, runs);
            medians.add(Stats.median(millis));
            report.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", server.name(), Stats.median(millis),
                    Stats.max(millis), servers.indexOf(server) % 2 == 1
                            ? String.format(Locale.ROOT, "%.2f×", Stats.median(millis) / medians.get(medians.size() - 2))
                            : "baseline"));
        }
        report.append(String.format(Locale.ROOT, "%nWith the cache, the watchdog's median is %.2f× the bare server's"
                + " without one.%n%n", medians.get(3) / medians.get(0)));

        report.append("Throughput and latency, wrk ").append(seconds).append(" s, median of ").append(Math.max(1, runs / 4))
                .append(" runs, GET /:\n\n");
        report.append("| connections | bare req/s | watchdog req/s | ratio | bare p50 ms | watchdog p50 ms | added p50 ms |\n");
        report.append("|---|---|---|---|---|---|---|\n");
        try (Server.Running bareRunning = bare.start(); Server.Running watchdogRunning = watchdog.start()) {
            awaitReady(bareRunning, "/");
            awaitReady(watchdogRunning, "/_/ready");
            String bareUrl = "http://127.0.0.1:" + bareRunning.port() + "/";
            String watchdogUrl = "http://127.0.0.1:" + watchdogRunning.port() + "/";
            // warm both up, so the JIT has compiled the request path before anything is measured
            Wrk.run(bareUrl, 64, 6);
            Wrk.run(watchdogUrl, 64, 6);
            for (int connections : new int[] {1, 16, 64}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                List<Double> bareRps = new ArrayList<>();
                List<Double> watchdogRps = new ArrayList<>();
                List<Double> bareP50 = new ArrayList<>();
                List<Double> watchdogP50 = new ArrayList<>();
                for (int i = 0; i < Math.max(1, runs / 4); i++) {
                    Wrk.Result b = Wrk.run(bareUrl, connections, seconds);
                    Wrk.Result w = Wrk.run(watchdogUrl, connections, seconds);
                    if (b.errors() > 0 || w.errors() > 0) {
                        throw new IllegalStateException("non-2xx answers during the benchmark");
                    }
                    bareRps.add(b.requestsPerSecond());
                    watchdogRps.add(w.requestsPerSecond());
                    bareP50.add(b.p50Millis());
                    watchdogP50.add(w.p50Millis());
                }
                double br = Stats.median(bareRps);
                double wr = Stats.median(watchdogRps);
                double bp = Stats.median(bareP50);
                double wp = Stats.median(watchdogP50);
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f |%n", connections,
                        Wrk.format(br), Wrk.format(wr), wr / br, bp, wp, wp - bp));
            }
        }
        return report.toString();
    }

    private static void awaitReady(Server.Running running, String path) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Server.answers200(running.port(), path)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("a server did not become ready");
            }
            Thread.sleep(10);
        }
    }
}
