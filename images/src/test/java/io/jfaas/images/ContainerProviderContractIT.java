package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.provider.ProviderContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider contract against the packaged gateway in local mode with every function a podman container
 * ({@code JFAAS_LOCAL_RUNTIME=container}): the same requests get the same answers as from child JVMs and the operator.
 */
class ContainerProviderContractIT extends ProviderContract {

    private static String image;

    @TempDir
    Path dir;
    private ContainerFunctions.Gateway gateway;

    @BeforeAll
    static void loadImage(@TempDir Path tmp) throws Exception {
        Programs.requirePodman();
        image = ContainerFunctions.probeTag();
        ContainerFunctions.loadProbe(image, tmp);
    }

    @AfterAll
    static void removeImage() throws Exception {
        if (image != null) {
            ContainerFunctions.removeProbe(image);
        }
    }

    @BeforeEach
    void start() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of("JFAAS_LOCAL_RUNTIME", "container"));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
            assertThat(ContainerFunctions.containersOf(gateway.stateDir()))
                    .as("containers left by a gateway that stopped").isEmpty();
        }
    }

    @Override
    protected URI base() {
        return gateway.uri("/");
    }

    @Override
    protected String image() {
        return image;
    }
}
