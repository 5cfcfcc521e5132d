package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import io.jfaas.contracts.ReplicaJvm;
import io.jfaas.contracts.WatchdogEndpoints;
import io.jfaas.contracts.WatchdogSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ten replicas of the Java hello function, started as the local provider starts them (the watchdog with the function
 * on its classpath, no start-up cache), once with the JVM's defaults as replicas had them before ({@code
 * -XX:+UseSerialGC}) and once with {@link ReplicaJvm}'s memory settings, in the same run: each replica's RSS and PSS
 * ({@code /proc/PID/smaps_rollup}) idle, right after it served {@code seconds} of wrk at 8 connections, and again
 * {@code 10 s} later; the requests per second it served; and the cold start (process start → ready), alternating.
 */
final class ReplicaMemoryBench {

    private static final int REPLICAS = 10;
    private static final int SETTLE_SECONDS = 10;

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    ReplicaMemoryBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    private record Variant(String name, List<String> options, Map<String, String> env) {
    }

    private record Replica(Process process, int port) {
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        List<String> lean = new ArrayList<>(ReplicaJvm.memoryOptions(Runtime.version().feature()));
        lean.add("-XX:-UsePerfData");
        List<Variant> variants = List.of(
                new Variant("JVM defaults (before)", List.of("-XX:+UseSerialGC", "-XX:-UsePerfData"), Map.of()),
                new Variant("lean (after)", lean, ReplicaJvm.memoryEnvironment()));

        Map<Variant, List<Double>> coldStarts = new HashMap<>();
        variants.forEach(variant -> coldStarts.put(variant, new ArrayList<>()));
        for (int i = 0; i < runs; i++) {
            for (Variant variant : variants) {
                long start = System.nanoTime();
                Replica replica = start(variant, functionJar, "cold-" + i);
                try {
                    Server.await200(replica.port(), WatchdogEndpoints.READY, "a replica");
                    coldStarts.get(variant).add((System.nanoTime() - start) / 1e6);
                } finally {
                    stop(replica);
                }
            }
        }

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Ten replicas of the Java hello function per variant; load: %d s of"
                + " wrk at 8 connections on each replica in turn; MiB per replica, median (max):%n%n", seconds));
        report.append("| variant | idle RSS | idle PSS | after load RSS | after load PSS | %d s later PSS |"
                .formatted(SETTLE_SECONDS)
                + " req/s per replica | cold start ms |\n|---|---|---|---|---|---|---|---|\n");
        Map<Variant, Double> throughput = new HashMap<>();
        for (Variant variant : variants) {
            List<Replica> replicas = new ArrayList<>();
            try {
                for (int i = 0; i < REPLICAS; i++) {
                    replicas.add(start(variant, functionJar, "replica-" + i));
                }
                for (Replica replica : replicas) {
                    Server.await200(replica.port(), WatchdogEndpoints.READY, "a replica");
                    Server.await200(replica.port(), "/", "a replica's function");
                }
                Thread.sleep(2000);
                List<double[]> idle = measure(replicas);
                List<Double> rates = new ArrayList<>();
                List<double[]> loaded = new ArrayList<>();
                for (Replica replica : replicas) {
                    Wrk.Result result = Wrk.run("http://127.0.0.1:" + replica.port() + "/", 8, seconds);
                    if (result.errors() > 0) {
                        throw new IllegalStateException(variant.name() + ": " + result.errors() + " calls failed");
                    }
                    rates.add(result.requestsPerSecond());
                    loaded.add(memory(replica));
                }
                Thread.sleep(SETTLE_SECONDS * 1000L);
                List<double[]> settled = measure(replicas);
                throughput.put(variant, Stats.median(rates));
                report.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.0f | %.0f |%n",
                        variant.name(), cell(idle, 0), cell(idle, 1), cell(loaded, 0), cell(loaded, 1),
                        cell(settled, 1), Stats.median(rates), Stats.median(coldStarts.get(variant))));
                System.out.printf(Locale.ROOT, "%s: PSS after load %s MiB, %.0f req/s%n", variant.name(),
                        cell(loaded, 1), Stats.median(rates));
            } finally {
                for (Replica replica : replicas) {
                    stop(replica);
                }
            }
        }
        report.append(String.format(Locale.ROOT, "%nThroughput per replica, lean / before: %.2f; cold start (%d each,"
                + " alternating), lean / before: %.2f.%n", throughput.get(variants.get(1))
                / throughput.get(variants.get(0)), runs, Stats.median(coldStarts.get(variants.get(1)))
                / Stats.median(coldStarts.get(variants.get(0)))));
        return report.toString();
    }

    private Replica start(Variant variant, Path functionJar, String name) throws IOException {
        int port = Server.freePort();
        Path directory = Files.createDirectories(work.resolve(name));
        List<String> command = new ArrayList<>(List.of(Server.JAVA));
        command.addAll(variant.options());
        command.addAll(List.of("-cp", gatewayDist.resolve("watchdog/*") + java.io.File.pathSeparator + functionJar,
                "io.jfaas.watchdog.Watchdog"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("replica.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", directory.toString(), WatchdogSettings.TMPDIR, directory.toString(),
                WatchdogSettings.PORT, Integer.toString(port), WatchdogSettings.METRICS_PORT, "0",
                WatchdogSettings.BIND_ADDRESS, "127.0.0.1", WatchdogSettings.HEALTHCHECK_INTERVAL, "0",
                WatchdogSettings.HANDLER_CLASS, Handler.class.getName()));
        builder.environment().putAll(variant.env());
        return new Replica(builder.start(), port);
    }

    private static void stop(Replica replica) throws InterruptedException {
        replica.process().destroy();
        if (!replica.process().waitFor(1, TimeUnit.MINUTES)) {
            replica.process().destroyForcibly();
        }
    }

    private static List<double[]> measure(List<Replica> replicas) throws IOException {
        List<double[]> all = new ArrayList<>();
        for (Replica replica : replicas) {
            all.add(memory(replica));
        }
        return all;
    }

    /** RSS and PSS in MiB, from {@code /proc/PID/smaps_rollup}. */
    private static double[] memory(Replica replica) throws IOException {
        return memory(replica.process().pid());
    }

    /** RSS and PSS in MiB of this process, from {@code /proc/PID/smaps_rollup}. */
    static double[] memory(long pid) throws IOException {
        double rss = 0;
        double pss = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith("Rss:")) {
                rss = kib(line) / 1024;
            } else if (line.startsWith("Pss:")) {
                pss = kib(line) / 1024;
            }
        }
        return new double[] {rss, pss};
    }

    private static double kib(String line) {
        return Double.parseDouble(line.replaceAll("[^0-9]", ""));
    }

    private static String cell(List<double[]> values, int index) {
        List<Double> column = values.stream().map(value -> value[index]).toList();
        return String.format(Locale.ROOT, "%.0f (%.0f)", Stats.median(column), Stats.max(column));
    }
}
