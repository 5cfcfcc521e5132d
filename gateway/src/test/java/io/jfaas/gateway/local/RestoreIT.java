package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart with stored functions the gateway cannot start (an environment no process can have, a missing image,
 * incomplete or unreadable JSON) skips them and starts the rest, with real replica processes; nothing is left running
 * for the skipped ones.
 */
class RestoreIT {

    private static final String IMAGE = "whoami:latest";

    @TempDir
    Path dir;

    private LocalProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close().join();
        }
    }

    @Test
    void stored_functions_that_cannot_start_are_skipped_and_the_rest_start() throws Exception {
        Path state = dir.resolve("state");
        Path images = TestProviders.storeWhoAmI(dir);
        provider = start(state, images);
        provider.deploy(deployment("good")).join();
        provider.deploy(deployment("badenv")).join();
        provider.deploy(deployment("noimage")).join();
        provider.close().join();
        provider = null;

        Path functions = state.resolve("functions/openfaas-fn");
        ObjectMapper json = Json.newMapper();
        ObjectNode badEnv = (ObjectNode) json.readTree(functions.resolve("badenv.json").toFile());
        ((ObjectNode) badEnv.get("deployment")).putObject("envVars").put("A=B", "1");
        json.writeValue(functions.resolve("badenv.json").toFile(), badEnv);
        ObjectNode noImage = (ObjectNode) json.readTree(functions.resolve("noimage.json").toFile());
        noImage.put("imageDigest", "sha256:" + "0".repeat(64));
        json.writeValue(functions.resolve("noimage.json").toFile(), noImage);
        Files.writeString(functions.resolve("incomplete.json"), "{\"deployment\":{\"service\":\"incomplete\"}}");
        Files.writeString(functions.resolve("garbage.json"), "{\"deployment\":");

        provider = start(state, images);

        await().atMost(Duration.ofSeconds(60)).until(() -> provider.status(ref("good")).join()
                .map(s -> s.availableReplicas() == 1).orElse(false));
        assertThat(provider.status(ref("badenv")).join()).isEmpty();
        assertThat(provider.status(ref("noimage")).join()).isEmpty();
        assertThat(provider.status(ref("incomplete")).join()).isEmpty();
        assertThat(provider.processes()).as("only the good function's replica runs").hasSize(1);
    }

    private static FunctionRef ref(String name) {
        return new FunctionRef(name, "openfaas-fn");
    }

    private static LocalProvider start(Path state, Path images) throws Exception {
        return LocalProvider.start(TestProviders.settings(state, images, Duration.ofSeconds(30)));
    }

    private static FunctionDeployment deployment(String name) {
        return new FunctionDeployment(name, IMAGE, "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName()), null, null, null, null, null, null,
                false);
    }
}
