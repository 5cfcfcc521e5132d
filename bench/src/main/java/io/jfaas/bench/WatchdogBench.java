package io.jfaas.bench;

import io.jfaas.bench.hello.BareHello;
import io.jfaas.bench.hello.Handler;
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

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    WatchdogBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        Path bareJar = Jars.of(work.resolve("bare/bare.jar"), BareHello.class);
        Server watchdog = Server.helloWatchdog("watchdog + hello", gatewayDist, functionJar, work);
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
            Server.await200(bareRunning.port(), "/", "the bare server");
            Server.await200(watchdogRunning.port(), "/_/ready", "the watchdog");
            String bareUrl = "http://127.0.0.1:" + bareRunning.port() + "/";
            String watchdogUrl = "http://127.0.0.1:" + watchdogRunning.port() + "/";
            // warm both up, so the JIT has compiled the request path before anything is measured
            Wrk.run(bareUrl, 64, 6);
            Wrk.run(watchdogUrl, 64, 6);
            for (int connections : new int[] {1, 16, 64}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                Wrk.Comparison c = Wrk.compare(bareUrl, watchdogUrl, connections, Math.max(1, runs / 4), seconds);
                double br = c.baseline().requestsPerSecond();
                double wr = c.candidate().requestsPerSecond();
                double bp = c.baseline().p50Millis();
                double wp = c.candidate().p50Millis();
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f |%n", connections,
                        Wrk.format(br), Wrk.format(wr), wr / br, bp, wp, wp - bp));
            }
        }
        return report.toString();
    }
}
