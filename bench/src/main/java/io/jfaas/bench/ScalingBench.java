package io.jfaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.bench.hello.Handler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scaling in local mode, with the gateway's defaults (start-up cache on, the autoscaler deciding every 500 ms):
 * <ul>
 *   <li>scale from zero: the Java hello function scaled to 0 (its replica process gone), then one call, timed from
 *       the moment it is sent to its 200; next to a warm call of the same function in the same run; once kept out
 *       of the warm pool (a JVM of its own, the start-up cache) and once, alternately, from a warm pool JVM, each
 *       pooled start after the pool has refilled; and what the idle pool JVM costs in memory;</li>
 *   <li>a 10× load step (20 to 200 calls per second) on a function at 1 replica, scaled on calls per second
 *       ({@code com.openfaas.scale.type=rps}, OpenFaaS's target of 50: 200 calls/s are more than 1 replica's
 *       worth; the default load, saturation, rightly never scales this function, whose replica serves thousands a
 *       second): the time from the step to the first scale-up decision ({@code decidedAt} in the function's
 *       status).</li>
 * </ul>
 * Every call's status is counted: the report says how many were not 200.
 */
final class ScalingBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Calls made before the warm calls are timed. */
    private static final int WARM_UP_CALLS = 5000;

    private final Path gatewayDist;
    private final Path work;
    private final int runs;
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    ScalingBench(Path gatewayDist, Path work, int runs) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.runs = runs;
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of())) {
            // min = max: the autoscaler leaves this one alone, so only the scale calls move it
            gateway.deploy("hello", Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"),
                    Map.of("com.jfaas.warm-pool", "false"));
            Server.await200(gateway.port(), "/function/hello", "the deployed function");

            // warm-up: until the JIT has compiled the call's path in the gateway, the replica and this client, a call
            // costs milliseconds; these are not counted
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                timedCall(gateway);
            }
            List<Double> warm = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                warm.add(timedCall(gateway));
            }
            // the same function twice: "hello" kept out of the warm pool (a JVM of its own, as without the pool),
            // "pooled" taking a warm JVM; measured alternately, each after the pool has refilled
            gateway.deploy("pooled", Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"));
            Server.await200(gateway.port(), "/function/pooled", "the pooled function");
            List<Double> fromZero = new ArrayList<>();
            List<Double> fromPool = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                gateway.scale("hello", 0);
                awaitNoReplicaProcess(gateway, 1);
                fromZero.add(timedCall(gateway, "hello"));
                gateway.scale("pooled", 0);
                awaitNoReplicaProcess(gateway, 1);
                awaitPoolWarm(gateway, i + 2);
                long pooledBefore = poolPid(gateway);
                fromPool.add(timedCall(gateway, "pooled"));
                if (gateway.warmPool().contains(pooledBefore)) {
                    throw new IllegalStateException("the pooled function did not start in the warm JVM " + pooledBefore);
                }
                System.out.printf(Locale.ROOT, "scale from zero %d/%d: %.0f ms without the pool, %.0f ms from it%n",
                        i + 1, runs, fromZero.get(i), fromPool.get(i));
            }
            awaitPoolWarm(gateway, runs + 2);
            List<double[]> poolMemory = new ArrayList<>();
            for (long pid : gateway.warmPool()) {
                poolMemory.add(ReplicaMemoryBench.memory(pid));
            }
            List<double[]> replicaMemory = new ArrayList<>();
            for (long pid : gateway.replicaPids()) {
                replicaMemory.add(ReplicaMemoryBench.memory(pid));
            }

            List<Double> decisions = new ArrayList<>();
            int steps = Math.max(3, runs / 2);
            for (int i = 0; i < steps; i++) {
                decisions.add(loadStep(gateway, "step-" + i));
                System.out.printf(Locale.ROOT, "load step %d/%d: first scale-up decision after %.0f ms%n", i + 1,
                        steps, decisions.get(i));
            }

            StringBuilder report = new StringBuilder();
            report.append("Scaling in local mode (gateway defaults: start-up cache on, a decision every 500 ms),"
                    + " Java hello function:\n\n");
            report.append("| measure | median ms | worst ms | n |\n|---|---|---|---|\n");
            row(report, "warm call (baseline), sent → 200", warm);
            row(report, "scale from zero without the warm pool (baseline), sent → 200", fromZero);
            row(report, "scale from zero from the warm pool, sent → 200", fromPool);
            row(report, "10× load step (20 → 200 calls/s, scale type rps) → first scale-up decision", decisions);
            report.append(String.format(Locale.ROOT, "%nScale from zero costs %.0f× a warm call at the median"
                    + " without the warm pool, %.0f× from it; from the pool / without: %.2f."
                    + " Calls made: %d; not answered 200: %d.%n", Stats.median(fromZero) / Stats.median(warm),
                    Stats.median(fromPool) / Stats.median(warm), Stats.median(fromPool) / Stats.median(fromZero),
                    calls.get(), failed.get()));
            report.append(String.format(Locale.ROOT, "%nThe warm pool idle (JFAAS_LOCAL_WARM_POOL=1, /proc smaps_rollup):"
                    + " %s; an idle replica of the same function for comparison: %s.%n", memory(poolMemory),
                    memory(replicaMemory)));
            return report.toString();
        }
    }

    /**
     * A new function at 1 replica, 20 calls per second for 8 s (the stable window sees it), then 200 per second:
     * milliseconds from the step to the decision that raises the replicas.
     */
    private double loadStep(LocalGateway gateway, String name) throws Exception {
        gateway.deploy(name, Map.of("com.openfaas.scale.type", "rps"));
        Server.await200(gateway.port(), "/function/" + name, "function " + name);
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2);
        try {
            ScheduledFuture<?> base = load.scheduleAtFixedRate(() -> fire(gateway, name), 0, 50, TimeUnit.MILLISECONDS);
            Thread.sleep(8000);
            base.cancel(false);
            Instant step = Instant.now();
            load.scheduleAtFixedRate(() -> fire(gateway, name), 0, 5, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode decision = gateway.status(name).path("autoscaler");
                if (decision.path("desiredReplicas").asInt() > 1) {
                    Instant decided = Instant.parse(decision.path("decidedAt").asText());
                    return Duration.between(step, decided).toNanos() / 1e6;
                }
                Thread.sleep(5);
            }
            throw new IllegalStateException("no scale-up decision for " + name + " within 30 s of the step");
        } finally {
            load.shutdownNow();
            load.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private void fire(LocalGateway gateway, String name) {
        calls.incrementAndGet();
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gateway.url("/function/" + name)))
                        .POST(HttpRequest.BodyPublishers.ofString("load")).build(),
                HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error != null || response.statusCode() != 200) {
                        failed.incrementAndGet();
                    }
                });
    }

    private static String memory(List<double[]> values) {
        if (values.isEmpty()) {
            return "none measured";
        }
        double[] first = values.getFirst();
        return String.format(Locale.ROOT, "RSS %.0f MiB, PSS %.0f MiB", first[0], first[1]);
    }

    /** Waits until the gateway has reported {@code warmed} pool JVMs warm in all, the last one still waiting. */
    private static void awaitPoolWarm(LocalGateway gateway, long warmed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (gateway.warmPoolWarmed() < warmed || gateway.warmPool().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm pool did not refill within 120 s (" + warmed + " expected)");
            }
            Thread.sleep(10);
        }
    }

    private static long poolPid(LocalGateway gateway) {
        return gateway.warmPool().iterator().next();
    }

    private double timedCall(LocalGateway gateway) throws Exception {
        return timedCall(gateway, "hello");
    }

    /** Milliseconds from sending one call of a function to its complete 200 answer. */
    private double timedCall(LocalGateway gateway, String name) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.url("/function/" + name)))
                .POST(HttpRequest.BodyPublishers.ofString("world")).build();
        calls.incrementAndGet();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            failed.incrementAndGet();
        }
        return millis;
    }

    /** Waits until the scaled-down replica's process has exited, so the next call really starts from zero. */
    private static void awaitNoReplicaProcess(LocalGateway gateway, int others) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (gateway.replicaProcesses() > others) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replica did not exit within 60 s of the scale to 0");
            }
            Thread.sleep(10);
        }
    }

    private static void row(StringBuilder report, String what, List<Double> millis) {
        report.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d |%n", what, Stats.median(millis),
                Stats.max(millis), millis.size()));
    }
}
