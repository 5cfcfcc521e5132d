package io.jfaas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jfaas.bench.hello.Handler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Does autoscaling help, or at least do no harm? The Java hello function in local mode (gateway defaults: start-up
 * cache on, slow start, a decision every 500 ms) under one load profile, measured second by second with wrk: a low
 * load (1 connection), a step to a saturating load (32 connections), and back to the low load. The same profile runs
 * against the function pinned at each fixed replica count from 1 to the machine's cores, then with no scale labels
 * (jfaas's default), then with OpenFaaS's default ({@code com.openfaas.scale.type=rps}, 50 per replica). The gateway
 * is warmed up first (its own JIT, on a function of its own), and the candidates run in rounds, in reverse order every
 * other round, so that no candidate always has the warmer gateway or the quieter machine. Each phase of the scaled
 * runs is compared, second by second after its first 5 s, with the best fixed count's median in the same phase over
 * all rounds (best: the highest median calls/s under the saturating load). Goal: calls/s at least 0.9× and p50 at
 * most 1.2× the best fixed count's; replicas back at the minimum after the load.
 */
final class ScalingStepBench {

    private static final int LOW_CONNECTIONS = 1;
    private static final int HIGH_CONNECTIONS = 32;
    private static final int SETTLE_SECONDS = 5;
    private static final int GATEWAY_WARM_UP_SECONDS = 20;

    private final Path gatewayDist;
    private final Path work;
    private final int lowSeconds;
    private final int highSeconds;
    private final int rounds;

    ScalingStepBench(Path gatewayDist, Path work, int highSeconds, int rounds) {
        this.gatewayDist = gatewayDist;
        this.work = work;
        this.highSeconds = highSeconds;
        this.rounds = rounds;
        this.lowSeconds = Math.max(SETTLE_SECONDS + 3, highSeconds / 3);
    }

    /** One second of one run. */
    record Second(String phase, int second, double rps, double p50, int replicas, int ready) {
    }

    /** One candidate's profiles, one per round, one after the other. */
    record Profile(String name, Map<String, String> labels, List<Second> seconds, double secondsToMinimum,
                   List<Second> lastRound) {

        Profile and(Profile next) {
            List<Second> all = new ArrayList<>(seconds);
            all.addAll(next.seconds());
            return new Profile(name, labels, all, Math.max(secondsToMinimum, next.secondsToMinimum()),
                    next.seconds());
        }

        List<Second> phase(String phase, boolean settledOnly) {
            return seconds.stream().filter(s -> s.phase().equals(phase))
                    .filter(s -> !settledOnly || s.second() > SETTLE_SECONDS).toList();
        }

        double medianRps(String phase) {
            return Stats.median(phase(phase, true).stream().map(Second::rps).toList());
        }

        double medianP50(String phase) {
            return Stats.median(phase(phase, true).stream().map(Second::p50).toList());
        }

        int mostReplicas() {
            return seconds.stream().mapToInt(Second::replicas).max().orElse(0);
        }
    }

    String run() throws Exception {
        Path functionJar = Jars.of(work.resolve("hello/function.jar"), Handler.class);
        int cores = Runtime.getRuntime().availableProcessors();
        record Candidate(String name, Map<String, String> labels, int minimum) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int n = 1; n <= cores; n++) {
            candidates.add(new Candidate("fixed-" + n, Map.of("com.openfaas.scale.min", Integer.toString(n),
                    "com.openfaas.scale.max", Integer.toString(n)), n));
        }
        candidates.add(new Candidate("default", Map.of(), 1));
        candidates.add(new Candidate("openfaas-rps", Map.of("com.openfaas.scale.type", "rps"), 1));
        Map<String, Profile> profiles = new LinkedHashMap<>();
        candidates.forEach(c -> profiles.put(c.name(), null));
        try (LocalGateway gateway = LocalGateway.start(gatewayDist, work, functionJar, Map.of())) {
            warmUp(gateway);
            for (int round = 0; round < rounds; round++) {
                List<Candidate> order = new ArrayList<>(candidates);
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Candidate c : order) {
                    Profile p = profile(gateway, c.name() + "-" + round, c.name(), c.labels(), c.minimum());
                    profiles.merge(c.name(), p, Profile::and);
                }
            }
        }
        List<Profile> fixed = profiles.values().stream().filter(p -> p.name().startsWith("fixed-")).toList();
        List<Profile> scaled = profiles.values().stream().filter(p -> !p.name().startsWith("fixed-")).toList();
        Profile best = fixed.stream().max(java.util.Comparator.comparingDouble(p -> p.medianRps("high")))
                .orElseThrow();

        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Load step in local mode, Java hello function: %d s at %d connection,"
                + " %d s at %d, %d s at %d (wrk, one run a second); %d rounds, the order reversed every other round,"
                + " after %d s warming the gateway up; medians of every second after each phase's first %d s.%n%n",
                lowSeconds, LOW_CONNECTIONS, highSeconds, HIGH_CONNECTIONS, lowSeconds, LOW_CONNECTIONS, rounds,
                GATEWAY_WARM_UP_SECONDS, SETTLE_SECONDS));
        report.append("| function | labels | low: calls/s, p50 ms | saturating: calls/s, p50 ms | back low: calls/s,"
                + " p50 ms | most replicas | back at min after |\n|---|---|---|---|---|---|---|\n");
        for (Profile p : concat(fixed, scaled)) {
            report.append(String.format(Locale.ROOT, "| %s | %s | %s, %.2f | %s, %.2f | %s, %.2f | %d | %s |%n",
                    p.name(), p.labels().isEmpty() ? "none" : p.labels().toString(),
                    Wrk.format(p.medianRps("low")), p.medianP50("low"),
                    Wrk.format(p.medianRps("high")), p.medianP50("high"),
                    Wrk.format(p.medianRps("back")), p.medianP50("back"), p.mostReplicas(),
                    Double.isNaN(p.secondsToMinimum()) ? "-" : String.format(Locale.ROOT, "%.0f s",
                            p.secondsToMinimum())));
        }
        report.append(String.format(Locale.ROOT, "%nBest fixed count: %s. Against it, each second after a phase's"
                + " first %d s (goal: calls/s ≥ 0.9×, p50 ≤ 1.2×); the last rows hold %s against its own medians:"
                + " how far single seconds of one configuration stray on this machine.%n%n", best.name(),
                SETTLE_SECONDS, best.name()));
        report.append("| function | phase | worst calls/s ratio | median calls/s ratio | worst p50 ratio | median p50"
                + " ratio | seconds meeting the goal |\n|---|---|---|---|---|---|---|\n");
        List<Profile> compared = new ArrayList<>(scaled);
        compared.add(new Profile(best.name() + " (itself)", best.labels(), best.seconds(), best.secondsToMinimum(),
                best.lastRound()));
        for (Profile p : compared) {
            for (String phase : List.of("low", "high", "back")) {
                List<Double> rpsRatios = p.phase(phase, true).stream().map(s -> s.rps() / best.medianRps(phase))
                        .toList();
                List<Double> p50Ratios = p.phase(phase, true).stream().map(s -> s.p50() / best.medianP50(phase))
                        .toList();
                long meeting = p.phase(phase, true).stream().filter(s -> s.rps() >= 0.9 * best.medianRps(phase)
                        && s.p50() <= 1.2 * best.medianP50(phase)).count();
                report.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %d of %d |%n",
                        p.name(), phase, rpsRatios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                        Stats.median(rpsRatios), Stats.max(p50Ratios), Stats.median(p50Ratios), meeting,
                        rpsRatios.size()));
            }
        }
        report.append(String.format(Locale.ROOT, "%nSecond by second (the last round), %s against %s:%n%n",
                scaled.get(0).name(), best.name()));
        report.append("| phase | s | calls/s | p50 ms | replicas (ready) | " + best.name() + " calls/s | "
                + best.name() + " p50 ms |\n|---|---|---|---|---|---|---|\n");
        List<Second> auto = scaled.get(0).lastRound();
        for (int i = 0; i < auto.size(); i++) {
            Second s = auto.get(i);
            Second b = i < best.lastRound().size() ? best.lastRound().get(i) : null;
            report.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %d (%d) | %s | %s |%n", s.phase(),
                    s.second(), Wrk.format(s.rps()), s.p50(), s.replicas(), s.ready(),
                    b == null ? "-" : Wrk.format(b.rps()),
                    b == null ? "-" : String.format(Locale.ROOT, "%.2f", b.p50())));
        }
        for (Profile p : scaled) {
            report.append(String.format(Locale.ROOT, "%n%s replicas, second by second (the last round): %s%n",
                    p.name(), p.lastRound().stream().map(s -> Integer.toString(s.replicas())).toList()));
        }
        return report.toString();
    }

    /** The gateway's own JIT: a function of its own, at the saturating load, then removed. */
    private static void warmUp(LocalGateway gateway) throws Exception {
        gateway.deploy("warm-up", Map.of("com.openfaas.scale.min", "1", "com.openfaas.scale.max", "1"));
        Server.await200(gateway.port(), "/function/warm-up", "function warm-up");
        Wrk.run(gateway.url("/function/warm-up"), HIGH_CONNECTIONS, GATEWAY_WARM_UP_SECONDS);
        gateway.remove("warm-up");
    }

    private static List<Profile> concat(List<Profile> a, List<Profile> b) {
        List<Profile> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Deploys one candidate, runs the profile against it, waits for it to be back at its minimum, removes it. */
    private Profile profile(LocalGateway gateway, String name, String candidate, Map<String, String> labels,
                            int minimum) throws Exception {
        gateway.deploy(name, labels);
        Server.await200(gateway.port(), "/function/" + name, "function " + name);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (gateway.status(name).path("availableReplicas").asInt() < minimum) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " has not " + minimum + " ready replicas after 120 s");
            }
            Thread.sleep(50);
        }
        String url = gateway.url("/function/" + name);
        List<Second> seconds = new ArrayList<>();
        phase(gateway, name, url, "low", LOW_CONNECTIONS, lowSeconds, seconds);
        phase(gateway, name, url, "high", HIGH_CONNECTIONS, highSeconds, seconds);
        phase(gateway, name, url, "back", LOW_CONNECTIONS, lowSeconds, seconds);
        double toMinimum = Double.NaN;
        long idleSince = System.nanoTime();
        long wait = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < wait) {
            if (gateway.status(name).path("replicas").asInt() <= minimum) {
                toMinimum = (System.nanoTime() - idleSince) / 1e9;
                break;
            }
            Thread.sleep(250);
        }
        System.out.printf(Locale.ROOT, "%s: %d s measured, back at %d replica(s) after %s s%n", name, seconds.size(),
                minimum, Double.isNaN(toMinimum) ? "more than 120" : String.format(Locale.ROOT, "%.0f", toMinimum));
        gateway.remove(name);
        return new Profile(candidate, new TreeMap<>(labels), seconds, toMinimum, seconds);
    }

    private static void phase(LocalGateway gateway, String name, String url, String phase, int connections,
                              int count, List<Second> seconds) throws Exception {
        for (int i = 1; i <= count; i++) {
            Wrk.Result result = Wrk.run(url, connections, 1);
            if (result.errors() > 0) {
                throw new IllegalStateException(name + ": " + result.errors() + " answers were not 2xx in " + phase);
            }
            JsonNode status = gateway.status(name);
            seconds.add(new Second(phase, i, result.requestsPerSecond(), result.p50Millis(),
                    status.path("replicas").asInt(), status.path("availableReplicas").asInt()));
        }
    }
}
