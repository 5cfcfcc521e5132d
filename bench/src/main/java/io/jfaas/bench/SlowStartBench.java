package io.jfaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.bench.hello.Handler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a cold replica does to a function under load, with slow start and without: the Java hello function at one
 * warm replica under a saturating load (32 connections, wrk a second at a time), scaled to 2 by a scale call while
 * the load goes on. The second replica is a new JVM, interpreting and compiling; with {@code JFAAS_SLOW_START=0} it
 * takes an equal share of calls at once, with the default (30 s) a share rising from a tenth. Each setting runs in its
 * own gateway, in rounds that alternate the order, after 40 s of the same load (the gateway's and the first replica's
 * JIT, and the start-up cache trained on the first deploy); the figures are the medians of the seconds before the
 * scale call and of the first 10 s after the new replica is ready.
 */
final class SlowStartBench {

    private static final int CONNECTIONS = 32;
    private static final int WARM_UP_SECONDS = 40;
    private static final int BEFORE_SECONDS = 3;
    private static final int AFTER_SECONDS = 10;

    private final Path gatewayDist;
    private final Path work;
    private final int rounds;

    SlowStartBench(Path gatewayDist, Path work, int rounds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.rounds = rounds;
    }

    /** One second of calls: its figures and the ready replicas after it. */
    record Second(double rps, double p50, int ready) {
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        List<String> settings = List.of("0", "30s");
        Map<String, List<Double>> beforeRps = new TreeMap<>();
        Map<String, List<Double>> beforeP50 = new TreeMap<>();
        Map<String, List<Double>> afterRps = new TreeMap<>();
        Map<String, List<Double>> afterP50 = new TreeMap<>();
        Map<String, List<Second>> lastRound = new TreeMap<>();
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(settings);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String setting : order) {
                List<Second> seconds = new ArrayList<>();
                int readyAt = scaleOutUnderLoad(setting, round, functionJar, seconds);
                List<Second> before = seconds.subList(0, BEFORE_SECONDS);
                List<Second> after = seconds.subList(readyAt, Math.min(seconds.size(), readyAt + AFTER_SECONDS));
                beforeRps.computeIfAbsent(setting, k -> new ArrayList<>()).addAll(before.stream().map(Second::rps)
                        .toList());
                beforeP50.computeIfAbsent(setting, k -> new ArrayList<>()).addAll(before.stream().map(Second::p50)
                        .toList());
                afterRps.computeIfAbsent(setting, k -> new ArrayList<>()).addAll(after.stream().map(Second::rps)
                        .toList());
                afterP50.computeIfAbsent(setting, k -> new ArrayList<>()).addAll(after.stream().map(Second::p50)
                        .toList());
                lastRound.put(setting, seconds);
                System.out.printf(Locale.ROOT, "JFAAS_SLOW_START=%s, round %d: second replica ready in second %d%n",
                        setting, round + 1, readyAt + 1);
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Scale-out under load in local mode, Java hello function: 1"
                + " replica at %d connections (after %d s of it), then a scale call to 2 while the load goes on; %d"
                + " rounds per setting, alternating. Medians of the %d s before the call and of the first %d s after"
                + " the new replica is ready.%n%n", CONNECTIONS, WARM_UP_SECONDS, rounds, BEFORE_SECONDS,
                AFTER_SECONDS));
        report.append("| JFAAS_SLOW_START | before: calls/s | before: p50 ms | after: calls/s | after: p50 ms |"
                + " after/before calls/s | after/before p50 |\n|---|---|---|---|---|---|---|\n");
        for (String setting : settings) {
            double bRps = Stats.median(beforeRps.get(setting));
            double bP50 = Stats.median(beforeP50.get(setting));
            double aRps = Stats.median(afterRps.get(setting));
            double aP50 = Stats.median(afterP50.get(setting));
            report.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f | %.2f | %.2f |%n", setting,
                    Wrk.format(bRps), bP50, Wrk.format(aRps), aP50, aRps / bRps, aP50 / bP50));
        }
        for (String setting : settings) {
            report.append(String.format(Locale.ROOT, "%nJFAAS_SLOW_START=%s, the last round, second by second"
                    + " (calls/s, p50 ms, ready replicas): %s%n", setting, lastRound.get(setting).stream()
                    .map(s -> String.format(Locale.ROOT, "%s/%.2f/%d", Wrk.format(s.rps()), s.p50(), s.ready()))
                    .toList()));
        }
        return report.toString();
    }

    /** Runs one gateway with this setting; returns the index of the first second with 2 ready replicas. */
    private int scaleOutUnderLoad(String setting, int round, Path functionJar, List<Second> seconds)
            throws Exception {
        Path dir = work.resolve("slow-start-" + setting + "-" + round);
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, dir, functionJar, Map.of("JFAAS_SLOW_START", setting))) {
            // min = max: the autoscaler leaves it alone; only the scale call moves it
            gateway.deploy("hello", Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"));
            Server.await200(gateway.port(), "/function/hello", "the deployed function");
            String url = gateway.url("/function/hello");
            Wrk.run(url, CONNECTIONS, WARM_UP_SECONDS);
            int readyAt = -1;
            for (int i = 0; i < 60 && (readyAt < 0 || i < readyAt + AFTER_SECONDS); i++) {
                if (i == BEFORE_SECONDS) {
                    gateway.scale("hello", 2);
                }
                Wrk.Result result = Wrk.run(url, CONNECTIONS, 1);
                if (result.errors() > 0) {
                    throw new IllegalStateException(result.errors() + " answers were not 2xx");
                }
                JsonNode status = gateway.status("hello");
                int ready = status.path("availableReplicas").asInt();
                seconds.add(new Second(result.requestsPerSecond(), result.p50Millis(), ready));
                if (readyAt < 0 && ready >= 2) {
                    // the second in which it became ready is mixed: count from the next one
                    readyAt = i + 1;
                }
            }
            if (readyAt < 0) {
                throw new IllegalStateException("the second replica was not ready within 60 s");
            }
            return Math.min(readyAt, seconds.size() - 1);
        }
    }
}
