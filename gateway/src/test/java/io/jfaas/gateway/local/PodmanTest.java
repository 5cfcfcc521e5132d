package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounds of the podman commands the gateway runs, checked with a shell standing in for podman. */
class PodmanTest {

    /** A "podman" that runs {@code script} (its arguments follow as $0, $1, ...). */
    private static Podman shell(String script, Map<String, String> env) {
        return new Podman(new ContainerConfig(ContainerConfig.Runtime.AUTO, "/bin/sh", List.of("-c", script),
                List.of()), env);
    }

    @Test
    void keeps_only_the_last_16_kib_of_a_commands_output() throws Exception {
        Podman.Result result = shell("head -c 100000 /dev/zero | tr '\\000' x; echo; echo the-end; exit 3", Map.of())
                .run(Duration.ofSeconds(30), "pull");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.output()).hasSize(Podman.MAX_OUTPUT).endsWith("\nthe-end\n");
    }

    @Test
    void a_command_that_does_not_finish_in_time_is_killed_and_says_so() throws Exception {
        long start = System.nanoTime();
        Podman.Result result = shell("echo started; exec sleep 60", Map.of()).run(Duration.ofSeconds(1), "pull");

        assertThat(result.ok()).isFalse();
        assertThat(result.output()).contains("started", "podman pull did not finish within 1s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void pulls_with_the_docker_config_faas_cli_uses(@TempDir Path dir) throws Exception {
        Path docker = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{}}");
        Podman podman = shell("echo \"$@\"", Map.of("DOCKER_CONFIG", docker.toString()));

        assertThat(podman.authFile()).contains(docker.resolve("config.json"));
        assertThat(podman.pull("ghcr.io/me/fn:1").output().strip())
                .isEqualTo("--quiet --authfile " + docker.resolve("config.json") + " -- ghcr.io/me/fn:1");
        assertThat(podman.pull("--tls-verify=false").output().strip()).as("a reference is never an option")
                .endsWith(" -- --tls-verify=false");
        assertThat(shell("true", Map.of("HOME", dir.toString())).authFile()).as("no ~/.docker/config.json").isEmpty();
    }
}
