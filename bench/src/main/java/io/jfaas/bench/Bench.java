package io.jfaas.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench/run [watchdog] [gateway] [scaling] [scaling-step] [slow-start] [async] [sync-nats] [cli] [replica-memory] [--runs N]
 * [--seconds S]}: runs the benchmarks, prints their tables and writes them to {@code bench/results/NAME.md}. The
 * gateway and the watchdog they run come from the gateway's distribution archive, which the build unpacks next to
 * {@code bench.jar} ({@code target/gateway}; the system property {@code jfaas.gateway.dist} names another folder).
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("jfaas.root", ".")).toAbsolutePath().normalize();
        Path gatewayDist = gatewayDist();
        List<String> suites = new ArrayList<>();
        int runs = 12;
        boolean runsGiven = false;
        int seconds = 8;
        boolean secondsGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> {
                    runs = Integer.parseInt(args[++i]);
                    runsGiven = true;
                }
                case "--seconds" -> {
                    seconds = Integer.parseInt(args[++i]);
                    secondsGiven = true;
                }
                default -> suites.add(args[i]);
            }
        }
        if (suites.isEmpty()) {
            suites.add("watchdog");
        }
        Path work = Files.createTempDirectory("jfaas-bench");
        for (String suite : suites) {
            String table = switch (suite) {
                case "watchdog" -> new WatchdogBench(gatewayDist, work.resolve(suite), runs, seconds).run();
                case "gateway" -> new GatewayBench(gatewayDist, work.resolve(suite), runs, seconds).run();
                case "scaling" -> new ScalingBench(gatewayDist, work.resolve(suite), runs).run();
                // --seconds: the saturating phase (default 30 s); --runs: rounds (default 2)
                case "scaling-step" -> new ScalingStepBench(gatewayDist, work.resolve(suite), secondsGiven ? seconds : 30,
                        runsGiven ? runs : 2).run();
                // --runs: rounds per setting (default 2)
                case "slow-start" -> new SlowStartBench(gatewayDist, work.resolve(suite), runsGiven ? runs : 2).run();
                case "async" -> new AsyncBench(gatewayDist, work.resolve(suite), runs, seconds).run();
                case "sync-nats" -> new SyncNatsBench(gatewayDist, work.resolve(suite), runs, seconds).run();
                case "cli" -> new CliBench(root, gatewayDist, work.resolve(suite), runs).run();
                // --runs: cold starts per variant (default 5); --seconds: load per replica (default 8)
                case "replica-memory" -> new ReplicaMemoryBench(gatewayDist, work.resolve(suite),
                        runsGiven ? runs : 5, seconds).run();
                case "containers" -> new ContainerBench(gatewayDist, work.resolve(suite), runsGiven ? runs : 7,
                        seconds).run();
                default -> throw new IllegalArgumentException("unknown benchmark " + suite
                        + ": use watchdog, gateway, scaling, scaling-step, slow-start, async, sync-nats, cli, replica-memory or containers");
            };
            String report = "<!-- bench/run " + suite + ", " + LocalDate.now() + ", "
                    + Runtime.getRuntime().availableProcessors() + " cores -->\n" + table;
            Path file = root.resolve("bench/results/" + suite + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report, StandardCharsets.UTF_8);
            System.out.println(report);
            System.out.println("written to " + file);
        }
    }

    /** The unpacked gateway distribution: {@code jfaas.gateway.dist}, else {@code gateway} next to this jar. */
    private static Path gatewayDist() throws java.net.URISyntaxException {
        String named = System.getProperty("jfaas.gateway.dist");
        if (named != null) {
            return Path.of(named).toAbsolutePath().normalize();
        }
        Path jar = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.resolveSibling("gateway");
    }
}
