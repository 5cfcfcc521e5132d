package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.imagebuilder.ImageTar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template repository the build makes (the Java template's distribution archive, unpacked), as OpenFaaS users
 * meet it: pushed to a git server (a bare repository here), pulled with {@code faas-cli template pull}, a function
 * created from it, then built both ways: by jfaas's faas-cli (no container engine) and, as OpenFaaS's faas-cli does
 * with Docker, by {@code podman build} of the template's Dockerfile with the handler in {@code function/}. Both
 * images run and answer.
 */
class TemplateRepositoryIT {

    private static final Path REPOSITORY = Programs.TEMPLATE_REPOSITORY;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void a_function_from_the_pulled_template_repository_builds_with_jfaas_and_with_podman_and_both_run()
            throws Exception {
        Programs.require("git", "git");
        Programs.requirePodman();
        String url = bareRepository();
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Map<String, String> env = Programs.cliEnv(home);

        Programs.Run pulled = Programs.faasCli(work, env, "template", "pull", url);
        assertThat(pulled.exit()).as(pulled.out()).isZero();
        assertThat(pulled.out()).contains("Fetched 1 template(s) : [java] from " + url);
        Programs.Run created = Programs.faasCli(work, env, "new", "--lang", "java", "hello", "--prefix",
                "localhost/jfaas-template-it");
        assertThat(created.exit()).as(created.out()).isZero();
        assertThat(created.out()).doesNotContain("Template: ./template/java written"); // the pulled one is used

        // jfaas's faas-cli: mvn package in hello/, then the image, without a container engine
        Path tar = dir.resolve("hello.tar");
        Programs.Run built = Programs.faasCli(work, env, "build", "-f", "hello.yml", "--quiet", "--tar",
                tar.toString());
        assertThat(built.exit()).as(built.out()).isZero();
        String jfaasImage = ImageTar.read(tar).tags().getFirst();

        // OpenFaaS's faas-cli with Docker: build/hello/ = the template folder, the handler copied over function/
        Path context = dir.resolve("build/hello");
        copyTree(work.resolve("template/java"), context);
        copyTree(work.resolve("hello"), context.resolve("function"));
        String podmanImage = "localhost/jfaas-template-it/hello-dockerfile:latest";

        List<String> containers = new ArrayList<>();
        try {
            assertThat(Programs.podman("load", "-i", Programs.IMAGES.resolve("function-runtime.tar").toString())
                    .exit()).isZero();
            assertThat(Programs.podman("load", "-i", tar.toString()).exit()).isZero();
            // --layers=false: no intermediate images left behind as <none> after the final one is removed
            Programs.Run podmanBuilt = Programs.podman("build", "--pull=never", "--layers=false", "-t", podmanImage,
                    context.toString());
            assertThat(podmanBuilt.exit()).as(podmanBuilt.out()).isZero();

            for (String image : List.of(jfaasImage, podmanImage)) {
                int port = Programs.freePort();
                String container = "jfaas-template-it-" + port;
                containers.add(container);
                Programs.Run started = Programs.podman(PlatformImagesIT.concat(List.of("run", "-d", "--name",
                        container), Programs.RUN_LIMITS, List.of("-p", "127.0.0.1:" + port + ":8080", "--read-only",
                        image)));
                assertThat(started.exit()).as(started.out()).isZero();
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/")).POST(HttpRequest.BodyPublishers.ofString("world")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(image).isEqualTo(200);
                assertThat(answer.body()).as(image).isEqualTo("Hello from jfaas! You said: world");
            }
        } finally {
            for (String container : containers) {
                Programs.podman("rm", "-f", "-t", "2", container);
            }
            Programs.podman("rmi", "-f", jfaasImage, podmanImage);
            // the base goes too: the next build's base has another id, and this one would stay as <none>
            Programs.podman("rmi", "-f", ImageTar.read(Programs.IMAGES.resolve("function-runtime.tar")).tags()
                    .getFirst());
            assertThat(Programs.podman("images", "-q", "--filter", "reference=" + podmanImage).out()).isBlank();
        }
    }

    /** The build's template repository committed to a git repository and cloned bare, as a server holds it. */
    private String bareRepository() throws IOException, InterruptedException {
        assertThat(REPOSITORY.resolve("template/java/template.yml")).as("the build's template repository").exists();
        Path source = dir.resolve("templates-src");
        copyTree(REPOSITORY, source);
        Map<String, String> env = Programs.cliEnv(dir.resolve("git-home"));
        git(source, env, "init", "-q", "-b", "main");
        git(source, env, "add", ".");
        git(source, env, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "t");
        Path bare = dir.resolve("templates.git");
        git(dir, env, "clone", "-q", "--bare", source.toString(), bare.toString());
        return bare.toUri().toString();
    }

    private static void git(Path in, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Programs.Run run = Programs.run(in, env, command);
        assertThat(run.exit()).as(String.join(" ", command) + ": " + run.out()).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING); // the handler over the skeleton
                }
            }
        }
    }
}
