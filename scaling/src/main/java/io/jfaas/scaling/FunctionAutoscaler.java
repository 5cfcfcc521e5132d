package io.jfaas.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;

/**
 * One function's autoscaler: remembers the load it was shown over the stable window and decides, each time it is
 * asked, how many replicas the function should have. Deterministic: the time and the observation are passed in.
 * Not thread-safe; one caller asks at a time.
 *
 * <p>The rules, in order:
 * <ol>
 *   <li>min = max: scaling is off, the replicas are left as they are;</li>
 *   <li>at 0 replicas with no load the function stays parked at 0 (a call wakes it: the gateway's scale from zero);</li>
 *   <li>with {@code com.openfaas.scale.zero=true}, no load for {@code zero-duration} → 0;</li>
 *   <li>a burst (the panic window asks for {@code panicThreshold} × the ready replicas) → panic mode: the panic
 *       average decides, and replicas do not drop until a stable window passes without a burst;</li>
 *   <li>otherwise the stable window's average decides;</li>
 *   <li>within [max(min, 1), max], and at most the {@link Bound} of where the function runs (the machine's cores
 *       and memory in local mode), but never below the minimum;</li>
 *   <li>no scale-up while some of the replicas asked for are not ready yet (in a cluster, replicas the nodes have no
 *       room for never become ready: the nodes bound the plan);</li>
 *   <li>a scale-down keeps at least {@code replicas / maxScaleDownRate}, and the most replicas the load asked for
 *       within the down window;</li>
 *   <li>a count set from outside (a person's {@code POST /system/scale-function}, {@code faas-cli scale}, the UI) is
 *       honoured: the replicas stay there until a stable window has passed since it was set, and then move only for
 *       the load reason the decision states; only a burst scales it up sooner. A change is from outside when the replicas
 *       seen move to a count that is neither the last decision nor what was seen before (a replica count that lags
 *       behind the last decision is not one).</li>
 * </ol>
 *
 * <p>The load of {@link ScaleType#SATURATION} is how many replicas' worth of their limits the replicas are using:
 * calls in flight over each replica's {@code max_inflight}, or CPU over each replica's CPU limit, whichever is
 * higher. A replica with neither limit counts as never saturated: it serves calls concurrently on every core it
 * can reach, so another replica beside it only shares the same cores.
 */
public final class FunctionAutoscaler {

    private final ScalingWindows windows;
    private final ArrayDeque<Sample> loads = new ArrayDeque<>();
    private final ArrayDeque<Sample> recommendations = new ArrayDeque<>();
    private Instant lastActive;
    private Instant panicUntil;
    private int lastDesired = -1;
    private int lastSeen = -1;
    /** A count set from outside, and when it was seen; null when none holds. */
    private Instant setAt;
    private int setCount;

    public FunctionAutoscaler(ScalingWindows windows) {
        this.windows = windows;
    }

    /** The decision for what was seen now. Times must not go backwards between calls. */
    public Decision decide(Instant now, ScalingPolicy policy, Observation seen) {
        Measured measured = measure(policy, seen);
        remember(now, seen, measured.load());
        noticeSetFromOutside(now, seen);
        Decision decision = decideOn(now, policy, seen, measured);
        lastDesired = decision.desired();
        lastSeen = seen.replicas();
        return decision;
    }

    /**
     * Remembers a replica count that someone else set: it moved since the last look, and not to what the last
     * decision asked for. Waking from zero (the gateway's scale from zero) is not one.
     */
    private void noticeSetFromOutside(Instant now, Observation seen) {
        int replicas = seen.replicas();
        boolean moved = lastSeen >= 0 && replicas != lastSeen && replicas != lastDesired;
        boolean woken = lastDesired == 0 && lastSeen == 0;
        if (moved && !woken && replicas > 0) {
            setAt = now;
            setCount = replicas;
            lastActive = now; // and com.openfaas.scale.zero counts its idle time from here
        }
    }

    private Decision decideOn(Instant now, ScalingPolicy policy, Observation seen, Measured measured) {
        int current = seen.replicas();
        if (policy.fixed()) {
            return new Decision(current, current, ScalingMode.FIXED, seen.load(), "scaling is off: "
                    + "com.openfaas.scale.min = com.openfaas.scale.max = " + policy.min());
        }
        if (current == 0 && !seen.active()) {
            return record(now, new Decision(0, 0, ScalingMode.IDLE, 0, "idle at 0 replicas: the next call wakes it"));
        }
        Duration idle = Duration.between(lastActive, now);
        if (policy.zero() && !seen.active() && idle.compareTo(policy.zeroDuration()) >= 0) {
            return record(now, new Decision(0, current, ScalingMode.IDLE, 0, "no load for " + words(idle)
                    + " (com.openfaas.scale.zero-duration " + words(policy.zeroDuration()) + ") → 0"));
        }

        double perReplica = policy.loadPerReplica();
        double stableLoad = average(now, windows.stable());
        double panicLoad = average(now, windows.panic());
        int stableWant = replicasFor(stableLoad, perReplica);
        int panicWant = replicasFor(panicLoad, perReplica);
        int ready = Math.max(1, seen.ready());
        boolean burst = panicWant >= windows.panicThreshold() * ready && panicWant > current;
        if (burst) {
            panicUntil = now.plus(windows.stable());
        } else if (panicUntil != null && !now.isBefore(panicUntil)) {
            panicUntil = null;
        }

        ScalingMode mode;
        int want;
        double load;
        StringBuilder reason = new StringBuilder();
        if (panicUntil != null) {
            mode = ScalingMode.PANIC;
            load = panicLoad;
            want = Math.max(Math.max(panicWant, stableWant), current);
            reason.append(burst ? "burst: " : "after a burst: ").append(amount(panicLoad, policy, measured))
                    .append(" over ").append(words(windows.panic())).append(" needs ").append(panicWant)
                    .append(burst ? " (≥ " + number(windows.panicThreshold()) + "× the " + seen.ready() + " ready)"
                            : "; no scale-down until " + words(windows.stable()) + " without a burst");
        } else {
            mode = ScalingMode.STABLE;
            load = stableLoad;
            want = stableWant;
            reason.append(amount(stableLoad, policy, measured)).append(" over ").append(words(windows.stable()))
                    .append(" at ").append(number(perReplica)).append(" per replica needs ").append(stableWant);
        }
        if (want < policy.activeMin()) {
            want = policy.activeMin();
            reason.append("; at least min ").append(want);
        } else if (want > policy.max()) {
            want = policy.max();
            reason.append("; at most max ").append(want);
        }
        Bound bound = seen.bound();
        if (want > bound.replicas() && want > policy.activeMin()) {
            want = Math.max(bound.replicas(), policy.activeMin());
            reason.append("; at ").append(bound.reason());
        }
        int recommended = want;
        if (want > current && current > 0 && seen.ready() < current) {
            want = current;
            reason.append("; ").append(Bound.waitingFor(current - seen.ready(), current));
        }
        if (want < current) {
            int floor = (int) Math.ceil(current / windows.maxScaleDownRate());
            if (want < floor) {
                want = floor;
                reason.append("; scale-down limited to ").append(floor);
            }
            int recent = highestSince(now.minus(policy.downWindow()));
            if (want < recent) {
                want = recent;
                reason.append("; held at ").append(recent).append(" by com.openfaas.scale.down.window ")
                        .append(words(policy.downWindow()));
            }
        }
        if (setAt != null && !now.isBefore(setAt.plus(windows.stable()))) {
            setAt = null;
        }
        if (setAt != null && want != current) {
            int held = want < current ? Math.min(setCount, current) : current;
            boolean heldBack = want < current ? want < held : mode != ScalingMode.PANIC;
            if (heldBack) {
                want = held;
                reason.append("; held at ").append(held).append(", set by a scale request ")
                        .append(words(Duration.between(setAt, now))).append(" ago, for the stable window ")
                        .append(words(windows.stable()));
                if (mode != ScalingMode.PANIC) {
                    reason.append(" (a burst still scales up)");
                }
            }
        }
        recommendations.addLast(new Sample(now, recommended));
        return new Decision(want, current, mode, load, reason.toString());
    }

    /** Whether the last decision left the function in panic mode. */
    public boolean panicking() {
        return panicUntil != null;
    }

    private void remember(Instant now, Observation seen, double load) {
        loads.addLast(new Sample(now, load));
        Instant horizon = now.minus(windows.stable());
        while (!loads.isEmpty() && !loads.peekFirst().at().isAfter(horizon)) {
            loads.removeFirst();
        }
        // replicas where the last decision left none: a call woke the function
        boolean woken = lastDesired == 0 && seen.replicas() > 0;
        if (lastActive == null || seen.active() || woken) {
            lastActive = now;
        }
    }

    private Decision record(Instant now, Decision decision) {
        recommendations.addLast(new Sample(now, decision.desired()));
        return decision;
    }

    /**
     * The highest replicas the load asked for after {@code since} (before the scale-down bounds); older
     * recommendations are forgotten.
     */
    private int highestSince(Instant since) {
        int highest = 0;
        for (Iterator<Sample> it = recommendations.iterator(); it.hasNext(); ) {
            Sample recommendation = it.next();
            if (!recommendation.at().isAfter(since)) {
                it.remove();
            } else {
                highest = Math.max(highest, (int) recommendation.value());
            }
        }
        return highest;
    }

    /** The mean of the loads seen within the last {@code window}, now's included. */
    private double average(Instant now, Duration window) {
        Instant horizon = now.minus(window);
        double sum = 0;
        int count = 0;
        for (Iterator<Sample> it = loads.descendingIterator(); it.hasNext(); ) {
            Sample sample = it.next();
            if (!sample.at().isAfter(horizon)) {
                break;
            }
            sum += sample.value();
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    private static int replicasFor(double load, double perReplica) {
        double replicas = Math.ceil(load / perReplica);
        return replicas >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) replicas;
    }

    private static String amount(double load, ScalingPolicy policy, Measured measured) {
        if (policy.type() != ScaleType.SATURATION) {
            return number(load) + " " + policy.type().unit();
        }
        return String.format(Locale.ROOT, "%.2f", load) + " " + policy.type().unit() + " (now " + measured.words()
                + ")";
    }

    /**
     * The load this observation adds to the windows, in the policy's type, and for saturation the measure that set
     * it in words.
     */
    private static Measured measure(ScalingPolicy policy, Observation seen) {
        if (policy.type() != ScaleType.SATURATION) {
            return new Measured(seen.load(), "");
        }
        ReplicaLimits limits = seen.limits();
        int replicas = Math.max(1, seen.ready());
        double byCalls = limits.maxInflight() > 0 ? seen.load() / limits.maxInflight() : 0;
        double byCpu = limits.millicores() > 0 ? seen.millicores() / limits.millicores() : 0;
        if (!limits.any()) {
            return new Measured(0, number(seen.load()) + " in flight; no max_inflight or CPU limit: one replica"
                    + " serves them all at once");
        }
        if (limits.maxInflight() > 0 && (byCalls >= byCpu || limits.millicores() == 0)) {
            return new Measured(byCalls, "in flight " + number(seen.load() / replicas) + " of max_inflight "
                    + limits.maxInflight() + " a replica");
        }
        return new Measured(byCpu, "cpu " + cores(seen.millicores() / replicas) + " of " + cores(limits.millicores())
                + " cores a replica");
    }

    private static String cores(double millicores) {
        return number(Math.round(millicores / 100) / 10.0);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /** A duration as Go writes it: 30s, 15m0s is written 15m, 1.5s. */
    static String words(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis < 1000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private record Sample(Instant at, double value) {
    }

    private record Measured(double load, String words) {
    }
}
