package io.jfaas.operator.reconcile;

import static io.jfaas.operator.reconcile.Functions.function;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jfaas.model.SyncTransport;
import io.jfaas.operator.crd.FunctionResource;
import io.jfaas.operator.crd.ResourceQuantities;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredDeploymentTest {

    static Deployment build(FunctionResource function) throws SpecProblem {
        return DesiredDeployment.build(function, FunctionDefaults.OPENFAAS, null, Map.of());
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    @Test
    void name_and_image_make_the_deployment_its_container_and_selector() throws SpecProblem {
        Deployment deployment = build(function("hello", "ghcr.io/me/hello:1"));

        assertThat(deployment.getMetadata().getName()).isEqualTo("hello");
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("openfaas-fn");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("faas_function", "hello"));
        assertThat(deployment.getMetadata().getLabels()).containsEntry("faas_function", "hello")
                .containsEntry("app", "hello").containsEntry("controller", "hello");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("faas_function", "hello");
        Container container = container(deployment);
        assertThat(container.getName()).isEqualTo("hello");
        assertThat(container.getImage()).isEqualTo("ghcr.io/me/hello:1");
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(container.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:8080", "metrics:8081");
    }

    @Test
    void spec_name_names_the_children_even_when_metadata_name_differs() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getMetadata().setName("hello-resource");
        Deployment deployment = build(function);

        assertThat(deployment.getMetadata().getName()).isEqualTo("hello");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("controller", "hello-resource");
        assertThat(DesiredService.build(function).getMetadata().getName()).isEqualTo("hello");
    }

    @Test
    void owner_reference_points_at_the_function_as_controller() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        Deployment deployment = build(function);

        assertThat(deployment.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Function");
            assertThat(owner.getApiVersion()).isEqualTo("openfaas.com/v1");
            assertThat(owner.getUid()).isEqualTo("uid-hello");
            assertThat(owner.getController()).isTrue();
        });
    }

    @Test
    void probes_call_the_watchdogs_health_path_on_8080_as_faas_netes_does() throws SpecProblem {
        Container container = container(build(function("hello", "img")));

        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/_/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        // not /_/ready: it answers 429 at max_inflight, which would drop busy replicas from the endpoints
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/_/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void a_startup_probe_gives_a_slow_init_five_minutes_before_liveness_counts() throws SpecProblem {
        Container container = container(build(function("hello", "img")));

        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/_/health");
        assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
                .isEqualTo(300);
        assertThat(container.getLivenessProbe().getInitialDelaySeconds()).isZero();
    }

    @Test
    void the_readiness_probe_calls_the_functions_own_path_when_it_names_one() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.openfaas.ready.http.path", "/ready?deep=1"));

        assertThat(container(build(function)).getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready?deep=1");
        assertThat(container(build(function)).getLivenessProbe().getHttpGet().getPath()).isEqualTo("/_/health");

        function.getSpec().setAnnotations(Map.of("com.openfaas.ready.http.path", "ready"));
        assertThatThrownBy(() -> build(function)).isInstanceOf(SpecProblem.class).hasMessage(
                "annotations.com.openfaas.ready.http.path: \"ready\" is not a path: it must start with / and hold no"
                        + " spaces");
    }

    @Test
    void the_grace_period_covers_the_watchdogs_wait_and_drain_from_the_functions_own_timeouts() throws SpecProblem {
        FunctionResource defaults = function("hello", "img");
        assertThat(build(defaults).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("healthcheck_interval 5s + write_timeout 30s + 5s").isEqualTo(40L);

        FunctionResource slow = function("hello", "img");
        slow.getSpec().setEnvironment(Map.of("write_timeout", "2m", "healthcheck_interval", "10"));
        assertThat(build(slow).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(135L);

        FunctionResource bad = function("hello", "img");
        bad.getSpec().setEnvironment(Map.of("write_timeout", "soon"));
        assertThatThrownBy(() -> build(bad)).isInstanceOf(SpecProblem.class)
                .hasMessageStartingWith("environment.write_timeout: \"soon\" is not a duration");
    }

    @Test
    void handler_becomes_fprocess_and_environment_the_other_variables_sorted() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setHandler("java -jar fn.jar");
        function.getSpec().setEnvironment(Map.of("write_timeout", "10s", "a_first", "1"));

        assertThat(container(build(function)).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OPENFAAS_NAME", "hello"),
                        org.assertj.core.groups.Tuple.tuple("OPENFAAS_NAMESPACE", "openfaas-fn"),
                        org.assertj.core.groups.Tuple.tuple("a_first", "1"),
                        org.assertj.core.groups.Tuple.tuple("fprocess", "java -jar fn.jar"),
                        org.assertj.core.groups.Tuple.tuple("write_timeout", "10s"));
    }

    @Test
    void without_handler_there_is_no_fprocess_and_the_watchdog_gets_the_functions_name_and_namespace()
            throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setEnvironment(Map.of("OPENFAAS_NAME", "spoofed"));
        assertThat(container(build(function)).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("OPENFAAS_NAME", "hello"),
                        org.assertj.core.groups.Tuple.tuple("OPENFAAS_NAMESPACE", "openfaas-fn"));
    }

    @Test
    void labels_go_to_deployment_and_pods_but_cannot_override_faas_function() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLabels(Map.of("team", "blue", "faas_function", "other"));
        Deployment deployment = build(function);

        assertThat(deployment.getMetadata().getLabels()).containsEntry("team", "blue")
                .containsEntry("faas_function", "hello");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "blue")
                .containsEntry("faas_function", "hello");
    }

    @Test
    void annotations_go_to_deployment_and_pods_with_scrape_annotations_for_the_metrics_port() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("topic", "orders"));
        Deployment deployment = build(function);

        assertThat(deployment.getMetadata().getAnnotations()).isEqualTo(Map.of("topic", "orders"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("topic", "orders")
                .containsEntry("prometheus.io.scrape", "true")
                .containsEntry("prometheus.io.port", "8081")
                .containsEntry("prometheus.io.path", "/metrics");
    }

    @Test
    void a_scrape_annotation_of_the_function_wins() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("prometheus.io.scrape", "false"));

        assertThat(build(function).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io.scrape", "false");
    }

    @Test
    void limits_and_requests_become_canonical_quantities() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLimits(new ResourceQuantities("0.5", "128Mi"));
        function.getSpec().setRequests(new ResourceQuantities("100m", null));
        Container container = container(build(function));

        assertThat(container.getResources().getLimits())
                .isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("128Mi")));
        assertThat(container.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("100m")));
    }

    @Test
    void an_invalid_quantity_is_a_problem_naming_the_field() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLimits(new ResourceQuantities(null, "lots"));

        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, problem -> {
            assertThat(problem.reason()).isEqualTo("InvalidQuantity");
            assertThat(problem.getMessage()).startsWith("limits.memory: invalid quantity \"lots\"");
        });
    }

    @Test
    void secrets_are_projected_read_only_at_var_openfaas_secrets() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setSecrets(List.of("db-password", "api-key"));
        Deployment deployment = DesiredDeployment.build(function, FunctionDefaults.OPENFAAS, null,
                Map.of("db-password", "Opaque", "api-key", "Opaque"));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(pod.getVolumes()).singleElement().satisfies(volume -> {
            assertThat(volume.getName()).isEqualTo("hello-projected-secrets");
            assertThat(volume.getProjected().getSources()).extracting(s -> s.getSecret().getName())
                    .containsExactly("db-password", "api-key");
        });
        assertThat(pod.getContainers().getFirst().getVolumeMounts()).singleElement().satisfies(mount -> {
            assertThat(mount.getMountPath()).isEqualTo("/var/openfaas/secrets");
            assertThat(mount.getReadOnly()).isTrue();
        });
        assertThat(pod.getImagePullSecrets()).isEmpty();
    }

    @Test
    void registry_secrets_become_image_pull_secrets() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setSecrets(List.of("registry"));
        PodSpec pod = DesiredDeployment.build(function, FunctionDefaults.OPENFAAS, null,
                Map.of("registry", "kubernetes.io/dockerconfigjson")).getSpec().getTemplate().getSpec();

        assertThat(pod.getImagePullSecrets()).extracting(LocalObjectReference::getName).containsExactly("registry");
        assertThat(pod.getVolumes()).isEmpty();
    }

    @Test
    void a_missing_secret_is_a_problem_naming_it() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setSecrets(List.of("nope"));

        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, problem -> {
            assertThat(problem.reason()).isEqualTo("SecretNotFound");
            assertThat(problem.getMessage()).isEqualTo("secret \"nope\" not found in namespace openfaas-fn");
        });
    }

    @Test
    void read_only_root_filesystem_adds_a_writable_tmp() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setReadOnlyRootFilesystem(true);
        Deployment deployment = build(function);
        Container container = container(deployment);

        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getVolumeMounts()).extracting(VolumeMount::getMountPath).containsExactly("/tmp");
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void a_writable_root_filesystem_has_no_extra_volume() throws SpecProblem {
        Deployment deployment = build(function("hello", "img"));

        assertThat(container(deployment).getSecurityContext().getReadOnlyRootFilesystem()).isFalse();
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).isEmpty();
    }

    @Test
    void containers_run_as_non_root_without_privilege_escalation() throws SpecProblem {
        Deployment deployment = build(function("hello", "img"));
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("the image's own user").isNull();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(container(deployment).getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container(deployment).getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    }

    @Test
    void set_nonroot_user_forces_uid_and_gid_12000_as_openfaas_does() throws SpecProblem {
        PodSpec pod = DesiredDeployment.build(function("hello", "img"),
                new FunctionDefaults("Always", true, io.jfaas.model.SyncTransport.HTTP_ONLY), null, Map.of())
                .getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(12000L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(12000L);
    }

    @Test
    void constraints_become_the_node_selector() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setConstraints(List.of("cloud.google.com/gke-nodepool=default-pool",
                "kubernetes.io/arch == amd64"));

        assertThat(build(function).getSpec().getTemplate().getSpec().getNodeSelector()).isEqualTo(Map.of(
                "cloud.google.com/gke-nodepool", "default-pool", "kubernetes.io/arch", "amd64"));
    }

    @Test
    void a_constraint_without_a_value_is_a_problem() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setConstraints(List.of("gpu"));

        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class,
                problem -> assertThat(problem.getMessage()).isEqualTo("constraints: \"gpu\" is not key=value"));
    }

    @Test
    void scale_min_label_is_the_initial_replica_count() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLabels(Map.of("com.openfaas.scale.min", "3"));

        assertThat(build(function).getSpec().getReplicas()).isEqualTo(3);
        assertThat(build(function("plain", "img")).getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void an_invalid_scale_min_label_is_a_problem() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setLabels(Map.of("com.openfaas.scale.min", "many"));

        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class,
                problem -> assertThat(problem.reason()).isEqualTo("InvalidLabel"));
    }

    private static final String NATS = "nats://nats.openfaas:4222";

    static Map<String, String> env(FunctionResource function, SyncTransport transport) throws SpecProblem {
        return container(DesiredDeployment.build(function, new FunctionDefaults("Always", false, transport), null,
                Map.of())).getEnv().stream().collect(java.util.stream.Collectors.toMap(EnvVar::getName,
                EnvVar::getValue));
    }

    @Test
    void a_function_annotated_nats_serves_its_subject_on_the_operators_nats_server() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.jfaas.transport", "nats"));

        assertThat(env(function, new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS))))
                .containsEntry("JFAAS_NATS_URL", NATS)
                .containsEntry("JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.hello");
    }

    @Test
    void the_operators_default_transport_applies_to_functions_without_the_annotation() throws SpecProblem {
        SyncTransport natsByDefault = new SyncTransport(SyncTransport.Kind.NATS, Optional.of(NATS));
        FunctionResource plain = function("plain", "img");
        FunctionResource optedOut = function("direct", "img");
        optedOut.getSpec().setAnnotations(Map.of("com.jfaas.transport", "HTTP"));

        assertThat(env(plain, natsByDefault)).containsEntry("JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.plain");
        assertThat(env(optedOut, natsByDefault)).doesNotContainKeys("JFAAS_NATS_URL", "JFAAS_NATS_SUBJECT");
        assertThat(env(plain, new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS))))
                .doesNotContainKeys("JFAAS_NATS_URL", "JFAAS_NATS_SUBJECT");
    }

    @Test
    void without_a_nats_server_a_function_annotated_nats_is_served_over_http_only() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.jfaas.transport", "nats"));

        assertThat(env(function, SyncTransport.HTTP_ONLY)).doesNotContainKeys("JFAAS_NATS_URL", "JFAAS_NATS_SUBJECT");
    }

    @Test
    void the_functions_environment_cannot_move_it_to_another_subject() throws SpecProblem {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.jfaas.transport", "nats"));
        function.getSpec().setEnvironment(Map.of("JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.other",
                "JFAAS_NATS_URL", "nats://elsewhere:4222"));

        assertThat(env(function, new SyncTransport(SyncTransport.Kind.HTTP, Optional.of(NATS))))
                .containsEntry("JFAAS_NATS_URL", NATS)
                .containsEntry("JFAAS_NATS_SUBJECT", "jfaas.invoke.openfaas-fn.hello");
    }

    @Test
    void an_invalid_transport_annotation_is_a_problem_naming_it() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("com.jfaas.transport", "grpc"));

        assertThatThrownBy(() -> build(function)).isInstanceOfSatisfying(SpecProblem.class, problem -> {
            assertThat(problem.reason()).isEqualTo("InvalidAnnotation");
            assertThat(problem.getMessage()).isEqualTo("annotations.com.jfaas.transport: \"grpc\" is not a transport:"
                    + " use http or nats");
        });
    }

    @Test
    void an_existing_count_is_kept_never_woken_from_zero_and_raised_to_the_minimum() {
        assertThat(DesiredDeployment.replicas(2, null)).isEqualTo(2);
        assertThat(DesiredDeployment.replicas(2, 5)).isEqualTo(5);
        assertThat(DesiredDeployment.replicas(2, 0)).isZero();
        assertThat(DesiredDeployment.replicas(3, 1)).isEqualTo(3);
    }

    @Test
    void an_invalid_name_is_a_problem() {
        assertThatThrownBy(() -> build(function("Hello_World", "img"))).isInstanceOfSatisfying(SpecProblem.class,
                problem -> assertThat(problem.getMessage()).startsWith("spec.name: (Hello_World) is invalid"));
    }

    @Test
    void rolls_out_one_new_pod_before_removing_an_old_one() throws SpecProblem {
        Deployment deployment = build(function("hello", "img"));

        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isOne();
    }

    @Test
    void service_exposes_http_8080_to_the_function_pods() {
        FunctionResource function = function("hello", "img");
        function.getSpec().setAnnotations(Map.of("topic", "orders"));
        Service service = DesiredService.build(function);

        assertThat(service.getMetadata().getName()).isEqualTo("hello");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getSelector()).isEqualTo(Map.of("faas_function", "hello"));
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
            assertThat(port.getTargetPort().getIntVal()).isEqualTo(8080);
        });
        assertThat(service.getMetadata().getAnnotations()).containsEntry("topic", "orders")
                .containsEntry("prometheus.io.scrape", "false");
        assertThat(service.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(owner -> assertThat(owner.getUid()).isEqualTo("uid-hello"));
    }
}
