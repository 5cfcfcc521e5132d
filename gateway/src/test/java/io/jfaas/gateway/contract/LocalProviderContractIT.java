package io.jfaas.gateway.contract;

import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.gateway.testing.ContractHandler;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.provider.ProviderContract;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The provider contract against the gateway in local mode: its routes in front of the local provider. */
class LocalProviderContractIT extends ProviderContract {

    @TempDir
    Path dir;
    Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        Path images = dir.resolve("images");
        TestImages.store(new LocalImageStore(images), "contract:latest", Files.createDirectories(dir.resolve("work")),
                ContractHandler.class);
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("basic-auth-user"), USER);
        Files.writeString(secrets.resolve("basic-auth-password"), PASSWORD);
        Map<String, String> env = new HashMap<>(Map.of("port", "0", "JFAAS_METRICS_PORT", "0",
                "HOME", dir.toString(), "JFAAS_STATE_DIR", dir.resolve("state").toString(),
                "secret_mount_path", secrets.toString(), "JFAAS_IMAGE_STORE", images.toString(),
                "JFAAS_WATCHDOG_CLASSPATH", Path.of("target", "watchdog").toAbsolutePath() + "/*",
                "JFAAS_STARTUP_CACHE", "false", "JFAAS_AUTOSCALE", "false", "JFAAS_NATS_SERVER", "off"));
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @Override
    protected URI base() {
        return URI.create("http://127.0.0.1:" + gateway.port() + "/");
    }

    @Override
    protected String image() {
        return "contract:latest";
    }
}
