package io.jfaas.gateway.local;

import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.SyncTransport;
import io.jfaas.imagestore.LocalImageStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Local providers as the integration tests start them: real replica processes of the watchdog the build copied to
 * {@code target/watchdog}, the test JVM's {@code java}, and {@link WhoAmIHandler} stored as {@code whoami:latest}.
 */
final class TestProviders {

    static final String IMAGE = "whoami:latest";

    private TestProviders() {
    }

    /** Stores {@link WhoAmIHandler} as {@link #IMAGE} in {@code dir/images}; returns the store's folder. */
    static Path storeWhoAmI(Path dir) throws IOException {
        Path images = dir.resolve("images");
        TestImages.store(new LocalImageStore(images), IMAGE, Files.createDirectories(dir.resolve("work")),
                WhoAmIHandler.class);
        return images;
    }

    /** Settings with the state in {@code state}, no start-up cache, no slow start, and this liveness check. */
    static LocalProvider.Settings settings(Path state, Path images, Duration readyTimeout,
                                           LocalProvider.Liveness liveness) {
        String watchdog = Path.of("target", "watchdog").toAbsolutePath() + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new LocalProvider.Settings(state, images, watchdog, java, readyTimeout, Duration.ofSeconds(60), false,
                Map.of("PATH", System.getenv().getOrDefault("PATH", "")), "openfaas-fn", "test",
                SyncTransport.HTTP_ONLY, Duration.ZERO, liveness);
    }

    /** {@link #settings} with the default liveness check. */
    static LocalProvider.Settings settings(Path state, Path images, Duration readyTimeout) {
        return settings(state, images, readyTimeout, LocalProvider.Liveness.DEFAULT);
    }
}
