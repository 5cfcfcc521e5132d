package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's cost on the invocation path: wrk against {@code /function/hello} through a gateway in local mode
 * (gateway, then the replica's watchdog, then the handler) and, in the same run, against an identical watchdog
 * called directly, at 1, 16 and 64 connections. Also the gateway process's resident memory at rest and under load.
 */
final class GatewayBench {

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    GatewayBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        Server watchdog = Server.helloWatchdog("watchdog", gatewayDist, functionJar, work);

        // the watchdog called directly has no start-up cache, so neither has the gateway's replica
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of("JFAAS_STARTUP_CACHE", "false",
                "JFAAS_AUTOSCALE", "false"));
             Server.Running direct = watchdog.start()) {
            String gatewayUrl = gateway.url("/function/hello");
            String directUrl = "http://127.0.0.1:" + direct.port() + "/";
            gateway.deploy("hello", Map.of());
            Server.await200(gateway.port(), "/function/hello", "the deployed function");
            Server.await200(direct.port(), "/_/ready", "the watchdog");
            long restRss = gateway.rssKib();

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
            StringBuilder cpu = new StringBuilder();
            cpu.append("CPU per call (user + system, from /proc, over the same runs):\n\n")
                    .append("| connections | direct: watchdog µs | through the gateway: gateway µs | replica's watchdog µs"
                            + " | gateway / watchdog |\n|---|---|---|---|---|\n");
            long loadRss = 0;
            for (int connections : new int[] {1, 16, 64}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                Duration directBefore = direct.cpu();
                Duration gatewayBefore = gateway.cpu();
                Duration replicaBefore = gateway.replicasCpu();
                Wrk.Comparison c = Wrk.compare(directUrl, gatewayUrl, connections, Math.max(1, runs / 4), seconds);
                double directMicros = Cpu.microsPerCall(directBefore, direct.cpu(), c.baseline().requests());
                double gatewayMicros = Cpu.microsPerCall(gatewayBefore, gateway.cpu(), c.candidate().requests());
                double replicaMicros = Cpu.microsPerCall(replicaBefore, gateway.replicasCpu(),
                        c.candidate().requests());
                cpu.append(String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.2f |%n", connections,
                        directMicros, gatewayMicros, replicaMicros, gatewayMicros / replicaMicros));
                loadRss = Math.max(loadRss, gateway.rssKib());
                double dr = c.baseline().requestsPerSecond();
                double gr = c.candidate().requestsPerSecond();
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f | %.3f |%n",
                        connections, Wrk.format(dr), Wrk.format(gr), gr / dr, c.baseline().p50Millis(),
                        c.candidate().p50Millis(), c.candidate().p50Millis() - c.baseline().p50Millis(),
                        c.candidate().p99Millis() - c.baseline().p99Millis()));
            }
            report.append('\n').append(cpu);
            report.append(String.format(Locale.ROOT, "%nGateway resident memory: %.0f MiB at rest with one function"
                    + " deployed, %.0f MiB at most under load (default heap settings).%n", restRss / 1024.0,
                    loadRss / 1024.0));
            return report.toString();
        }
    }
}
