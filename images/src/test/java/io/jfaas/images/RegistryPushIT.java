package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code faas-cli push} against a real registry (Debian's docker-registry, distribution 2.8, with htpasswd
 * authentication) run as a child process, with credentials from a Docker client configuration in
 * {@code DOCKER_CONFIG}.
 */
class RegistryPushIT {

    private static final String USER = "jfaas";
    private static final String PASSWORD = "s3cret-push";

    @TempDir
    Path dir;

    private Process registry;
    private int port;
    private Path home;
    private Path work;

    @BeforeEach
    void startRegistry() throws Exception {
        Path binary = Programs.require("docker-registry", "docker-registry");
        Path htpasswd = Programs.require("htpasswd", "apache2-utils");
        Path users = dir.resolve("htpasswd");
        Programs.Run hashed = Programs.run(dir, null, List.of(htpasswd.toString(), "-Bbn", USER, PASSWORD));
        assertThat(hashed.exit()).as(hashed.out()).isZero();
        Files.writeString(users, hashed.out().strip() + "\n");
        port = Programs.freePort();
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, String.join("\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "http:",
                "  addr: 127.0.0.1:" + port,
                "auth:",
                "  htpasswd:",
                "    realm: jfaas-test",
                "    path: " + users,
                ""));
        registry = new ProcessBuilder(binary.toString(), "serve", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> get("/v2/", null).statusCode() == 401);

        home = Files.createDirectories(dir.resolve("home"));
        work = Files.createDirectories(dir.resolve("work"));
        Programs.Run created = Programs.faasCli(work, Programs.cliEnv(home), "new", "--lang", "java", "hello",
                "--prefix", "127.0.0.1:" + port + "/team");
        assertThat(created.exit()).as(created.out()).isZero();
        Programs.Run built = Programs.faasCli(work, Programs.cliEnv(home), "build", "-f", "hello.yml", "--quiet");
        assertThat(built.exit()).as(built.out()).isZero();
    }

    @AfterEach
    void stopRegistry() throws Exception {
        if (registry != null) {
            registry.destroy();
            if (!registry.waitFor(10, TimeUnit.SECONDS)) {
                registry.destroyForcibly();
            }
            System.out.println("---- registry log ----\n" + Files.readString(dir.resolve("registry.log")));
        }
    }

    @Test
    void push_sends_the_image_to_the_registry_in_image_with_the_docker_config_credentials() throws Exception {
        Programs.Run pushed = Programs.faasCli(work, envWithDockerConfig(PASSWORD), "push", "-f", "hello.yml");

        assertThat(pushed.exit()).as(pushed.out()).isZero();
        assertThat(pushed.out()).contains("Pushing 127.0.0.1:" + port + "/team/hello:latest to 127.0.0.1:" + port
                + " as " + USER, "start-up cache trained", "Pushed 127.0.0.1:" + port + "/team/hello:latest@sha256:");
        HttpResponse<String> manifest = get("/v2/team/hello/manifests/latest", USER + ":" + PASSWORD);
        assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
        assertThat(manifest.body()).contains("\"layers\"");
        // the registry really asks for the credentials
        assertThat(get("/v2/team/hello/manifests/latest", null).statusCode()).isEqualTo(401);
    }

    @Test
    void up_builds_and_pushes_when_the_gateway_is_not_a_local_one() throws Exception {
        Map<String, String> env = envWithDockerConfig(PASSWORD);
        // nothing listens there: up cannot learn the gateway's provider, so it pushes
        env.put("OPENFAAS_URL", "http://127.0.0.1:" + Programs.freePort());

        Programs.Run up = Programs.faasCli(work, env, "up", "-f", "hello.yml", "--quiet", "--skip-deploy");

        assertThat(up.exit()).as(up.out()).isZero();
        assertThat(up.out()).contains("Image: 127.0.0.1:" + port + "/team/hello:latest built", "pushing.",
                "Pushed 127.0.0.1:" + port + "/team/hello:latest@sha256:");
        assertThat(get("/v2/team/hello/manifests/latest", USER + ":" + PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void push_with_wrong_credentials_fails_naming_the_registry() throws Exception {
        Programs.Run pushed = Programs.faasCli(work, envWithDockerConfig("wrong"), "push", "-f", "hello.yml");

        assertThat(pushed.exit()).isNotZero();
        assertThat(pushed.out()).contains("push to 127.0.0.1:" + port + " failed",
                "Check the login " + USER + " for 127.0.0.1:" + port);
        assertThat(get("/v2/team/hello/manifests/latest", USER + ":" + PASSWORD).statusCode()).isEqualTo(404);
    }

    private Map<String, String> envWithDockerConfig(String password) throws Exception {
        Path dockerConfig = Files.createDirectories(dir.resolve("docker-" + password));
        String auth = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dockerConfig.resolve("config.json"),
                "{\"auths\": {\"127.0.0.1:" + port + "\": {\"auth\": \"" + auth + "\"}}}");
        Map<String, String> env = new java.util.HashMap<>(Programs.cliEnv(home));
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        return env;
    }

    private HttpResponse<String> get(String path, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json");
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
