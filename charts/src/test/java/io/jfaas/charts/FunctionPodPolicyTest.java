package io.jfaas.charts;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jfaas.contracts.Durations;
import io.jfaas.operator.OperatorConfig;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.FunctionResourceSpec;
import io.jfaas.operator.crd.ResourceQuantities;
import io.jfaas.operator.reconcile.DesiredDeployment;
import io.jfaas.operator.reconcile.FunctionDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Deployment the operator builds, configured as the chart configures it (each value set of {@link ChartTest}),
 * meets Kubernetes' restricted Pod Security profile, has a startup probe, and a grace period that covers the
 * watchdog's wait and drain.
 */
class FunctionPodPolicyTest {

    /** Volume types the restricted profile allows. */
    static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    static List<FunctionResource> functions() {
        List<FunctionResource> functions = new ArrayList<>();
        functions.add(function("minimal", new FunctionResourceSpec()));
        FunctionResourceSpec everything = new FunctionResourceSpec();
        everything.setHandler("java -jar fn.jar");
        everything.setEnvironment(Map.of("write_timeout", "2m", "healthcheck_interval", "15s"));
        everything.setReadOnlyRootFilesystem(true);
        everything.setLimits(new ResourceQuantities("500m", "256Mi"));
        everything.setAnnotations(Map.of("com.openfaas.ready.http.path", "/ready", "com.jfaas.transport", "http"));
        functions.add(function("everything", everything));
        FunctionResourceSpec quick = new FunctionResourceSpec();
        quick.setEnvironment(Map.of("write_timeout", "1", "healthcheck_interval", "0"));
        functions.add(function("quick", quick));
        return functions;
    }

    static FunctionResource function(String name, FunctionResourceSpec spec) {
        spec.setName(name);
        spec.setImage("ghcr.io/me/" + name + ":1");
        FunctionResource function = FunctionResource.of("openfaas-fn", name, spec);
        function.getMetadata().setUid("uid-" + name);
        return function;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.jfaas.charts.ChartTest#valueSets")
    void everyFunctionPodMeetsTheRestrictedProfileStartsWithAProbeAndDrainsWithinItsGracePeriod(String label,
            Map<String, Object> values) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        Map<String, String> env = new java.util.HashMap<>();
        for (EnvVar var : RenderedChart.container(chart.get(Deployment.class, "jfaas-operator")).getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        OperatorConfig config = OperatorConfig.fromEnv(env);
        FunctionDefaults defaults = new FunctionDefaults(config.imagePullPolicy(), config.setNonRootUser(),
                config.syncTransport());
        for (FunctionResource function : functions()) {
            Deployment deployment = DesiredDeployment.build(function, defaults, null, Map.of());
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(restrictedViolations(pod)).as(label + ": " + function.getMetadata().getName()).isEmpty();
            Container container = pod.getContainers().getFirst();
            assertThat(container.getStartupProbe()).as("startup probe").isNotNull();
            assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/_/health");
            Map<String, String> fnEnv = function.getSpec().getEnvironment();
            Duration drain = duration(fnEnv, "healthcheck_interval", "5s").plus(duration(fnEnv, "write_timeout", "30s"));
            assertThat(Duration.ofSeconds(pod.getTerminationGracePeriodSeconds())).as("grace period")
                    .isGreaterThanOrEqualTo(drain);
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getEnableServiceLinks()).isFalse();
        }
    }

    private static Duration duration(Map<String, String> env, String key, String fallback) {
        return Durations.parse(env.getOrDefault(key, fallback));
    }

    /** What Kubernetes' restricted Pod Security Standard (v1.30) would refuse in this pod. */
    static List<String> restrictedViolations(PodSpec pod) {
        List<String> violations = new ArrayList<>();
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            violations.add("host namespaces");
        }
        for (Volume volume : pod.getVolumes()) {
            Map<String, Object> fields = io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
                    .convertValue(volume, Map.class);
            fields.keySet().stream().filter(k -> !k.equals("name") && !RESTRICTED_VOLUMES.contains(k))
                    .forEach(k -> violations.add("volume " + volume.getName() + " of type " + k));
        }
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElse(new PodSecurityContext());
        if (podContext.getSysctls() != null && !podContext.getSysctls().isEmpty()) {
            violations.add("sysctls");
        }
        List<Container> containers = new ArrayList<>(pod.getContainers());
        if (pod.getInitContainers() != null) {
            containers.addAll(pod.getInitContainers());
        }
        for (Container container : containers) {
            String name = container.getName();
            SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
            if (Boolean.TRUE.equals(context.getPrivileged())) {
                violations.add(name + ": privileged");
            }
            if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
                violations.add(name + ": allowPrivilegeEscalation must be false");
            }
            if (context.getCapabilities() == null || context.getCapabilities().getDrop() == null
                    || !context.getCapabilities().getDrop().contains("ALL")) {
                violations.add(name + ": capabilities must drop ALL");
            } else if (context.getCapabilities().getAdd() != null && context.getCapabilities().getAdd().stream()
                    .anyMatch(c -> !c.equals("NET_BIND_SERVICE"))) {
                violations.add(name + ": adds capabilities");
            }
            Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : podContext.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                violations.add(name + ": runAsNonRoot must be true");
            }
            Long user = context.getRunAsUser() != null ? context.getRunAsUser() : podContext.getRunAsUser();
            if (Objects.equals(user, 0L)) {
                violations.add(name + ": runs as uid 0");
            }
            var seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile()
                    : podContext.getSeccompProfile();
            if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                violations.add(name + ": seccompProfile must be RuntimeDefault or Localhost");
            }
            if (container.getPorts() != null && container.getPorts().stream().anyMatch(p -> p.getHostPort() != null
                    && p.getHostPort() != 0)) {
                violations.add(name + ": host ports");
            }
        }
        return violations;
    }
}
