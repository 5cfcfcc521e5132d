package io.jfaas.operator.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.provider.BasicAuth;
import io.jfaas.operator.provider.ProviderApi;
import io.jfaas.provider.ProviderContract;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against the gateway in Kubernetes mode: the packaged gateway (copied to {@code target/gateway}
 * by the build) as a process, its remote client in front of the operator's provider API on the mock API server. The
 * answers must be the ones the operator's API and the local provider give.
 */
class RemoteProviderContractIT extends ProviderContract {

    static final String NS = "openfaas-fn";
    static final Path GATEWAY = Path.of("target", "gateway", "gateway.jar").toAbsolutePath();

    @TempDir
    Path dir;
    AuthorizedCluster cluster;
    ProviderApi api;
    Process gateway;
    int gatewayPort;

    @BeforeEach
    void start() throws Exception {
        assertThat(GATEWAY).as("the packaged gateway the build copies").isRegularFile();
        cluster = AuthorizedCluster.withChartDefaults();
        api = ProviderApi.start(cluster.operator(), 0, new BasicAuth("admin", "s3cret"), NS, Set.of(NS),
                Optional::empty);
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), "admin");
        Files.writeString(secrets.resolve("basic-auth-password"), "s3cret");
        try (ServerSocket socket = new ServerSocket(0)) {
            gatewayPort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", GATEWAY.toString());
        builder.environment().clear();
        builder.environment().putAll(Map.of("HOME", dir.toString(), "PATH", System.getenv().getOrDefault("PATH", ""),
                "port", Integer.toString(gatewayPort), "JFAAS_METRICS_PORT", "0",
                "JFAAS_STATE_DIR", dir.resolve("state").toString(), "secret_mount_path", secrets.toString(),
                "functions_provider_url", "http://127.0.0.1:" + api.port() + "/", "JFAAS_NATS_SERVER", "off"));
        builder.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile());
        gateway = builder.start();
        // the gateway answers once it listens; calls are served once it has read the provider's endpoints feed
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                send("GET", "/system/info", null).body().contains("jfaas-operator"));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly().waitFor();
            }
        }
        api.close();
        try {
            assertThat(cluster.denied()).as("requests the chart's RBAC refused").isEmpty();
        } finally {
            cluster.close();
        }
    }

    @Override
    protected URI base() {
        return URI.create("http://127.0.0.1:" + gatewayPort + "/");
    }

    @Override
    protected Map.Entry<String, String> credentials() {
        return Map.entry("admin", "s3cret");
    }

    @Override
    protected String image() {
        return "ghcr.io/me/contract:1";
    }

}
