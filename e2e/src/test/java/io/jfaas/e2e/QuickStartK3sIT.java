package io.jfaas.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.jfaas.testing.Unpacked;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The quick start on a real cluster (k3s in Docker), with the packaged programs as a user runs them: the platform
 * images this build made (the images module's tars, unpacked into {@code target/dist/images}) imported into k3s's
 * containerd; {@code helm install} of {@code charts/jfaas} with the quick start's {@code --set} values; then the
 * real {@code faas-cli}: {@code login} with the password of the {@code basic-auth} Secret, {@code new --lang java}, {@code up} (build on the function runtime base,
 * push to a registry container, deploy); and a call of {@code /function/hello} on the gateway's node port.
 *
 * <p>The registry ({@code registry:2}) is pushed to at {@code localhost:PORT} (faas-cli allows plain HTTP for a
 * registry on localhost); k3s pulls the same image name through a {@code registries.yaml} mirror that points
 * {@code localhost:PORT} at the registry container on their shared Docker network.
 *
 * <p>Opt-in and heavy (pulls rancher/k3s, registry:2, nats and prom/prometheus): {@code ./mvnw -pl e2e -am verify
 * -Djfaas.k3s=true -Dit.test=QuickStartK3sIT -Dfailsafe.failIfNoSpecifiedTests=false
 * -Dsurefire.failIfNoSpecifiedTests=false}
 * (the property also makes the images module attach its tars). Skipped without the property, and without Docker.
 */
@EnabledIfSystemProperty(named = "jfaas.k3s", matches = "true")
@Testcontainers(disabledWithoutDocker = true)
class QuickStartK3sIT {

    static final String K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";
    static final Path CHART = Processes.ROOT.resolve("charts/jfaas");
    static final Path IMAGES = Unpacked.dist("jfaas.images");
    static final List<String> PLATFORM_IMAGES = List.of("gateway", "operator", "function-runtime");
    /** {@code serviceType=NodePort}: the node port of {@code gateway-external} (the chart's {@code gateway.nodePort}). */
    static final int GATEWAY_NODE_PORT = 31112;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static Network network;
    static GenericContainer<?> registry;
    static K3sContainer k3s;

    @TempDir
    static Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        for (String image : PLATFORM_IMAGES) {
            assertThat(IMAGES.resolve(image + ".tar")).as("the platform image tar (images, with -Djfaas.k3s=true)")
                    .isRegularFile();
        }
        assertThat(Processes.FAAS_CLI_JAR).as("the packaged faas-cli").isRegularFile();

        network = Network.newNetwork();
        registry = new GenericContainer<>(DockerImageName.parse("registry:2")).withNetwork(network)
                .withNetworkAliases("registry").withExposedPorts(5000);
        registry.start();
        String registryAddress = "localhost:" + registry.getMappedPort(5000);
        String mirror = """
                mirrors:
                  "%s":
                    endpoint:
                      - "http://registry:5000"
                """.formatted(registryAddress);
        k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE));
        k3s.withNetwork(network)
                .withCopyToContainer(Transferable.of(mirror), "/etc/rancher/k3s/registries.yaml")
                .addExposedPort(GATEWAY_NODE_PORT);
        k3s.start();

        String appVersion = appVersion();
        for (String image : PLATFORM_IMAGES) {
            String inNode = "/tmp/" + image + ".tar";
            k3s.copyFileToContainer(MountableFile.forHostPath(IMAGES.resolve(image + ".tar")), inNode);
            ExecResult imported = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "import", inNode);
            assertThat(imported.getExitCode()).as("ctr images import %s: %s", image, imported.getStderr()).isZero();
        }
        ExecResult listed = k3s.execInContainer("ctr", "-n", "k8s.io", "images", "ls", "-q");
        for (String image : PLATFORM_IMAGES) {
            assertThat(listed.getStdout()).as("images in k3s's containerd")
                    .contains("ghcr.io/jfaas/" + image + ":" + appVersion);
        }
    }

    @AfterAll
    static void stop() {
        if (k3s != null) {
            k3s.stop();
        }
        if (registry != null) {
            registry.stop();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void helm_install_then_faas_cli_login_new_and_up_then_the_function_answers_on_the_gateway() throws Exception {
        ExecResult namespace = k3s.execInContainer("kubectl", "create", "namespace", "openfaas");
        assertThat(namespace.getExitCode()).as(namespace.getStderr()).isZero();
        Release release = new Helm(CHART).install().withName("jfaas").withNamespace("openfaas")
                .withKubeConfigContents(k3s.getKubeConfigYaml())
                .set("basic_auth", "true").set("serviceType", "NodePort").set("functionNamespace", "openfaas-fn")
                .waitReady().withTimeout(600).call();
        assertThat(release.getStatus()).isEqualTo("deployed");

        String gateway = "http://" + k3s.getHost() + ":" + k3s.getMappedPort(GATEWAY_NODE_PORT);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> status(gateway + "/healthz") == 200);

        ExecResult secret = k3s.execInContainer("kubectl", "get", "secret", "-n", "openfaas", "basic-auth", "-o",
                "jsonpath={.data.basic-auth-password}");
        assertThat(secret.getExitCode()).as(secret.getStderr()).isZero();
        String password = new String(Base64.getDecoder().decode(secret.getStdout().strip()), StandardCharsets.UTF_8);

        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("LANG", "C.UTF-8");
        env.put("OPENFAAS_URL", gateway);
        env.put("JFAAS_FUNCTION_RUNTIME", IMAGES.resolve("function-runtime.tar").toString());

        Processes.Run login = Processes.faasCli(work, env, password, "login", "--password-stdin");
        assertThat(login.exit()).as(login.all()).isZero();
        String registry = "localhost:" + QuickStartK3sIT.registry.getMappedPort(5000);
        Processes.Run created = Processes.faasCli(work, env, "", "new", "--lang", "java", "hello", "--prefix", registry);
        assertThat(created.exit()).as(created.all()).isZero();
        assertThat(Files.readString(work.resolve("hello.yml"))).contains("image: " + registry + "/hello:latest");

        Processes.Run up = Processes.faasCli(work, env, "", "up", "-f", "hello.yml");
        assertThat(up.exit()).as(up.all()).isZero();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            HttpResponse<String> call = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/function/hello"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("k3s")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
            assertThat(call.body()).contains("k3s");
        });
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** The chart's {@code appVersion}: the tag the chart's images have, and so the imported images must have. */
    static String appVersion() throws Exception {
        Matcher matcher = Pattern.compile("(?m)^appVersion:\\s*\"?([^\"\\s]+)\"?").matcher(
                Files.readString(CHART.resolve("Chart.yaml")));
        assertThat(matcher.find()).as("appVersion in Chart.yaml").isTrue();
        return matcher.group(1);
    }
}
