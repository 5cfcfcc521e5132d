package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code faas-cli} start-up: each of {@code version}, {@code list}, {@code describe} and {@code invoke}, run through
 * {@code bin/faas-cli} against a local gateway with the Java hello function, with the start-up cache the build made
 * and without it ({@code JFAAS_CLI_STARTUP_CACHE=false}), alternating, in the same run. Each call is timed from the
 * shell's fork to its exit (wall), and its CPU (user + system, from the shell's {@code times}).
 */
final class CliBench {

    private final Path root;
    private final Path gatewayDist;
    private final Path work;
    private final int runs;

    CliBench(Path root, Path gatewayDist, Path work, int runs) {
        this.root = root;
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
    }

    String run() throws Exception {
        Path cli = root.resolve("bin/faas-cli");
        if (!hasCache(root)) {
            throw new IllegalStateException("no start-up cache in faas-cli/target/startup-cache: build faas-cli"
                    + " (./mvnw install -DskipTests) with the JDK bin/java-home picks");
        }
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of())) {
            gateway.deploy("hello", Map.of("com.openfaas.scale.min", "1"));
            Server.await200(gateway.port(), "/function/hello", "the deployed function");
            String url = gateway.url("");
            List<List<String>> commands = List.of(List.of("version"), List.of("list"), List.of("describe", "hello"),
                    List.of("invoke", "hello"));
            StringBuilder report = new StringBuilder();
            report.append("`faas-cli` calls through `bin/faas-cli` (JDK ").append(Runtime.version().feature())
                    .append("), ").append(runs).append(" runs each, alternating with and without the start-up cache:\n\n")
                    .append("| command | cache: median wall ms | CPU ms | no cache: median wall ms | CPU ms |"
                            + " wall ratio |\n|---|---|---|---|---|---|\n");
            for (List<String> command : commands) {
                List<Double> cachedWall = new ArrayList<>();
                List<Double> cachedCpu = new ArrayList<>();
                List<Double> plainWall = new ArrayList<>();
                List<Double> plainCpu = new ArrayList<>();
                call(cli, command, url, true); // the first call pages the cache and the jars in
                for (int i = 0; i < runs; i++) {
                    double[] cached = call(cli, command, url, true);
                    double[] plain = call(cli, command, url, false);
                    cachedWall.add(cached[0]);
                    cachedCpu.add(cached[1]);
                    plainWall.add(plain[0]);
                    plainCpu.add(plain[1]);
                }
                double cachedMedian = Stats.median(cachedWall);
                double plainMedian = Stats.median(plainWall);
                report.append(String.format(Locale.ROOT, "| `faas-cli %s` | %.0f | %.0f | %.0f | %.0f | %.2f |%n",
                        String.join(" ", command), cachedMedian, Stats.median(cachedCpu), plainMedian,
                        Stats.median(plainCpu), cachedMedian / plainMedian));
                System.out.printf(Locale.ROOT, "faas-cli %s: %.0f ms with the cache, %.0f ms without%n",
                        String.join(" ", command), cachedMedian, plainMedian);
            }
            return report.toString();
        }
    }

    /** One call: wall ms and CPU ms. Fails when the command does. */
    private double[] call(Path cli, List<String> command, String gateway, boolean cache)
            throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("'").append(cli).append("'");
        command.forEach(word -> line.append(' ').append(word));
        line.append(" --gateway ").append(gateway).append(" </dev/null >/dev/null; status=$?; times; exit $status");
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", line.toString()).redirectErrorStream(true);
        builder.environment().put("JFAAS_CLI_STARTUP_CACHE", Boolean.toString(cache));
        builder.environment().put("HOME", work.toString());
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("faas-cli " + command + " exited " + exit + ": " + output);
        }
        // `times`: the shell's own user and system time, then its children's
        String[] children = output.strip().lines().reduce((first, second) -> second).orElseThrow().split("\\s+");
        return new double[] {wall, seconds(children[0]) * 1000 + seconds(children[1]) * 1000};
    }

    /** {@code 0m0.250s} as seconds. */
    private static double seconds(String times) {
        int m = times.indexOf('m');
        return Integer.parseInt(times.substring(0, m)) * 60 + Double.parseDouble(times.substring(m + 1,
                times.length() - 1));
    }

    private static boolean hasCache(Path root) throws IOException {
        Path caches = root.resolve("faas-cli/target/startup-cache");
        try (var files = Files.list(caches)) {
            return files.findAny().isPresent();
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }
}
