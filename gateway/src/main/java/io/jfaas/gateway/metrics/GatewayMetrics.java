package io.jfaas.gateway.metrics;

import io.jfaas.model.AutoscalerStatus;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway's Prometheus metrics, with OpenFaaS's names and labels ({@code function_name} is always
 * {@code name.namespace}):
 * <ul>
 *   <li>{@code gateway_function_invocation_total{function_name,code}}: calls completed, by status;</li>
 *   <li>{@code gateway_functions_seconds{function_name,code}}: their duration, a histogram with the Go client's
 *       default buckets (.005 to 10 s);</li>
 *   <li>{@code gateway_function_invocation_started{function_name}}: calls started;</li>
 *   <li>{@code gateway_function_invocation_inflight{function_name}}: calls in progress;</li>
 *   <li>{@code gateway_service_count{function_name}}: desired replicas, refreshed before each scrape;</li>
 *   <li>{@code jfaas_autoscaler_desired_replicas}, {@code jfaas_autoscaler_load} and {@code jfaas_autoscaler_panic}
 *       {@code {function_name}}: the autoscaler's last decision (local mode);</li>
 * </ul>
 * plus the JVM's memory, GC, thread and CPU meters. Only functions the provider knows get meters, so calls to made-up
 * names cannot grow the registry.
 */
public final class GatewayMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<FunctionRef, FunctionMeters> functions = new ConcurrentHashMap<>();
    private final MultiGauge serviceCount = MultiGauge.builder("gateway_service_count")
            .description("Desired replicas of each function")
            .register(registry);
    private final ConcurrentMap<FunctionRef, ScalingGauges> scaling = new ConcurrentHashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final FunctionHistory history = new FunctionHistory(this);

    public GatewayMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The meters of one function, created on first use. */
    public FunctionMeters function(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters != null ? meters : functions.computeIfAbsent(ref, r -> new FunctionMeters(registry, r.toString()));
    }

    /** Completed calls of a function since the gateway started, for {@code invocationCount}. */
    public long invocations(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters == null ? 0 : meters.completed();
    }

    /** Completed calls of a function since the gateway started that were answered with 400 or more. */
    public long failedInvocations(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters == null ? 0 : meters.failed();
    }

    /** A function's last completed calls, newest first; none for a function never called. */
    public List<RecentCalls.Call> recentCalls(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters == null ? List.of() : meters.recent().newestFirst();
    }

    /** The last minutes of each function's calls and replicas, once {@link FunctionHistory#start started}. */
    public FunctionHistory history() {
        return history;
    }

    /** Calls of a function started since the gateway started. */
    public long started(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters == null ? 0 : meters.startedCount();
    }

    /** Calls of a function in progress now. */
    public long inFlight(FunctionRef ref) {
        FunctionMeters meters = functions.get(ref);
        return meters == null ? 0 : meters.inFlight();
    }

    /**
     * Sets the autoscaler's last decision for each of these functions and drops the rows of functions not among them.
     * Each function's gauges are registered once and read the latest decision, so a scrape never misses a row.
     */
    public void autoscalerDecisions(Map<FunctionRef, AutoscalerStatus> decisions) {
        decisions.forEach((ref, decision) -> scaling.computeIfAbsent(ref, r -> new ScalingGauges(registry, r, decision))
                .last.set(decision));
        scaling.entrySet().removeIf(entry -> {
            if (decisions.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().remove(registry);
            return true;
        });
    }

    /** One function's autoscaler gauges, reading its last decision. */
    private static final class ScalingGauges {
        final AtomicReference<AutoscalerStatus> last;
        final List<Gauge> gauges;

        ScalingGauges(MeterRegistry registry, FunctionRef ref, AutoscalerStatus first) {
            last = new AtomicReference<>(first);
            Tags tags = Tags.of("function_name", ref.toString());
            gauges = List.of(
                    Gauge.builder("jfaas_autoscaler_desired_replicas", last, d -> d.get().desiredReplicas())
                            .description("Replicas the autoscaler last decided on for each function")
                            .tags(tags).register(registry),
                    Gauge.builder("jfaas_autoscaler_load", last, d -> d.get().load())
                            .description("The load the autoscaler last decided on, in the unit of"
                                    + " com.openfaas.scale.type")
                            .tags(tags).register(registry),
                    Gauge.builder("jfaas_autoscaler_panic", last, d -> "panic".equals(d.get().mode()) ? 1 : 0)
                            .description("1 while the autoscaler is in panic mode for a function (a burst), else 0")
                            .tags(tags).register(registry));
        }

        void remove(MeterRegistry registry) {
            gauges.forEach(registry::remove);
        }
    }

    /** Replaces every {@code gateway_service_count} row with the desired replicas of these functions. */
    public void serviceCounts(Collection<List<FunctionStatus>> namespaces) {
        serviceCount.register(namespaces.stream()
                .flatMap(List::stream)
                .map(f -> MultiGauge.Row.of(Tags.of("function_name", f.name() + "." + f.namespace()), f.replicas()))
                .toList(), true);
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The exposition format's content type. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    public void close() {
        history.stop();
        gc.close();
        registry.close();
    }
}
