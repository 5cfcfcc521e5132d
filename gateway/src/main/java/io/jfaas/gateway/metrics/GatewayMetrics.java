package io.jfaas.gateway.metrics;

import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

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
    private final JvmGcMetrics gc = new JvmGcMetrics();

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
        gc.close();
        registry.close();
    }
}
