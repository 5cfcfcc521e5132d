package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionResources;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerCommandTest {

    private static final Path STATE = Path.of("/state");
    private static final Path ENV_FILE = Path.of("/state/run/openfaas-fn/hello/hello-x2z4b/env");

    private static List<String> command(FunctionDeployment deployment, String imageUser, Map<String, Path> secrets,
                                        ContainerConfig config) {
        return launch(deployment, imageUser, secrets, config).command();
    }

    private static ContainerCommand launch(FunctionDeployment deployment, String imageUser, Map<String, Path> secrets,
                                           ContainerConfig config) {
        return ContainerCommand.of(new ContainerCommand.Launch(config, deployment.withNamespace("openfaas-fn"),
                "abc123", imageUser, "hello-x2z4b", 40123, STATE, secrets, ENV_FILE));
    }

    private static List<String> command(FunctionDeployment deployment) {
        return command(deployment, "", Map.of(), ContainerConfig.DEFAULT);
    }

    /** True when {@code flag value} appear next to each other in the command. */
    private static boolean hasPair(List<String> command, String flag, String value) {
        return Collections.indexOfSubList(command, List.of(flag, value)) >= 0;
    }

    @Test
    void runs_podman_with_the_global_flags_first_and_the_image_by_id_last() {
        List<String> command = command(FunctionDeployment.of("hello", "ghcr.io/me/hello:1"));

        assertThat(command).startsWith("podman", "--runtime", "runc", "--cgroup-manager", "cgroupfs",
                "--events-backend", "file", "run", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");
        assertThat(command.getLast()).isEqualTo("abc123");
        assertThat(hasPair(command, "--name", "hello-x2z4b")).isTrue();
        assertThat(hasPair(command, "--pull", "never")).isTrue();
        assertThat(command).contains("--rm");
    }

    @Test
    void publishes_the_function_port_on_loopback_only() {
        assertThat(hasPair(command(FunctionDeployment.of("hello", "x:1")), "-p", "127.0.0.1:40123:8080")).isTrue();
    }

    @Test
    void labels_the_container_with_the_state_directory_the_function_its_labels_and_annotations() {
        FunctionDeployment deployment = FunctionDeployment.of("hello", "x:1").withLabels(Map.of("team", "a"))
                .withAnnotations(Map.of("topic", "orders"));

        List<String> command = command(deployment);

        assertThat(hasPair(command, "--label", "com.jfaas.state-dir=/state")).isTrue();
        assertThat(hasPair(command, "--label", "com.jfaas.function=hello.openfaas-fn")).isTrue();
        assertThat(hasPair(command, "--label", "faas_function=hello")).isTrue();
        assertThat(hasPair(command, "--label", "team=a")).isTrue();
        assertThat(hasPair(command, "--label", "com.openfaas.annotations.topic=orders")).isTrue();
    }

    @Test
    void passes_the_environment_and_fprocess_of_the_deploy_in_a_file_not_on_the_command_line() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "x:1", null, "cat",
                Map.of("GREETING", "hi", "DB_PASSWORD", "s3cret"), null, null, null, null, null, null, false);

        ContainerCommand launch = launch(deployment, "", Map.of(), ContainerConfig.DEFAULT);

        assertThat(String.join(" ", launch.command())).doesNotContain("s3cret").doesNotContain("GREETING");
        assertThat(hasPair(launch.command(), "--env-file", ENV_FILE.toString())).isTrue();
        assertThat(launch.envFile()).contains("GREETING=hi", "DB_PASSWORD=s3cret", "fprocess=cat");
        assertThat(launch.envFile().indexOf("healthcheck_interval=0")).as("the deploy's environment may set it")
                .isLessThan(launch.envFile().indexOf("GREETING=hi"));
    }

    @Test
    void passes_what_the_env_file_cannot_hold_on_the_command_line() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "x:1", null, null,
                Map.of("PEM", "line one\nline two", "#NOT_A_COMMENT", "x", "PLAIN", "y"), null, null, null, null,
                null, null, false);

        ContainerCommand launch = launch(deployment, "", Map.of(), ContainerConfig.DEFAULT);

        assertThat(hasPair(launch.command(), "-e", "PEM=line one\nline two")).isTrue();
        assertThat(hasPair(launch.command(), "-e", "#NOT_A_COMMENT=x")).isTrue();
        assertThat(launch.envFile()).containsExactly("healthcheck_interval=0", "PLAIN=y");
    }

    @Test
    void fprocess_of_the_deploy_wins_over_an_fprocess_variable() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "x:1", null, "cat",
                Map.of("fprocess", "env"), null, null, null, null, null, null, false);

        assertThat(launch(deployment, "", Map.of(), ContainerConfig.DEFAULT).envFile()).endsWith("fprocess=cat")
                .doesNotContain("fprocess=env");
    }

    @Test
    void mounts_each_secret_read_only_at_the_openfaas_path() {
        List<String> command = command(FunctionDeployment.of("hello", "x:1"), "", Map.of("api-key",
                Path.of("/state/run/openfaas-fn/hello/hello-x2z4b/secrets/api-key")), ContainerConfig.DEFAULT);

        assertThat(hasPair(command, "-v",
                "/state/run/openfaas-fn/hello/hello-x2z4b/secrets/api-key:/var/openfaas/secrets/api-key:ro")).isTrue();
        assertThat(command.stream().filter(arg -> arg.equals("-v"))).hasSize(1);
    }

    @Test
    void runs_as_the_images_user_unless_it_is_root_or_none() {
        assertThat(hasPair(command(FunctionDeployment.of("hello", "x:1"), "app", Map.of(), ContainerConfig.DEFAULT),
                "--user", "app")).isTrue();
        assertThat(ContainerCommand.userOf("")).isEqualTo("10001:10001");
        assertThat(ContainerCommand.userOf("root")).isEqualTo("10001:10001");
        assertThat(ContainerCommand.userOf("0:0")).isEqualTo("10001:10001");
        assertThat(ContainerCommand.userOf("1000:1000")).isEqualTo("1000:1000");
    }

    @Test
    void drops_every_capability_and_new_privileges() {
        List<String> command = command(FunctionDeployment.of("hello", "x:1"));

        assertThat(hasPair(command, "--cap-drop", "all")).isTrue();
        assertThat(hasPair(command, "--security-opt", "no-new-privileges")).isTrue();
    }

    @Test
    void a_read_only_root_keeps_a_writable_tmp() {
        FunctionDeployment readOnly = new FunctionDeployment("hello", "x:1", null, null, null, null, null, null, null,
                null, null, true);

        List<String> command = command(readOnly);

        assertThat(command).contains("--read-only");
        assertThat(hasPair(command, "--tmpfs", "/tmp:rw,nosuid,nodev,mode=1777,size=64m")).isTrue();
        assertThat(command(FunctionDeployment.of("hello", "x:1"))).doesNotContain("--read-only");
    }

    @Test
    void limits_and_requests_become_cgroup_limits() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "x:1", null, null, null, null, null, null,
                null, new FunctionResources("128Mi", "1500m"), new FunctionResources("64Mi", "250m"), false);

        List<String> command = command(deployment);

        assertThat(hasPair(command, "--memory", "134217728")).isTrue();
        assertThat(hasPair(command, "--memory-swap", "134217728")).isTrue();
        assertThat(hasPair(command, "--memory-reservation", "67108864")).isTrue();
        assertThat(hasPair(command, "--cpus", "1.5")).isTrue();
        assertThat(hasPair(command, "--cpu-shares", "256")).isTrue();
        assertThat(command(FunctionDeployment.of("hello", "x:1"))).doesNotContain("--memory", "--cpus");
    }

    @Test
    void uses_the_configured_podman_and_flags() {
        ContainerConfig config = ContainerConfig.fromEnv(Map.of("JFAAS_PODMAN", "/opt/podman",
                "JFAAS_PODMAN_FLAGS", "--runtime /usr/bin/crun --root /srv/containers", "JFAAS_PODMAN_RUN_FLAGS", ""));

        List<String> command = command(FunctionDeployment.of("hello", "x:1"), "", Map.of(), config);

        assertThat(command).startsWith("/opt/podman", "--runtime", "/usr/bin/crun", "--root", "/srv/containers", "run",
                "--rm");
    }

    @Test
    void the_runtime_setting_and_annotation_are_read_and_checked() {
        assertThat(ContainerConfig.DEFAULT.runtime()).isEqualTo(ContainerConfig.Runtime.AUTO);
        assertThat(ContainerConfig.fromEnv(Map.of("JFAAS_LOCAL_RUNTIME", "container")).runtime())
                .isEqualTo(ContainerConfig.Runtime.CONTAINER);
        assertThatThrownBy(() -> ContainerConfig.fromEnv(Map.of("JFAAS_LOCAL_RUNTIME", "docker")))
                .hasMessageContaining("JFAAS_LOCAL_RUNTIME").hasMessageContaining("docker");
        assertThat(ContainerConfig.annotated(Map.of("com.jfaas.runtime", "jvm")))
                .contains(ContainerConfig.Runtime.JVM);
        assertThat(ContainerConfig.annotated(Map.of())).isEmpty();
        assertThatThrownBy(() -> ContainerConfig.annotated(Map.of("com.jfaas.runtime", "vm")))
                .hasMessageContaining("com.jfaas.runtime");
    }

    @Test
    void a_pull_failure_is_told_by_its_last_lines() {
        assertThat(FunctionImages.lastLines("Trying to pull x...\nError: initializing source: connection refused\n"))
                .isEqualTo("Trying to pull x...; Error: initializing source: connection refused");
        assertThat(FunctionImages.lastLines("")).isEqualTo("podman said nothing");
    }
}
