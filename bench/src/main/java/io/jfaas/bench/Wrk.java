package io.jfaas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (Debian package {@code wrk}) against a URL and reads its requests per second and latency percentiles. */
final class Wrk {

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ");

    private Wrk() {
    }

    /**
     * One wrk run's figures.
     *
     * @param requestsPerSecond throughput
     * @param p50Millis median latency
     * @param p99Millis 99th percentile latency
     * @param errors answers that were not 2xx or 3xx
     * @param requests requests answered (for medians: the sum over the runs)
     */
    record Result(double requestsPerSecond, double p50Millis, double p99Millis, long errors, long requests) {
    }

    /**
     * The medians of {@code rounds} alternating runs against a baseline and a candidate, in the same conditions.
     *
     * @param baseline the baseline's median figures
     * @param candidate the candidate's median figures
     */
    record Comparison(Result baseline, Result candidate) {
    }

    /** Alternates runs against the two URLs; fails if either answers anything but 2xx or 3xx. */
    static Comparison compare(String baselineUrl, String candidateUrl, int connections, int rounds, int seconds)
            throws IOException, InterruptedException {
        List<Result> baseline = new ArrayList<>();
        List<Result> candidate = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            baseline.add(run(baselineUrl, connections, seconds));
            candidate.add(run(candidateUrl, connections, seconds));
        }
        if (baseline.stream().anyMatch(r -> r.errors() > 0) || candidate.stream().anyMatch(r -> r.errors() > 0)) {
            throw new IllegalStateException("non-2xx answers during the benchmark");
        }
        return new Comparison(medians(baseline), medians(candidate));
    }

    /**
     * One URL's figures from {@link #compareAll}.
     *
     * @param result the medians of its runs
     * @param cpu the CPU time each clock passed in advanced during this URL's own runs (not the others'), in the
     *            clocks' order
     */
    record Measured(Result result, List<Duration> cpu) {
    }

    /**
     * Runs against each URL in turn, {@code rounds} times, reading {@code clocks} (processes' CPU time) just before
     * and after each run; per URL, in their order: the medians, and the CPU each clock's process spent during that
     * URL's runs. A process is charged only for the runs it is measured in, not for what it does while another URL
     * is driven (a gateway's timers, or its reading of a replica's log lines for calls that came through another
     * proxy).
     */
    static List<Measured> compareAll(List<String> urls, List<Supplier<Duration>> clocks, int connections,
                                     int rounds, int seconds) throws IOException, InterruptedException {
        List<List<Result>> results = new ArrayList<>();
        List<Duration[]> cpu = new ArrayList<>();
        for (int u = 0; u < urls.size(); u++) {
            results.add(new ArrayList<>());
            Duration[] spent = new Duration[clocks.size()];
            java.util.Arrays.fill(spent, Duration.ZERO);
            cpu.add(spent);
        }
        for (int i = 0; i < rounds; i++) {
            for (int u = 0; u < urls.size(); u++) {
                List<Duration> before = clocks.stream().map(Supplier::get).toList();
                results.get(u).add(run(urls.get(u), connections, seconds));
                for (int c = 0; c < clocks.size(); c++) {
                    cpu.get(u)[c] = cpu.get(u)[c].plus(clocks.get(c).get().minus(before.get(c)));
                }
            }
        }
        for (int u = 0; u < urls.size(); u++) {
            if (results.get(u).stream().anyMatch(r -> r.errors() > 0)) {
                throw new IllegalStateException("non-2xx answers from " + urls.get(u) + " during the benchmark");
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (int u = 0; u < urls.size(); u++) {
            measured.add(new Measured(medians(results.get(u)), List.of(cpu.get(u))));
        }
        return measured;
    }

    private static Result medians(List<Result> results) {
        return new Result(Stats.median(results.stream().map(Result::requestsPerSecond).toList()),
                Stats.median(results.stream().map(Result::p50Millis).toList()),
                Stats.median(results.stream().map(Result::p99Millis).toList()),
                results.stream().mapToLong(Result::errors).sum(),
                results.stream().mapToLong(Result::requests).sum());
    }

    static Result run(String url, int connections, int seconds) throws IOException, InterruptedException {
        int threads = Math.min(connections, 2);
        Process process = new ProcessBuilder(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s",
                "--latency", url)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        Matcher rps = RPS.matcher(output);
        if (!rps.find()) {
            throw new IllegalStateException("wrk printed no Requests/sec:\n" + output);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher percentile = PERCENTILE.matcher(output);
        while (percentile.find()) {
            double value = Double.parseDouble(percentile.group(2)) * switch (percentile.group(3)) {
                case "us" -> 0.001;
                case "ms" -> 1.0;
                default -> 1000.0;
            };
            if (percentile.group(1).equals("50")) {
                p50 = value;
            } else {
                p99 = value;
            }
        }
        Matcher errors = ERRORS.matcher(output);
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IllegalStateException("wrk printed no request count:\n" + output);
        }
        return new Result(Double.parseDouble(rps.group(1)), p50, p99,
                errors.find() ? Long.parseLong(errors.group(1)) : 0, Long.parseLong(requests.group(1)));
    }

    static String format(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.2f", value);
    }
}
