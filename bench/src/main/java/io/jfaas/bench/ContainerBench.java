package io.jfaas.bench;

import io.jfaas.bench.hello.Handler;
import io.jfaas.imagebuilder.ImageTar;
import io.jfaas.imagebuilder.Images;
import io.jfaas.imagebuilder.JreRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Local mode's two runtimes for the same Java function, in one gateway, in the same run: a child-JVM replica (the
 * hello handler in the local image store) against a container replica (the same jar as an OCI image on the function
 * runtime base, run by podman and runc). Cold start is deploy to the first 200 through the gateway; per-call overhead
 * is wrk through the gateway against each. No start-up cache on either side. The image is built here (jlink, Jib) and
 * loaded into podman, and removed at the end.
 */
final class ContainerBench {

    private static final List<String> PODMAN = List.of("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs",
            "--events-backend", "file");

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final int seconds;

    ContainerBench(Path gatewayDist, Path work, int runs, int seconds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
        this.seconds = seconds;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        String image = "localhost/jfaas-bench/hello:" + UUID.randomUUID().toString().substring(0, 8);
        buildAndLoad(functionJar, image);
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of(
                "JFAAS_STARTUP_CACHE", "false", "JFAAS_AUTOSCALE", "false", "JFAAS_READY_TIMEOUT", "120s"))) {
            List<Double> jvmStarts = new ArrayList<>();
            List<Double> containerStarts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                System.out.println("cold start " + (i + 1) + "/" + runs + " ...");
                jvmStarts.add(coldStart(gateway, "jvm-" + i, LocalGateway.IMAGE));
                containerStarts.add(coldStart(gateway, "container-" + i, image));
            }
            gateway.deploy("hello", Map.of());
            gateway.deploy("hello-container", image, Map.of(), Map.of());
            Server.await200(gateway.port(), "/function/hello", "the child-JVM function");
            Server.await200(gateway.port(), "/function/hello-container", "the container function");
            String jvmUrl = gateway.url("/function/hello");
            String containerUrl = gateway.url("/function/hello-container");
            for (int connections : new int[] {16, 1}) {
                Wrk.run(jvmUrl, connections, 5);
                Wrk.run(containerUrl, connections, 5);
            }
            StringBuilder report = new StringBuilder();
            double jvm = Stats.median(jvmStarts);
            double container = Stats.median(containerStarts);
            report.append(String.format(Locale.ROOT, "Cold start, deploy to the first 200 through the gateway, median"
                    + " of %d:%n%n| runtime | median ms | max ms |%n|---|---|---|%n"
                    + "| child JVM | %.0f | %.0f |%n| container (podman + runc) | %.0f | %.0f |%n%n"
                    + "Container / child JVM: %.2f.%n%n", runs, jvm, Stats.max(jvmStarts), container,
                    Stats.max(containerStarts), container / jvm));
            report.append("Per call through the gateway, wrk ").append(seconds).append(" s, median of ")
                    .append(Math.max(1, runs / 3)).append(" runs, GET:\n\n")
                    .append("| connections | child JVM req/s | container req/s | ratio | child JVM p50 ms"
                            + " | container p50 ms | added p50 ms |\n|---|---|---|---|---|---|---|\n");
            for (int connections : new int[] {1, 16}) {
                System.out.println("wrk: " + connections + " connection(s) ...");
                Wrk.Comparison c = Wrk.compare(jvmUrl, containerUrl, connections, Math.max(1, runs / 3), seconds);
                double jr = c.baseline().requestsPerSecond();
                double cr = c.candidate().requestsPerSecond();
                report.append(String.format(Locale.ROOT, "| %d | %s | %s | %.2f | %.3f | %.3f | %.3f |%n",
                        connections, Wrk.format(jr), Wrk.format(cr), cr / jr, c.baseline().p50Millis(),
                        c.candidate().p50Millis(), c.candidate().p50Millis() - c.baseline().p50Millis()));
            }
            gateway.remove("hello-container");
            gateway.remove("hello");
            return report.toString();
        } finally {
            podman("rmi", "--force", image);
        }
    }

    /** Milliseconds from the deploy to the function's first 200; the function is removed again. */
    private static double coldStart(LocalGateway gateway, String name, String image) throws Exception {
        long start = System.nanoTime();
        gateway.deploy(name, image, Map.of(), Map.of());
        while (!Server.answers200(gateway.port(), "/function/" + name)) {
            if (System.nanoTime() - start > 120_000_000_000L) {
                throw new IllegalStateException(name + " did not answer within 120 s");
            }
            Thread.sleep(1);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        gateway.remove(name);
        return millis;
    }

    /** Builds the hello function on a function runtime base made here, and loads it into podman. */
    private void buildAndLoad(Path functionJar, String image) throws Exception {
        System.out.println("building the container image (jlink, Jib) ...");
        JreRoot jre = JreRoot.createIfMissing(Path.of(System.getProperty("java.home")), work.resolve("jre-root"));
        Path watchdog = gatewayDist.resolve("watchdog");
        List<Path> watchdogJars = List.of(watchdog.resolve("watchdog.jar"), watchdog.resolve("function-api.jar"),
                watchdog.resolve("jnats.jar"));
        Path base = work.resolve("function-runtime.tar");
        Images.toTar(Images.functionRuntime(jre, watchdogJars), base, "localhost/jfaas-bench/function-runtime:base",
                work.resolve("jib"), line -> { });
        Path tar = work.resolve("hello.tar");
        Images.toTar(Images.function(base, Images.watchdogClasspath(ImageTar.read(base)), List.of(functionJar),
                Optional.empty()), tar, image, work.resolve("jib"), line -> { });
        podman("load", "-i", tar.toString());
        Files.delete(tar);
    }

    private static void podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(PODMAN);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
