package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.imagebuilder.ImageTar;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java template's function image, as a user builds it with the packaged faas-cli: offline, into a tar, on the
 * function runtime base the build wrote, with the start-up cache trained; then loaded into podman and run with runc.
 */
class FunctionImageIT {

    @TempDir
    Path dir;

    @Test
    void faas_cli_builds_the_java_templates_image_into_a_tar_that_podman_runs_with_its_startup_cache() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        var env = Programs.cliEnv(home);
        Programs.Run created = Programs.faasCli(work, env, "new", "--lang", "java", "hello",
                "--prefix", "localhost:5000/jfaas-it");
        assertThat(created.exit()).as(created.out()).isZero();

        Path tar = dir.resolve("hello.tar");
        Programs.Run built = Programs.faasCli(work, env, "build", "-f", "hello.yml", "--quiet", "--tar", tar.toString());
        assertThat(built.exit()).as(built.out()).isZero();
        assertThat(built.out()).contains("start-up cache trained", "Next: podman load -i " + tar);

        ImageTar image = ImageTar.read(tar);
        ImageTar base = ImageTar.read(Programs.IMAGES.resolve("function-runtime.tar"));
        assertThat(image.tags()).containsExactly("localhost:5000/jfaas-it/hello:latest");
        assertThat(image.user()).isEqualTo("10001:10001");
        assertThat(image.environment()).containsEntry("JAVA_HOME", "/opt/java/openjdk")
                .containsEntry("HOME", "/home/app").containsEntry("MALLOC_ARENA_MAX", "2")
                .doesNotContainKey("JAVA_TOOL_OPTIONS");
        assertThat(image.entrypoint()).containsExactly("/opt/java/openjdk/bin/java", "-XX:+UseG1GC", "-Xms8m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:G1PeriodicGCInterval=5000",
                "-XX:-UsePerfData", "-XX:AOTCache=/home/app/function/function.aot", "-cp",
                "/opt/jfaas/watchdog/watchdog.jar:/opt/jfaas/watchdog/function-api.jar:/opt/jfaas/watchdog/jnats.jar:"
                        + "/home/app/function/function.jar", "io.jfaas.watchdog.Watchdog");
        // the base's layers unchanged, then the function's jar, then its start-up cache
        assertThat(image.layers()).startsWith(base.layers().toArray(String[]::new));
        List<List<String>> contents = image.layerContents();
        assertThat(contents.subList(base.layers().size(), contents.size())).containsExactly(
                List.of("/home", "/home/app", "/home/app/function", "/home/app/function/function.jar"),
                List.of("/home", "/home/app", "/home/app/function", "/home/app/function/function.aot"));

        Programs.requirePodman();
        Programs.Run loaded = Programs.podman("load", "-i", tar.toString());
        assertThat(loaded.exit()).as(loaded.out()).isZero();
        int port = Programs.freePort();
        String container = "jfaas-function-it-" + port;
        // AOTMode=on: the JVM refuses to start unless the cache trained at build time is valid in the image
        Programs.Run started = Programs.podman(PlatformImagesIT.concat(List.of("run", "-d", "--name", container),
                Programs.RUN_LIMITS, List.of("-p", "127.0.0.1:" + port + ":8080",
                        "-e", "JAVA_TOOL_OPTIONS=-XX:AOTMode=on", "--read-only", image.tags().getFirst())));
        assertThat(started.exit()).as(started.out()).isZero();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("world")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("Hello from jfaas! You said: world");
        } finally {
            System.out.println("---- function container log ----\n" + Programs.podman("logs", container).out());
            Programs.podman("rm", "-f", "-t", "2", container);
            Programs.podman("rmi", "-f", image.tags().getFirst());
        }
    }

    @Test
    void build_with_tar_names_the_missing_runtime_base_and_what_to_do() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        var env = Programs.cliEnv(home);
        assertThat(Programs.faasCli(work, env, "new", "--lang", "java", "hello").exit()).isZero();

        Programs.Run built = Programs.faasCli(work, env, "build", "-f", "hello.yml", "--tar", "hello.tar",
                "--runtime-image", "missing.tar");

        assertThat(built.exit()).isNotZero();
        assertThat(built.out()).contains(work.resolve("missing.tar") + " (from --runtime-image) does not exist",
                "./mvnw install -DskipTests");
        assertThat(work.resolve("hello.tar")).doesNotExist();
    }
}
