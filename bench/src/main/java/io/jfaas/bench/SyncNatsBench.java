package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Sync calls over NATS against sync calls over HTTP, in one run: a gateway in local mode with its own
 * {@code nats-server} child, the Java hello function deployed twice, {@code hello-http} (HTTP transport) and
 * {@code hello-nats} (annotation {@code com.jfaas.transport: nats}), wrk GETting each at 1 and 16
 * connections, alternating rounds.
 */
final class SyncNatsBench {

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    SyncNatsBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of("JFAAS_STARTUP_CACHE", "false",
                "JFAAS_AUTOSCALE", "false"))) {
            gateway.deploy("hello-http", Map.of());
            gateway.deploy("hello-nats", Map.of(), Map.of("com.jfaas.transport", "nats"));
            Server.await200(gateway.port(), "/function/hello-http", "the function over HTTP");
            Server.await200(gateway.port(), "/function/hello-nats", "the function over NATS");
            String httpUrl = gateway.url("/function/hello-http");
            String natsUrl = gateway.url("/function/hello-nats");
            for (int connections : new int[] {16, 1}) {
                Wrk.run(httpUrl, connections, 5);
                Wrk.run(natsUrl, connections, 5);
            }
            int rounds = Math.max(1, runs / 4);
            StringBuilder report = new StringBuilder();
            report.append("Sync calls over HTTP vs over NATS, the Java hello function through a local gateway (with its"
                    + " nats-server child), wrk ").append(seconds).append(" s, median of ").append(rounds)
                    .append(" runs, GET:\n\n");
            report.append("| connections | HTTP req/s | NATS req/s | HTTP p50 ms | NATS p50 ms | HTTP p99 ms"
                    + " | NATS p99 ms | errors HTTP / NATS |\n|---|---|---|---|---|---|---|---|\n");
            for (int connections : new int[] {1, 16}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                Wrk.Comparison c = Wrk.compare(httpUrl, natsUrl, connections, rounds, seconds);
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3f | %.3f | %.3f | %.3f | %d / %d |%n",
                        connections, Wrk.format(c.baseline().requestsPerSecond()),
                        Wrk.format(c.candidate().requestsPerSecond()), c.baseline().p50Millis(),
                        c.candidate().p50Millis(), c.baseline().p99Millis(), c.candidate().p99Millis(),
                        c.baseline().errors(), c.candidate().errors()));
            }
            return report.toString();
        }
    }
}
