package io.jfaas.operator.reconcile;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretProjectionBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jfaas.contracts.Quantities;
import io.jfaas.contracts.WatchdogEndpoints;
import io.jfaas.contracts.WatchdogSettings;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Labels;
import io.jfaas.model.Names;
import io.jfaas.model.SyncTransport;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.crd.ResourceQuantities;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Deployment a Function asks for (as faas-netes maps a function to a Deployment), built from the Function and
 * what the cluster holds: the current replica count and the types of the secrets it names. A function on the NATS transport
 * ({@link io.jfaas.model.SyncTransport}) also gets the watchdog's {@code JFAAS_NATS_URL} and {@code JFAAS_NATS_SUBJECT}.
 * Pure: no client, no clock.
 */
public final class DesiredDeployment {

    /** Environment variable of the watchdog's command. */
    static final String DOCKERCFG = "kubernetes.io/dockercfg";
    static final String DOCKERCONFIGJSON = "kubernetes.io/dockerconfigjson";
    static final String TMP_VOLUME = "temp";
    /** The watchdog's liveness path, also the readiness path unless the function names its own. */
    public static final String HEALTH_PATH = WatchdogEndpoints.HEALTH;
    /** The annotation of OpenFaaS's readiness path: a function path the function answers 2xx on once ready. */
    public static final String READY_PATH_ANNOTATION = "com.openfaas.ready.http.path";
    /** How long a replica may take to listen (handler {@code init} included) before the startup probe gives up. */
    static final int STARTUP_SECONDS = 300;
    static final int PROBE_PERIOD_SECONDS = 2;

    private DesiredDeployment() {
    }

    /**
     * The desired Deployment.
     *
     * @param function        the Function (with metadata uid, for the owner reference)
     * @param defaults        the operator's pod defaults
     * @param currentReplicas the replicas of the existing Deployment, or null when there is none
     * @param secretTypes     type of every Secret the function names that exists in its namespace
     * @throws SpecProblem when a secret is missing, a quantity, constraint, name, scale label or transport annotation is
     *                     invalid
     */
    public static Deployment build(FunctionResource function, FunctionDefaults defaults, Integer currentReplicas,
            Map<String, String> secretTypes) throws SpecProblem {
        FunctionResourceSpec spec = function.getSpec();
        String name = Children.name(function);
        if (!Names.isDns1123Label(name)) {
            throw new SpecProblem(SpecProblem.INVALID_NAME, Names.functionNameProblem(name).orElseThrow()
                    .replaceFirst("^service", "spec.name"));
        }
        if (spec.getImage() == null || spec.getImage().isBlank()) {
            throw new SpecProblem(SpecProblem.INVALID_NAME, "spec.image: is required");
        }
        Optional<String> transportProblem = SyncTransport.annotationProblem(spec.getAnnotations());
        if (transportProblem.isPresent()) {
            throw new SpecProblem(SpecProblem.INVALID_ANNOTATION, "annotations." + transportProblem.get());
        }
        String readyPath = readyPath(spec);
        WatchdogTimes times = WatchdogTimes.of(spec.getEnvironment());
        KubernetesRules.labels(spec.getLabels());
        KubernetesRules.annotations(spec.getAnnotations());
        KubernetesRules.environment(spec.getEnvironment());
        List<String> pullSecrets = new ArrayList<>();
        List<String> mountedSecrets = new ArrayList<>();
        for (String secret : spec.getSecrets()) {
            String type = secretTypes.get(secret);
            if (type == null) {
                throw new SpecProblem(SpecProblem.SECRET_NOT_FOUND, "secret \"" + secret + "\" not found in namespace "
                        + function.getMetadata().getNamespace());
            }
            (DOCKERCFG.equals(type) || DOCKERCONFIGJSON.equals(type) ? pullSecrets : mountedSecrets).add(secret);
        }
        Map<String, String> labels = Children.labels(function);
        Map<String, String> podAnnotations = new LinkedHashMap<>(spec.getAnnotations());
        podAnnotations.putIfAbsent("prometheus.io.scrape", "true");
        podAnnotations.putIfAbsent("prometheus.io.port", Integer.toString(Children.METRICS_PORT));
        podAnnotations.putIfAbsent("prometheus.io.path", "/metrics");

        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        if (!mountedSecrets.isEmpty()) {
            List<SecretProjection> sources = mountedSecrets.stream()
                    .map(s -> new SecretProjectionBuilder().withName(s).build()).toList();
            volumes.add(new VolumeBuilder().withName(Children.secretsVolume(function))
                    .withNewProjected().withSources(sources.stream()
                            .map(s -> new VolumeProjectionBuilder().withSecret(s).build()).toList())
                    .endProjected().build());
            mounts.add(new VolumeMountBuilder().withName(Children.secretsVolume(function))
                    .withMountPath(Children.SECRETS_PATH).withReadOnly(true).build());
        }
        if (spec.isReadOnlyRootFilesystem()) {
            volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
            mounts.add(new VolumeMountBuilder().withName(TMP_VOLUME).withMountPath("/tmp").build());
        }

        Container container = new ContainerBuilder()
                .withName(name)
                .withImage(spec.getImage())
                .withImagePullPolicy(defaults.imagePullPolicy())
                .addNewPort().withName("http").withContainerPort(Children.HTTP_PORT).withProtocol("TCP").endPort()
                .addNewPort().withName("metrics").withContainerPort(Children.METRICS_PORT).withProtocol("TCP").endPort()
                .withEnv(env(spec, platformEnvironment(function, name, defaults)))
                .withResources(resources(spec))
                // the watchdog runs the handler's init before it listens: liveness waits for the startup probe
                .withStartupProbe(probe(HEALTH_PATH, 1, STARTUP_SECONDS / PROBE_PERIOD_SECONDS))
                .withLivenessProbe(probe(HEALTH_PATH, 1, 3))
                .withReadinessProbe(probe(readyPath, 1, 3))
                .withNewSecurityContext()
                    .withReadOnlyRootFilesystem(spec.isReadOnlyRootFilesystem())
                    .withAllowPrivilegeEscalation(false)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(mounts)
                .build();

        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(function.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(new LinkedHashMap<>(spec.getAnnotations()))
                    .withOwnerReferences(Children.owner(function))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(replicas(scaleMin(spec), currentReplicas))
                    .withRevisionHistoryLimit(5)
                    .withNewSelector().withMatchLabels(Children.selector(function)).endSelector()
                    .withNewStrategy().withType("RollingUpdate")
                        .withNewRollingUpdate()
                            .withNewMaxUnavailable(0).withNewMaxSurge(1)
                        .endRollingUpdate()
                    .endStrategy()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).withAnnotations(podAnnotations).endMetadata()
                        .withNewSpec()
                            .withContainers(container)
                            .withVolumes(volumes)
                            .withImagePullSecrets(pullSecrets.stream().map(LocalObjectReference::new).toList())
                            .withNodeSelector(nodeSelector(spec))
                            // the restricted Pod Security profile; the uid only where the operator is told to force it
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(defaults.setNonRootUser() ? FunctionDefaults.NON_ROOT_USER : null)
                                .withRunAsGroup(defaults.setNonRootUser() ? FunctionDefaults.NON_ROOT_USER : null)
                                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                            .endSecurityContext()
                            .withAutomountServiceAccountToken(false)
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(times.terminationGracePeriodSeconds())
                            .withRestartPolicy("Always")
                            .withDnsPolicy("ClusterFirst")
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The replica count to apply: {@code com.openfaas.scale.min} for a new Deployment; an existing one keeps its count
     * (the scale API and the autoscaler own it), is never woken from 0, and is raised to the minimum otherwise.
     */
    static int replicas(int min, Integer current) {
        if (current == null) {
            return min;
        }
        if (current == 0) {
            return 0;
        }
        return Math.max(current, min);
    }

    /** The {@code com.openfaas.scale.min} label, 1 when unset. */
    static int scaleMin(FunctionResourceSpec spec) throws SpecProblem {
        String value = spec.getLabels().get(Labels.SCALE_MIN);
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int min = Integer.parseInt(value.trim());
            if (min >= 1) {
                return min;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpecProblem(SpecProblem.INVALID_LABEL, "labels." + Labels.SCALE_MIN + ": \"" + value
                + "\" is not a whole number above 0");
    }

    /** The watchdog's {@code OPENFAAS_NAME} and {@code OPENFAAS_NAMESPACE}, and the transport's settings. */
    private static Map<String, String> platformEnvironment(FunctionResource function, String name,
                                                           FunctionDefaults defaults) {
        String namespace = function.getMetadata().getNamespace();
        Map<String, String> env = new TreeMap<>(defaults.transport().replicaEnvironment(
                new FunctionRef(name, namespace), function.getSpec().getAnnotations()));
        env.put(WatchdogSettings.FUNCTION_NAME, name);
        env.put(WatchdogSettings.NAMESPACE, namespace);
        return env;
    }

    /** {@value #READY_PATH_ANNOTATION}, else {@value #HEALTH_PATH}. */
    static String readyPath(FunctionResourceSpec spec) throws SpecProblem {
        String path = spec.getAnnotations().get(READY_PATH_ANNOTATION);
        if (path == null || path.isBlank()) {
            return HEALTH_PATH;
        }
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
            throw new SpecProblem(SpecProblem.INVALID_ANNOTATION, "annotations." + READY_PATH_ANNOTATION + ": \""
                    + path + "\" is not a path: it must start with / and hold no spaces");
        }
        return path;
    }

    /** The function's environment and {@code fprocess}, then the platform's settings, which it cannot override. */
    private static List<EnvVar> env(FunctionResourceSpec spec, Map<String, String> platform) {
        Map<String, String> env = new TreeMap<>(spec.getEnvironment());
        if (spec.getHandler() != null && !spec.getHandler().isBlank()) {
            env.put(WatchdogSettings.FPROCESS, spec.getHandler());
        }
        env.putAll(platform);
        return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
    }

    private static ResourceRequirements resources(FunctionResourceSpec spec) throws SpecProblem {
        Map<String, Quantity> limits = quantities("limits", spec.getLimits());
        Map<String, Quantity> requests = quantities("requests", spec.getRequests());
        KubernetesRules.requestsWithinLimits(requests, limits);
        return new ResourceRequirementsBuilder().withLimits(limits).withRequests(requests).build();
    }

    private static Map<String, Quantity> quantities(String field, ResourceQuantities resources) throws SpecProblem {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        if (resources == null) {
            return quantities;
        }
        put(quantities, field + ".cpu", "cpu", resources.cpu());
        put(quantities, field + ".memory", "memory", resources.memory());
        return quantities;
    }

    private static void put(Map<String, Quantity> quantities, String field, String key, String value)
            throws SpecProblem {
        if (value == null || value.isBlank()) {
            return;
        }
        try {
            quantities.put(key, new Quantity(Quantities.canonical(value)));
        } catch (IllegalArgumentException e) {
            throw new SpecProblem(SpecProblem.INVALID_QUANTITY, field + ": " + e.getMessage());
        }
    }

    /** Constraints {@code key=value} (or Swarm's {@code key == value}) become node selector entries. */
    static Map<String, String> nodeSelector(FunctionResourceSpec spec) throws SpecProblem {
        Map<String, String> selector = new TreeMap<>();
        for (String constraint : spec.getConstraints()) {
            String[] parts = constraint.split("==?", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank() || parts[1].contains("=")) {
                throw new SpecProblem(SpecProblem.INVALID_CONSTRAINT, "constraints: \"" + constraint
                        + "\" is not key=value");
            }
            KubernetesRules.constraint(constraint, parts[0].trim(), parts[1].trim());
            selector.put(parts[0].trim(), parts[1].trim());
        }
        return selector;
    }

    private static Probe probe(String path, int timeoutSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withNewPort(Children.HTTP_PORT).withScheme("HTTP").endHttpGet()
                .withInitialDelaySeconds(0)
                .withTimeoutSeconds(timeoutSeconds)
                .withPeriodSeconds(PROBE_PERIOD_SECONDS)
                .withSuccessThreshold(1)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
