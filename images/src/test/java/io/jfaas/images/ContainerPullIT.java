package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.imagebuilder.Images;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode pulls a container image it does not have from a real registry (Debian's docker-registry with htpasswd
 * authentication, on loopback over plain HTTP) with the credentials faas-cli keeps in {@code DOCKER_CONFIG}, and
 * a pull the registry refuses is a 400 naming the image and the registry's answer.
 */
class ContainerPullIT {

    private static final String USER = "jfaas";
    private static final String PASSWORD = "s3cret-pull";

    @TempDir
    Path dir;
    private Process registry;
    private String image;
    private ContainerFunctions.Gateway gateway;

    @BeforeEach
    void startRegistryWithTheProbe() throws Exception {
        Programs.requirePodman();
        Path binary = Programs.require("docker-registry", "docker-registry");
        Path htpasswd = Programs.require("htpasswd", "apache2-utils");
        Programs.Run hashed = Programs.run(dir, null, List.of(htpasswd.toString(), "-Bbn", USER, PASSWORD));
        assertThat(hashed.exit()).as(hashed.out()).isZero();
        Path users = dir.resolve("htpasswd");
        Files.writeString(users, hashed.out().strip() + "\n");
        int port = Programs.freePort();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, String.join("\n", "version: 0.1", "log:", "  level: warn", "storage:",
                "  filesystem:", "    rootdirectory: " + dir.resolve("storage"), "http:", "  addr: 127.0.0.1:" + port,
                "auth:", "  htpasswd:", "    realm: jfaas-test", "    path: " + users, ""));
        registry = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        image = "127.0.0.1:" + port + "/jfaas-it/probe:" + port;
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 401);
        // Jib sends credentials over plain HTTP only when told to (faas-cli push does the same for a loopback registry)
        System.setProperty("sendCredentialsOverHttp", "true");
        Images.push(ContainerFunctions.probe(), image, Optional.of(Map.entry(USER, PASSWORD)), true,
                dir.resolve("jib"), line -> { });
        // podman speaks plain HTTP to this registry only because this configuration says so
        Files.writeString(dir.resolve("registries.conf"), String.join("\n", "[[registry]]",
                "location = \"127.0.0.1:" + port + "\"", "insecure = true", ""));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
            assertThat(ContainerFunctions.containersOf(gateway.stateDir())).isEmpty();
        }
        if (image != null) {
            Programs.podman("rmi", "--force", image);
            assertThat(Programs.podman("image", "exists", image).exit()).as("the pulled image is removed")
                    .isEqualTo(1);
        }
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly();
            }
        }
    }

    private Map<String, String> withCredentials(String password) throws Exception {
        Path docker = Files.createDirectories(dir.resolve("docker"));
        String registryHost = image.substring(0, image.indexOf('/'));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(docker.resolve("config.json"), "{\"auths\":{\"" + registryHost + "\":{\"auth\":\"" + auth
                + "\"}}}");
        return Map.of("DOCKER_CONFIG", docker.toString(),
                "CONTAINERS_REGISTRIES_CONF", dir.resolve("registries.conf").toString());
    }

    @Test
    void an_image_podman_does_not_have_is_pulled_with_the_docker_config_credentials() throws Exception {
        assertThat(Programs.podman("image", "exists", image).exit()).isEqualTo(1);
        gateway = ContainerFunctions.startGateway(dir, withCredentials(PASSWORD));

        HttpResponse<String> deployed = gateway.send("POST", "/system/functions", """
                {"service":"pulled","image":"%s"}""".formatted(image));

        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
        assertThat(Programs.podman("image", "exists", image).exit()).isZero();
        HttpResponse<String> answer = gateway.send("POST", "/function/pulled", "uid");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("10001");
    }

    @Test
    void a_pull_the_registry_refuses_is_400_naming_the_image_and_the_registrys_answer() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, withCredentials("wrong-password"));

        HttpResponse<String> deployed = gateway.send("POST", "/system/functions", """
                {"service":"refused","image":"%s"}""".formatted(image));

        assertThat(deployed.statusCode()).isEqualTo(400);
        assertThat(deployed.body()).contains("podman cannot pull image " + image).containsIgnoringCase("unauthorized");
        assertThat(Programs.podman("image", "exists", image).exit()).isEqualTo(1);
    }
}
