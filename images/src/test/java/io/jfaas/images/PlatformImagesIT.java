package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.imagebuilder.ImageLayout;
import io.jfaas.imagebuilder.ImageTar;
import io.jfaas.imagebuilder.Images;
import io.jfaas.imagebuilder.JreRoot;
import java.io.IOException;
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

/** The platform's images the build wrote to {@code images/target/jib}: names, configuration, layers, and running. */
class PlatformImagesIT {

    private static final List<String> NAMES = List.of("function-runtime", "gateway", "operator");

    @TempDir
    Path dir;

    @Test
    void each_image_is_tagged_with_the_charts_appVersion() throws IOException {
        String appVersion = chartAppVersion();
        for (String name : NAMES) {
            assertThat(ImageTar.read(Programs.IMAGES.resolve(name + ".tar")).tags())
                    .containsExactly("ghcr.io/jfaas/" + name + ":" + appVersion);
        }
    }

    @Test
    void each_image_runs_as_the_unprivileged_user_with_the_java_runtime_on_the_path() throws IOException {
        for (String name : NAMES) {
            ImageTar image = ImageTar.read(Programs.IMAGES.resolve(name + ".tar"));
            assertThat(image.user()).as(name).isEqualTo("10001:10001");
            assertThat(image.environment()).as(name).containsEntry("JAVA_HOME", "/opt/java/openjdk")
                    .containsEntry("HOME", "/home/app");
            assertThat(image.environment().get("PATH")).as(name).startsWith("/opt/java/openjdk/bin:");
            List<String> files = image.layerContents().stream().flatMap(List::stream).toList();
            assertThat(files).as(name).contains("/opt/java/openjdk/bin/java", "/etc/passwd", "/etc/group", "/tmp",
                    "/home/app", "/lib64/ld-linux-x86-64.so.2");
            assertThat(image.entrypoint().getFirst()).as(name).isEqualTo("/opt/java/openjdk/bin/java");
        }
    }

    @Test
    void the_function_runtime_starts_the_watchdog_and_the_services_their_main_class_from_the_classpath_file()
            throws IOException {
        ImageTar runtime = ImageTar.read(Programs.IMAGES.resolve("function-runtime.tar"));
        assertThat(runtime.entrypoint()).endsWith("-cp", "/opt/jfaas/watchdog/watchdog.jar:"
                + "/opt/jfaas/watchdog/function-api.jar:/opt/jfaas/watchdog/jnats.jar", "io.jfaas.watchdog.Watchdog");
        assertThat(runtime.layerContents().getLast()).contains("/opt/jfaas/watchdog/watchdog.jar");

        ImageTar gateway = ImageTar.read(Programs.IMAGES.resolve("gateway.tar"));
        assertThat(gateway.entrypoint()).endsWith("-cp", "@/app/jib-classpath-file", "io.jfaas.gateway.Gateway");
        assertThat(gateway.environment()).containsEntry("JFAAS_BIND_ADDRESS", "0.0.0.0");
        assertThat(gateway.layerContents().getLast()).containsExactly("/app", "/app/gateway.jar");
        ImageTar operator = ImageTar.read(Programs.IMAGES.resolve("operator.tar"));
        assertThat(operator.entrypoint()).endsWith("io.jfaas.operator.Main");

        // the classpath file names the jar and every library the image holds
        Path unpacked = dir.resolve("gateway");
        gateway.unpack(unpacked);
        String classpath = Files.readString(unpacked.resolve("app/jib-classpath-file")).strip();
        for (String jar : classpath.split(":")) {
            assertThat(unpacked.resolve(jar.substring(1))).as(jar).isRegularFile();
        }
        assertThat(Files.isExecutable(unpacked.resolve("opt/java/openjdk/bin/java"))).isTrue();
    }

    @Test
    void building_the_function_runtime_again_gives_the_same_layers() throws IOException {
        JreRoot jre = JreRoot.createIfMissing(Path.of(System.getProperty("java.home")),
                Programs.IMAGES.resolveSibling("jib-work/jre-root"));
        Path watchdog = Programs.GATEWAY.resolve("watchdog");
        Path again = dir.resolve("again.tar");
        Images.toTar(Images.functionRuntime(jre, List.of(watchdog.resolve("watchdog.jar"),
                        watchdog.resolve("function-api.jar"), watchdog.resolve("jnats.jar"))), again,
                "ghcr.io/jfaas/function-runtime:again", dir.resolve("work"), line -> { });

        assertThat(ImageTar.read(again).layers())
                .isEqualTo(ImageTar.read(Programs.IMAGES.resolve("function-runtime.tar")).layers());
    }

    @Test
    void the_gateway_image_runs_in_podman_as_the_app_user_and_answers_healthz() throws Exception {
        Programs.requirePodman();
        String image = ImageTar.read(Programs.IMAGES.resolve("gateway.tar")).tags().getFirst();
        Programs.Run load = Programs.podman("load", "-i", Programs.IMAGES.resolve("gateway.tar").toString());
        assertThat(load.exit()).as(load.out()).isZero();

        Programs.Run whoami = Programs.podman(concat(List.of("run", "--rm"), Programs.RUN_LIMITS,
                List.of("--entrypoint", ImageLayout.JAVA, image, "-XshowSettings:properties", "-version")));
        assertThat(whoami.out()).contains("user.name = app", "java.home = /opt/java/openjdk");

        int port = Programs.freePort();
        String container = "jfaas-gateway-it-" + port;
        Programs.Run started = Programs.podman(concat(List.of("run", "-d", "--name", container),
                Programs.RUN_LIMITS, List.of("-p", "127.0.0.1:" + port + ":8080", "-e", "basic_auth=false", image)));
        assertThat(started.exit()).as(started.out()).isZero();
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            HttpResponse<String> info = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/system/info")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(info.statusCode()).isEqualTo(200);
            assertThat(info.body()).contains("\"orchestration\"");
        } finally {
            System.out.println("---- gateway container log ----\n" + Programs.podman("logs", container).out());
            Programs.podman("rm", "-f", "-t", "2", container);
            Programs.podman("rmi", "-f", image);
        }
    }

    static String chartAppVersion() throws IOException {
        for (String line : Files.readAllLines(Programs.ROOT.resolve("charts/jfaas/Chart.yaml"))) {
            if (line.startsWith("appVersion:")) {
                return line.substring("appVersion:".length()).strip().replace("\"", "");
            }
        }
        throw new AssertionError("charts/jfaas/Chart.yaml has no appVersion");
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
