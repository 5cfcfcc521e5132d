package io.jfaas.operator;

import io.jfaas.contracts.EnvSettings;
import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.model.Names;
import io.jfaas.model.SyncTransport;
import io.jfaas.scaling.ScaleType;
import io.jfaas.scaling.ScalingWindows;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings, read once from the environment. OpenFaaS's names where faas-netes has them
 * ({@code port}, {@code function_namespace}, {@code basic_auth}, {@code secret_mount_path}, {@code image_pull_policy}).
 *
 * @param port              the provider API's port ({@code port}, default 8081, faas-netes's port in the chart)
 * @param functionNamespace the default namespace of functions ({@code function_namespace}, default openfaas-fn)
 * @param basicAuth         whether the provider API needs basic auth ({@code basic_auth}, default true)
 * @param secretMountPath   where {@code basic-auth-user} and {@code basic-auth-password} are
 *                          ({@code secret_mount_path}, default /var/secrets)
 * @param imagePullPolicy   the functions' image pull policy ({@code image_pull_policy}, default Always)
 * @param setNonRootUser    run function containers as uid and gid 12000 ({@code set_nonroot_user}, default false:
 *                          the image's own user, which must be non-root)
 * @param leaderElection    run the reconciler only while holding the lease ({@code JFAAS_LEADER_ELECTION}, default
 *                          true), so two replicas are safe
 * @param leaseName         the Lease's name ({@code JFAAS_LEASE_NAME}, default jfaas-operator)
 * @param leaseNamespace    the Lease's namespace ({@code JFAAS_LEASE_NAMESPACE}, default the function namespace)
 * @param leaseDuration     how long a lease lasts without renewal ({@code JFAAS_LEASE_DURATION}, default 15s)
 * @param identity          this replica's name in the lease ({@code POD_NAME}, else {@code HOSTNAME})
 * @param watchNamespaces   namespaces whose Functions are reconciled ({@code JFAAS_WATCH_NAMESPACES}, comma-separated;
 *                          default all, which needs a ClusterRole)
 * @param autoscaling       the autoscaler's settings
 * @param syncTransport     which functions' pods also serve calls over NATS: those whose {@code com.jfaas.transport}
 *                          annotation says {@code nats}, else all when {@code JFAAS_SYNC_TRANSPORT} is {@code nats}
 *                          (default http; the gateway's setting of the same name must agree), on the NATS server
 *                          {@code JFAAS_NATS_URL} (the gateway's; without it every function is served over HTTP only)
 */
public record OperatorConfig(
        int port,
        String functionNamespace,
        boolean basicAuth,
        Path secretMountPath,
        String imagePullPolicy,
        boolean setNonRootUser,
        boolean leaderElection,
        String leaseName,
        String leaseNamespace,
        Duration leaseDuration,
        String identity,
        Set<String> watchNamespaces,
        Autoscaling autoscaling,
        SyncTransport syncTransport) {

    static final String PORT = "port";
    static final String FUNCTION_NAMESPACE = "function_namespace";
    static final String BASIC_AUTH = "basic_auth";
    static final String SECRET_MOUNT_PATH = "secret_mount_path";
    static final String IMAGE_PULL_POLICY = "image_pull_policy";
    static final String SET_NONROOT_USER = "set_nonroot_user";
    static final String LEADER_ELECTION = "JFAAS_LEADER_ELECTION";
    static final String LEASE_NAME = "JFAAS_LEASE_NAME";
    static final String LEASE_NAMESPACE = "JFAAS_LEASE_NAMESPACE";
    static final String LEASE_DURATION = "JFAAS_LEASE_DURATION";
    static final String WATCH_NAMESPACES = "JFAAS_WATCH_NAMESPACES";
    static final String AUTOSCALE = "JFAAS_AUTOSCALE";
    static final String AUTOSCALE_INTERVAL = "JFAAS_AUTOSCALE_INTERVAL";
    static final String PROMETHEUS_URL = "JFAAS_PROMETHEUS_URL";
    static final String STABLE_WINDOW = "JFAAS_SCALE_STABLE_WINDOW";
    static final String PANIC_WINDOW = "JFAAS_SCALE_PANIC_WINDOW";
    static final String NATS_URL = "JFAAS_NATS_URL";
    /** The query setting of each scale type: {@code JFAAS_SCALE_QUERY_RPS}, {@code _CAPACITY}, {@code _CPU}. */
    static String queryKey(ScaleType type) {
        return "JFAAS_SCALE_QUERY_" + type.name();
    }

    /** Calls started per second, all replicas together, from the gateway's counter (a gauge that only grows). */
    public static final String RPS_QUERY = "sum by (function_name) (rate(gateway_function_invocation_started[10s]))";
    /** Calls in flight at the gateway. */
    public static final String CAPACITY_QUERY = "sum by (function_name) (gateway_function_invocation_inflight)";
    /**
     * Millicores, from the kubelet's cAdvisor metrics: a function's container is named after it, so
     * {@code container.namespace} is the gateway's {@code function_name}.
     */
    public static final String CPU_QUERY = "sum by (function_name) (label_join(rate(container_cpu_usage_seconds_total"
            + "{container!=\"\",container!=\"POD\"}[30s]), \"function_name\", \".\", \"container\", \"namespace\"))"
            + " * 1000";
    private static final Set<String> PULL_POLICIES = Set.of("Always", "IfNotPresent", "Never");

    public OperatorConfig {
        watchNamespaces = Set.copyOf(watchNamespaces);
    }

    public static OperatorConfig fromEnv(Map<String, String> env) {
        EnvSettings settings = EnvSettings.of(env);
        String namespace = settings.string(FUNCTION_NAMESPACE, Names.DEFAULT_NAMESPACE);
        Names.namespaceProblem(namespace).ifPresent(problem -> {
            throw new IllegalArgumentException(FUNCTION_NAMESPACE + ": " + problem);
        });
        String pullPolicy = settings.string(IMAGE_PULL_POLICY, "Always");
        if (!PULL_POLICIES.contains(pullPolicy)) {
            throw new IllegalArgumentException(IMAGE_PULL_POLICY + ": \"" + pullPolicy
                    + "\" is not Always, IfNotPresent or Never");
        }
        String identity = settings.string("POD_NAME", settings.string("HOSTNAME", "jfaas-operator"));
        Set<String> watch = Arrays.stream(settings.string(WATCH_NAMESPACES, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String ns : watch) {
            Names.namespaceProblem(ns).ifPresent(problem -> {
                throw new IllegalArgumentException(WATCH_NAMESPACES + ": " + problem);
            });
        }
        return new OperatorConfig(
                settings.port(PORT, 8081),
                namespace,
                settings.bool(BASIC_AUTH, true),
                settings.path(SECRET_MOUNT_PATH, Path.of("/var/secrets")),
                pullPolicy,
                settings.bool(SET_NONROOT_USER, false),
                settings.bool(LEADER_ELECTION, true),
                settings.string(LEASE_NAME, "jfaas-operator"),
                settings.string(LEASE_NAMESPACE, namespace),
                settings.positiveDuration(LEASE_DURATION, Duration.ofSeconds(15)),
                identity,
                watch,
                autoscaling(settings),
                syncTransport(settings));
    }

    private static SyncTransport syncTransport(EnvSettings settings) {
        SyncTransport.Kind kind = SyncTransport.Kind.parse(SyncTransport.SETTING,
                settings.string(SyncTransport.SETTING, "http"));
        Optional<String> natsUrl = settings.isSet(NATS_URL)
                ? Optional.of(settings.read(NATS_URL, "", NatsEnvelope::parseUrl))
                : Optional.empty();
        if (kind == SyncTransport.Kind.NATS && natsUrl.isEmpty()) {
            throw new IllegalArgumentException(SyncTransport.SETTING + ": nats needs a NATS server: set " + NATS_URL);
        }
        return new SyncTransport(kind, natsUrl);
    }

    /**
     * How the operator scales functions: every {@code interval} it asks Prometheus for each scale type's load, by
     * {@code function_name} ({@code NAME.NAMESPACE}), and feeds the shared algorithm.
     *
     * @param enabled    whether the operator scales functions ({@code JFAAS_AUTOSCALE}, default true)
     * @param interval   how often it decides ({@code JFAAS_AUTOSCALE_INTERVAL}, default 1s)
     * @param prometheus the Prometheus server ({@code JFAAS_PROMETHEUS_URL}, default http://prometheus.openfaas:9090)
     * @param queries    the PromQL of each scale type, answering a vector by {@code function_name}
     *                   ({@code JFAAS_SCALE_QUERY_RPS}, {@code _CAPACITY}, {@code _CPU})
     * @param windows    the stable and panic windows ({@code JFAAS_SCALE_STABLE_WINDOW}, default 30s;
     *                   {@code JFAAS_SCALE_PANIC_WINDOW}, default 1s)
     */
    public record Autoscaling(boolean enabled, Duration interval, URI prometheus, Map<ScaleType, String> queries,
                              ScalingWindows windows) {

        public Autoscaling {
            queries = Map.copyOf(queries);
        }

        /** The query for a scale type. */
        public String query(ScaleType type) {
            return queries.get(type);
        }
    }

    private static Autoscaling autoscaling(EnvSettings settings) {
        String url = settings.string(PROMETHEUS_URL, "http://prometheus.openfaas:9090");
        URI prometheus;
        try {
            prometheus = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(PROMETHEUS_URL + ": \"" + url + "\" is not a URL");
        }
        if (!("http".equals(prometheus.getScheme()) || "https".equals(prometheus.getScheme()))
                || prometheus.getHost() == null) {
            throw new IllegalArgumentException(PROMETHEUS_URL + ": \"" + url + "\" is not an http(s) URL with a host");
        }
        Map<ScaleType, String> defaults = Map.of(ScaleType.RPS, RPS_QUERY, ScaleType.CAPACITY, CAPACITY_QUERY,
                ScaleType.CPU, CPU_QUERY);
        Map<ScaleType, String> queries = new EnumMap<>(ScaleType.class);
        // saturation has no query of its own: it reads the capacity and cpu queries
        for (ScaleType type : defaults.keySet()) {
            queries.put(type, settings.string(queryKey(type), defaults.get(type)));
        }
        ScalingWindows windows;
        try {
            windows = new ScalingWindows(settings.positiveDuration(STABLE_WINDOW, ScalingWindows.DEFAULT.stable()),
                    settings.positiveDuration(PANIC_WINDOW, ScalingWindows.DEFAULT.panic()),
                    ScalingWindows.DEFAULT.panicThreshold(), ScalingWindows.DEFAULT.maxScaleDownRate());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(STABLE_WINDOW + ", " + PANIC_WINDOW + ": " + e.getMessage(), e);
        }
        return new Autoscaling(settings.bool(AUTOSCALE, true),
                settings.positiveDuration(AUTOSCALE_INTERVAL, Duration.ofSeconds(1)), prometheus, queries, windows);
    }
}
