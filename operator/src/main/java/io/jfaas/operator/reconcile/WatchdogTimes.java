package io.jfaas.operator.reconcile;

import io.jfaas.contracts.Durations;
import io.jfaas.contracts.WatchdogSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The watchdog's shutdown, read from a function's environment as the watchdog reads it: on SIGTERM it waits
 * {@code healthcheck_interval} (default {@link WatchdogSettings#HEALTHCHECK_INTERVAL_DEFAULT}) for the endpoints to drop the pod, then
 * lets calls in flight finish within {@code write_timeout} (default {@link WatchdogSettings#WRITE_TIMEOUT_DEFAULT}). The pod's
 * {@code terminationGracePeriodSeconds} covers both, so Kubernetes never kills a replica mid-call.
 *
 * @param healthcheckInterval the wait before draining
 * @param writeTimeout        the drain limit
 */
record WatchdogTimes(Duration healthcheckInterval, Duration writeTimeout) {

    /** Time for the JVM to exit after the drain. */
    static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

    static WatchdogTimes of(Map<String, String> environment) throws SpecProblem {
        return new WatchdogTimes(duration(environment, WatchdogSettings.HEALTHCHECK_INTERVAL,
                        WatchdogSettings.HEALTHCHECK_INTERVAL_DEFAULT),
                duration(environment, WatchdogSettings.WRITE_TIMEOUT, WatchdogSettings.WRITE_TIMEOUT_DEFAULT));
    }

    /** How long the watchdog may take from SIGTERM to the end of its drain. */
    Duration drain() {
        return healthcheckInterval.plus(writeTimeout);
    }

    /** The pod's grace period: the drain and a margin, in whole seconds. */
    long terminationGracePeriodSeconds() {
        Duration grace = drain().plus(EXIT_MARGIN);
        return grace.toSeconds() + (grace.toNanosPart() > 0 ? 1 : 0);
    }

    private static Duration duration(Map<String, String> environment, String key, Duration fallback)
            throws SpecProblem {
        String value = environment.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            Duration duration = Durations.parse(value);
            if (!duration.isNegative()) {
                return duration;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new SpecProblem(SpecProblem.INVALID_ENVIRONMENT, "environment." + key + ": \"" + value
                + "\" is not a duration: use seconds (30) or a Go duration (30s, 1m)");
    }
}
