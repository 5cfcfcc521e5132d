package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The gateway's cost on the invocation path: wrk against {@code /function/hello} through a gateway in local mode
 * (gateway, then the replica's watchdog, then the handler) and, in the same run, against that same replica called
 * directly and through nginx (keep-alive upstream, no access log: the floor for one proxy hop), at 1, 16 and 64
 * connections, with each proxy's CPU per call. Also the gateway process's resident and proportional memory at rest
 * and under load.
 */
final class GatewayBench {

    /** How long the gateway idles after the deploy before its memory at rest is read. */
    private static final Duration REST = Duration.ofSeconds(20);


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

        // no start-up cache: the replica's start is not what is measured
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar,
                Map.of("JFAAS_STARTUP_CACHE", "false", "JFAAS_AUTOSCALE", "false"))) {
            gateway.deploy("hello", Map.of());
            Server.await200(gateway.port(), "/function/hello", "the deployed function");
            // nginx and the gateway proxy to the same replica, which is also called directly: the two proxies differ
            // in nothing else (a separate watchdog process differs in its JIT's history and in how it was started)
            int replica = gateway.replicaPort();
            try (Nginx nginx = Nginx.start(work, replica)) {
                return measure(gateway, nginx, replica);
            }
        }
    }

    private String measure(LocalGateway gateway, Nginx nginx, int replica) throws Exception {
        String gatewayUrl = gateway.url("/function/hello");
        String directUrl = "http://127.0.0.1:" + replica + "/";
        String nginxUrl = "http://127.0.0.1:" + nginx.port() + "/";
        long deployedRss = gateway.rssKib();
        // at rest: once the deploy's work has settled (the JIT's compiling, the native heap's periodic trim)
        Thread.sleep(REST.toMillis());
        long restRss = gateway.rssKib();
        long restPss = gateway.pssKib();
        long nginxRestRss = nginx.rssKib();

        // warm all up at every concurrency, so the JIT has compiled each path before anything is measured
        for (int connections : new int[] {64, 16, 1}) {
            Wrk.run(directUrl, connections, 5);
            Wrk.run(nginxUrl, connections, 5);
            Wrk.run(gatewayUrl, connections, 5);
        }
        Settle.until("the gateway at 16 connections", seconds -> {
            Duration before = gateway.cpu();
            Wrk.Result result = Wrk.run(gatewayUrl, 16, seconds);
            return new Settle.Window(result.requests(),
                    Cpu.microsPerCall(before, gateway.cpu(), result.requests()));
        });
        int rounds = Math.max(1, runs / 4);
        StringBuilder report = new StringBuilder();
        report.append("Invocation through the gateway and through nginx (the floor for one proxy hop), both in front"
                + " of the function's one replica, and of that replica called directly, wrk ").append(seconds)
                .append(" s, median of ").append(rounds).append(" runs each, alternating, GET:\n\n");
        report.append("| connections | direct req/s | nginx req/s | gateway req/s | gateway / nginx | direct p50 ms"
                + " | nginx added p50 ms | gateway added p50 ms | gateway added p99 ms |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        StringBuilder cpu = new StringBuilder();
        cpu.append("CPU per call (user + system, from /proc; each process over its own path's runs only):\n\n")
                .append("| connections | replica µs: direct / behind nginx / behind the gateway | nginx µs"
                        + " | gateway µs | gateway / nginx | gateway µs per call through nginx (the replica's log"
                        + " lines) |\n"
                        + "|---|---|---|---|---|---|\n");
        long loadRss = 0;
        long loadPss = 0;
        long nginxLoadRss = 0;
        for (int connections : new int[] {1, 16, 64}) {
            System.out.println("wrk: " + connections + " connection(s) ...");
            List<Wrk.Measured> r = Wrk.compareAll(List.of(directUrl, nginxUrl, gatewayUrl),
                    List.of(nginx::cpu, gateway::cpu, gateway::replicasCpu), connections, rounds, seconds);
            Wrk.Result d = r.get(0).result();
            Wrk.Result n = r.get(1).result();
            Wrk.Result g = r.get(2).result();
            // each process's CPU during its own path's runs: [nginx, gateway, replica]
            double nginxMicros = Cpu.microsPerCall(r.get(1).cpu().get(0), n.requests());
            double gatewayMicros = Cpu.microsPerCall(r.get(2).cpu().get(1), g.requests());
            cpu.append(String.format(Locale.ROOT, "| %d | %.1f / %.1f / %.1f | %.1f | %.1f | %.2f | %.1f |%n",
                    connections, Cpu.microsPerCall(r.get(0).cpu().get(2), d.requests()),
                    Cpu.microsPerCall(r.get(1).cpu().get(2), n.requests()),
                    Cpu.microsPerCall(r.get(2).cpu().get(2), g.requests()), nginxMicros, gatewayMicros,
                    gatewayMicros / nginxMicros, Cpu.microsPerCall(r.get(1).cpu().get(1), n.requests())));
            loadRss = Math.max(loadRss, gateway.rssKib());
            loadPss = Math.max(loadPss, gateway.pssKib());
            nginxLoadRss = Math.max(nginxLoadRss, nginx.rssKib());
            report.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %.2f | %.3f | %.3f | %.3f | %.3f |%n",
                    connections, Wrk.format(d.requestsPerSecond()), Wrk.format(n.requestsPerSecond()),
                    Wrk.format(g.requestsPerSecond()), g.requestsPerSecond() / n.requestsPerSecond(),
                    d.p50Millis(), n.p50Millis() - d.p50Millis(), g.p50Millis() - d.p50Millis(),
                    g.p99Millis() - d.p99Millis()));
        }
        report.append('\n').append(cpu);
        report.append(String.format(Locale.ROOT, "%nGateway memory (started as bin/gateway starts it: the"
                + " distribution's launcher, its jvm.options and class data archive): RSS %.0f MiB just after one"
                + " function's deploy and first call; at rest %d s later RSS %.0f MiB, PSS %.0f MiB; under load at most"
                + " RSS %.0f MiB, PSS %.0f MiB. nginx (all its processes): RSS %.0f MiB at rest, %.0f MiB under"
                + " load.%n",
                deployedRss / 1024.0, REST.toSeconds(), restRss / 1024.0, restPss / 1024.0,
                loadRss / 1024.0, loadPss / 1024.0, nginxRestRss / 1024.0, nginxLoadRss / 1024.0));
        return report.toString();
    }
}
