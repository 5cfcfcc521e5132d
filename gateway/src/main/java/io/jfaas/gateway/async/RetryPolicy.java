package io.jfaas.gateway.async;

import io.jfaas.contracts.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * When a failed call is tried again, and after how long: up to {@code attempts} attempts in all, for the listed status
 * codes, waiting {@code minWait}, then twice that, and so on up to {@code maxWait}, with jitter (a random point in the
 * upper half of each wait). A function overrides any part with OpenFaaS's annotations
 * {@code com.openfaas.retry.attempts}, {@code .codes}, {@code .min_wait} and {@code .max_wait}.
 *
 * @param attempts how many times a call is made at most, the first included (1: never retried)
 * @param codes the HTTP statuses that are retried
 * @param minWait the wait before the first retry
 * @param maxWait the longest wait between two attempts
 */
public record RetryPolicy(int attempts, Set<Integer> codes, Duration minWait, Duration maxWait) {

    static final String ATTEMPTS = "com.openfaas.retry.attempts";
    static final String CODES = "com.openfaas.retry.codes";
    static final String MIN_WAIT = "com.openfaas.retry.min_wait";
    static final String MAX_WAIT = "com.openfaas.retry.max_wait";

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (minWait.isNegative() || maxWait.compareTo(minWait) < 0) {
            throw new IllegalArgumentException("the waits must satisfy 0 <= min_wait (" + minWait
                    + ") <= max_wait (" + maxWait + ")");
        }
        codes = Set.copyOf(codes);
    }

    /** Whether a call that answered {@code status} on attempt {@code attempt} is made again. */
    boolean retries(int status, int attempt) {
        return attempt < attempts && codes.contains(status);
    }

    /** The wait after attempt {@code attempt} failed: exponential from {@code minWait}, capped, with jitter. */
    Duration delayAfter(int attempt, RandomGenerator random) {
        long min = minWait.toMillis();
        long max = maxWait.toMillis();
        long wait = min;
        for (int i = 1; i < attempt && wait < max; i++) {
            wait = Math.min(max, wait * 2);
        }
        wait = Math.min(max, wait);
        long half = wait / 2;
        return Duration.ofMillis(half + (wait - half == 0 ? 0 : random.nextLong(wait - half + 1)));
    }

    /** This policy with a function's {@code com.openfaas.retry.*} annotations applied; a bad value names its key. */
    RetryPolicy with(Map<String, String> annotations) {
        if (annotations == null || annotations.isEmpty()) {
            return this;
        }
        int newAttempts = attempts;
        Set<Integer> newCodes = codes;
        Duration newMin = minWait;
        Duration newMax = maxWait;
        try {
            if (annotations.containsKey(ATTEMPTS)) {
                newAttempts = Integer.parseInt(annotations.get(ATTEMPTS).trim());
            }
            if (annotations.containsKey(CODES)) {
                newCodes = parseCodes(annotations.get(CODES));
            }
            if (annotations.containsKey(MIN_WAIT)) {
                newMin = Durations.parse(annotations.get(MIN_WAIT).trim());
            }
            if (annotations.containsKey(MAX_WAIT)) {
                newMax = Durations.parse(annotations.get(MAX_WAIT).trim());
            }
            if (newMax.compareTo(newMin) < 0) {
                newMax = newMin;
            }
            return new RetryPolicy(newAttempts, newCodes, newMin, newMax);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad com.openfaas.retry.* annotation " + annotations + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code "408,429, 500"} as a set; a word that is not a status from 100 to 599 fails. */
    static Set<Integer> parseCodes(String text) {
        Set<Integer> codes = new TreeSet<>();
        for (String part : text.split(",")) {
            String code = part.trim();
            if (code.isEmpty()) {
                continue;
            }
            int status;
            try {
                status = Integer.parseInt(code);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + code + "\" is not an HTTP status code");
            }
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException(status + " is not an HTTP status code");
            }
            codes.add(status);
        }
        return codes;
    }

    /** For logs: {@code 3 attempts on 408, 429, 500, 502, 503, 504, waiting 10s to 2m between them}. */
    public String describe() {
        return attempts + " attempts on " + codes.stream().sorted().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + ", waiting " + text(minWait) + " to "
                + text(maxWait) + " between them";
    }

    private static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
