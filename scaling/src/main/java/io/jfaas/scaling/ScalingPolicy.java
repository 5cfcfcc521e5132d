package io.jfaas.scaling;

import io.jfaas.contracts.Durations;
import io.jfaas.model.Labels;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * One function's scaling settings: its {@code com.openfaas.scale.*} labels, checked, with the defaults filled in
 * (OpenFaaS's historical open-source defaults where it had them, OpenFaaS Pro's for the rest).
 *
 * <p>The load's default is jfaas's own: a function with neither {@code com.openfaas.scale.type} nor {@code .target}
 * is scaled on {@link ScaleType#SATURATION} (target 1: one replica's worth of its limits), because a jfaas replica
 * serves many calls at once and OpenFaaS's {@code rps} default of 50 per replica would ask for hundreds. A function
 * that sets either label keeps OpenFaaS's meaning: a {@code target} alone is calls per second ({@code rps}), as in
 * OpenFaaS, and a {@code type} of {@code rps}, {@code capacity} or {@code cpu} alone has OpenFaaS's target of 50.
 *
 * @param type what load is measured ({@code com.openfaas.scale.type}; default {@code saturation}, or {@code rps}
 *             when only {@code .target} is set)
 * @param target the load one replica should carry ({@code .target}; default 1 for {@code saturation}, 50 for the
 *               others)
 * @param targetProportion the share of the target aimed at ({@code .target-proportion}, default 0.90)
 * @param min the fewest replicas while the function is in use ({@code .min}, default 1; 0 counts as 1)
 * @param max the most replicas ({@code .max}, default 20)
 * @param zero whether an idle function goes to 0 replicas ({@code .zero}, default false)
 * @param zeroDuration how long it must be idle first ({@code .zero-duration}, default 15m)
 * @param downWindow scale-down stabilisation: never below the highest decision of this last period
 *                   ({@code .down.window}, default 0: only the stable window's average and the rate bound)
 * @param factor the percent of {@code max} one firing alert adds ({@code .factor}, default 20; 0 turns alert
 *               scaling off), for {@code /system/alert}
 */
public record ScalingPolicy(ScaleType type, double target, double targetProportion, int min, int max, boolean zero,
                            Duration zeroDuration, Duration downWindow, int factor) {

    public static final ScalingPolicy DEFAULT = new ScalingPolicy(ScaleType.SATURATION, 1, 0.90, 1, 20, false,
            Duration.ofMinutes(15), Duration.ZERO, 20);

    /** OpenFaaS's target for its own types ({@code rps}, {@code capacity}, {@code cpu}): its chart's default. */
    public static final double OPENFAAS_TARGET = 50;

    /** The target of {@link ScaleType#SATURATION}: one replica's worth of its limits. */
    public static final double SATURATION_TARGET = 1;

    /**
     * Reads a function's labels. Labels that are absent or blank take the defaults.
     *
     * @throws IllegalArgumentException naming the label and what it must be
     */
    public static ScalingPolicy fromLabels(Map<String, String> labels) {
        ScalingPolicy d = DEFAULT;
        boolean targetSet = isSet(labels, Labels.SCALE_TARGET);
        // OpenFaaS's default type is rps: a target without a type is calls per second, as there
        ScaleType type = read(labels, Labels.SCALE_TYPE, targetSet ? ScaleType.RPS : d.type, ScaleType::parse);
        double target = read(labels, Labels.SCALE_TARGET,
                type == ScaleType.SATURATION ? SATURATION_TARGET : OPENFAAS_TARGET,
                v -> positive(Double.parseDouble(v)));
        double proportion = read(labels, Labels.SCALE_TARGET_PROPORTION, d.targetProportion,
                v -> proportion(Double.parseDouble(v)));
        int min = read(labels, Labels.SCALE_MIN, d.min, v -> atLeast(0, Integer.parseInt(v)));
        int max = read(labels, Labels.SCALE_MAX, d.max, v -> atLeast(1, Integer.parseInt(v)));
        boolean zero = read(labels, Labels.SCALE_ZERO, d.zero, ScalingPolicy::bool);
        Duration zeroDuration = read(labels, Labels.SCALE_ZERO_DURATION, d.zeroDuration,
                v -> positive(duration(v)));
        Duration downWindow = read(labels, Labels.SCALE_DOWN_WINDOW, d.downWindow, ScalingPolicy::duration);
        int factor = read(labels, Labels.SCALE_FACTOR, d.factor, v -> percent(Integer.parseInt(v)));
        if (max < min) {
            throw new IllegalArgumentException("label " + Labels.SCALE_MAX + " (" + max + ") must not be below "
                    + Labels.SCALE_MIN + " (" + min + ")");
        }
        return new ScalingPolicy(type, target, proportion, min, max, zero, zeroDuration, downWindow, factor);
    }

    /**
     * Reads a function's labels, taking the defaults when any is invalid: for decisions about a function already
     * deployed (deploys are checked with {@link #fromLabels}), as OpenFaaS falls back on bad values.
     */
    public static ScalingPolicy fromLabelsOrDefault(Map<String, String> labels) {
        try {
            return fromLabels(labels);
        } catch (IllegalArgumentException e) {
            return DEFAULT;
        }
    }

    /** Scaling is off: min = max. */
    public boolean fixed() {
        return min == max;
    }

    /**
     * The loads a decision under this policy needs measured, for a replica with these limits: its type's; for
     * saturation calls in flight, CPU where a replica has a CPU limit (without one its CPU is not part of the
     * measure), and calls started when it may go to zero (calls in flight, sampled, miss quick calls: calls started
     * say it is in use). None when scaling is off.
     */
    public Set<ScaleType> measures(ReplicaLimits limits) {
        if (fixed()) {
            return EnumSet.noneOf(ScaleType.class);
        }
        Set<ScaleType> measured = EnumSet.copyOf(type.measures());
        if (type == ScaleType.SATURATION && limits.millicores() == 0) {
            measured.remove(ScaleType.CPU);
        }
        if (type == ScaleType.SATURATION && zero) {
            measured.add(ScaleType.RPS);
        }
        return measured;
    }

    /** The fewest replicas while the function is in use: {@code min}, but at least 1. */
    public int activeMin() {
        return Math.max(1, min);
    }

    /** The load each replica is given: target × proportion. */
    public double loadPerReplica() {
        return target * targetProportion;
    }

    /** This policy with another maximum (a back end's own bound). */
    public ScalingPolicy capped(int bound) {
        if (max <= bound) {
            return this;
        }
        return new ScalingPolicy(type, target, targetProportion, Math.min(min, bound), bound, zero, zeroDuration,
                downWindow, factor);
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private static boolean isSet(Map<String, String> labels, String key) {
        String value = labels.get(key);
        return value != null && !value.isBlank();
    }

    private static <T> T read(Map<String, String> labels, String key, T fallback, Parser<T> parser) {
        String value = labels.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return parser.parse(value.trim());
        } catch (IllegalArgumentException e) {
            String why = e instanceof NumberFormatException || e.getMessage() == null
                    ? "is not valid" : e.getMessage();
            throw new IllegalArgumentException("label " + key + " " + why + " (\"" + value + "\")", e);
        }
    }

    private static double positive(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("must be a number above 0");
        }
        return value;
    }

    private static Duration positive(Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("must be a duration above 0");
        }
        return value;
    }

    private static Duration duration(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be seconds (90) or a Go duration (90s, 15m, 1h30m)", e);
        }
    }

    private static double proportion(double value) {
        if (!(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("must be above 0 and at most 1");
        }
        return value;
    }

    private static int atLeast(int least, int value) {
        if (value < least) {
            throw new IllegalArgumentException("must be a whole number of " + least + " or more");
        }
        return value;
    }

    private static int percent(int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("must be a whole number from 0 to 100");
        }
        return value;
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }
}
