package io.jfaas.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.testing.Unpacked;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against the gateway in Kubernetes mode: the packaged gateway (its distribution archive,
 * unpacked by the build) as a process, its remote client in front of the operator's provider API on the mock API server. The
 * answers must be the ones the operator's API and the local provider give.
 */
class RemoteProviderContractIT extends KubernetesProviderContractIT {

    static final Path GATEWAY = Unpacked.dist("jfaas.gateway.dist").resolve("gateway.jar");

    @TempDir
    Path dir;
    Process gateway;
    int gatewayPort;

    /** After the operator's API started ({@link KubernetesProviderContractIT}). */
    @BeforeEach
    void startGateway() throws Exception {
        assertThat(GATEWAY).as("the packaged gateway the build unpacks").isRegularFile();
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), USER);
        Files.writeString(secrets.resolve("basic-auth-password"), PASSWORD);
        try (ServerSocket socket = new ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GATEWAY.toString());
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", dir.toString(), "PATH", System.getenv().getOrDefault("PATH", ""),
                "port", Integer.toString(gatewayPort), "JFAAS_METRICS_PORT", "0",
                "JFAAS_STATE_DIR", dir.resolve("state").toString(), "secret_mount_path", secrets.toString(),
                "functions_provider_url", "http://127.0.0.1:" + apiPort() + "/", "JFAAS_NATS_SERVER", "off"));
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        gateway = builder.start();
        // the gateway answers once it listens; calls are served once it has read the provider's endpoints feed
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                send("GET", "/system/info", null).body().contains("jfaas-operator"));
    }

    /** Before the operator's API stops. */
    @AfterEach
    void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    protected URI base() {
        return URI.create("http://127.0.0.1:" + gatewayPort + "/");
    }
}
