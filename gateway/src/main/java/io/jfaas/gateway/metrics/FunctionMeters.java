package io.jfaas.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One function's invocation meters, looked up once per call and cached per status code, so the hot path costs a map
 * read and a few atomic adds.
 */
public final class FunctionMeters {

    /** The Go client's default histogram buckets, which OpenFaaS's gateway uses. */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final String functionName;
    private final LongAdder started = new LongAdder();
    private final AtomicLong inFlight = new AtomicLong();
    private final LongAdder completed = new LongAdder();
    private final ConcurrentMap<Integer, ByCode> byCode = new ConcurrentHashMap<>();
    private final RecentCalls recent = new RecentCalls();

    FunctionMeters(MeterRegistry registry, String functionName) {
        this.registry = registry;
        this.functionName = functionName;
        // a gauge, not a counter: Prometheus counters get a _total suffix, and OpenFaaS's name has none
        Gauge.builder("gateway_function_invocation_started", started, LongAdder::sum)
                .description("Invocations started (monotonic)")
                .tag("function_name", functionName)
                .register(registry);
        Gauge.builder("gateway_function_invocation_inflight", inFlight, AtomicLong::get)
                .description("Invocations in progress")
                .tag("function_name", functionName)
                .register(registry);
    }

    /** A call was accepted for this function. */
    public void started() {
        started.increment();
        inFlight.incrementAndGet();
    }

    /** A call that {@link #started()} ended with this status after this many nanoseconds. */
    public void finished(int status, long nanos) {
        finished(status, nanos, null);
    }

    /** The same, for a call with this {@code X-Call-Id} (kept among the function's {@link RecentCalls}). */
    public void finished(int status, long nanos, String callId) {
        recent.add(new RecentCalls.Call(System.currentTimeMillis(), status, nanos / 1e6, callId));
        inFlight.decrementAndGet();
        completed.increment();
        ByCode meters = byCode.get(status);
        if (meters == null) {
            meters = byCode.computeIfAbsent(status, this::register);
        }
        meters.count.increment();
        meters.duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The last calls it completed. */
    public RecentCalls recent() {
        return recent;
    }

    /** Calls in progress. */
    public long inFlight() {
        return inFlight.get();
    }

    long startedCount() {
        return started.sum();
    }

    long completed() {
        return completed.sum();
    }

    /** Completed calls answered with a status of 400 or more (read when asked for, at no cost to a call). */
    long failed() {
        return byCode.entrySet().stream().filter(e -> e.getKey() >= 400)
                .mapToLong(e -> (long) e.getValue().count().count()).sum();
    }

    private ByCode register(int status) {
        String code = Integer.toString(status);
        return new ByCode(
                Counter.builder("gateway_function_invocation")
                        .description("Invocations completed, by status code")
                        .tag("function_name", functionName).tag("code", code)
                        .register(registry),
                Timer.builder("gateway_functions")
                        .description("Duration of invocations, by status code")
                        .tag("function_name", functionName).tag("code", code)
                        .serviceLevelObjectives(BUCKETS)
                        .register(registry));
    }

    private record ByCode(Counter count, Timer duration) {
    }
}
