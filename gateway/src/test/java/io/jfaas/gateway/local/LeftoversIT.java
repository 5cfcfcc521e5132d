package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.GatewayProcess;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.imagestore.LocalImageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is left behind: a start-up cache's training JVM stops with its gateway on a plain SIGTERM (real gateway and
 * training processes), and a gateway deletes at start the run folders and the caches of images no longer deployed
 * that an earlier one left.
 */
class LeftoversIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void a_training_jvm_stops_with_its_gateway_on_sigterm() throws Exception {
        TestImages.store(new LocalImageStore(dir.resolve("images")), "whoami:latest",
                Files.createDirectories(dir.resolve("build")), WhoAmIHandler.class);
        ProcessHandle training;
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("JFAAS_STARTUP_CACHE", "true"))) {
            HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + gateway.port() + "/system/functions")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"trained\",\"image\":\"whoami:latest\","
                            + "\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName() + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
            // the first replica starts the training run of the image's cache
            training = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> trainingRun(gateway.process().toHandle()), Optional::isPresent).orElseThrow();

            gateway.process().destroy(); // a plain SIGTERM
            assertThat(gateway.process().waitFor(90, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();
        }
        assertThat(training.isAlive()).as("training JVM " + training.pid() + " stopped with the gateway").isFalse();
        try (var run = Files.walk(dir.resolve("state/run"))) {
            assertThat(run.filter(Files::isDirectory).filter(p -> p.getFileName().toString().contains("-training-"))
                    .toList()).as("its run folder").isEmpty();
        }
    }

    @Test
    void a_killed_gateway_leaves_no_warm_pool_jvm_behind() throws Exception {
        ProcessHandle pooled;
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("JFAAS_LOCAL_WARM_POOL", "1"))) {
            pooled = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> gateway.process().toHandle().descendants().filter(p -> p.info().arguments()
                            .map(List::of).orElse(List.of()).contains("--warm-pool")).findFirst(), Optional::isPresent)
                    .orElseThrow();

            gateway.process().destroyForcibly(); // SIGKILL: the gateway stops nothing itself
            assertThat(gateway.process().waitFor(90, TimeUnit.SECONDS)).as("the gateway was killed").isTrue();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> !pooled.isAlive());
    }

    @Test
    void run_folders_and_caches_an_earlier_gateway_left_are_deleted_at_start() throws Exception {
        Path state = dir.resolve("state");
        Path runFolder = Files.createDirectories(state.resolve("run/openfaas-fn/old/old-abc123"));
        Files.writeString(runFolder.resolve(".lock"), "");
        Path staleCache = Files.createDirectories(state.resolve("cache")).resolve("0123abcd.aot");
        Files.writeString(staleCache, "a cache of an image no function uses");
        Path halfTrained = state.resolve("cache/4567ef.aot.training");
        Files.writeString(halfTrained, "half written");
        String watchdog = Path.of("target", "watchdog").toAbsolutePath() + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        LocalProvider provider = LocalProvider.start(new LocalProvider.Settings(state, dir.resolve("images"), watchdog,
                java, Duration.ofSeconds(30), Duration.ofSeconds(60), true, Map.of(), "openfaas-fn", "test",
                io.jfaas.model.SyncTransport.HTTP_ONLY));
        try {
            assertThat(runFolder).doesNotExist();
            assertThat(staleCache).doesNotExist();
            assertThat(halfTrained).doesNotExist();
        } finally {
            provider.close().join();
        }
    }

    /** A descendant of the gateway that is a training run (its JVM writes a cache: AOTCacheOutput or an archive). */
    private static Optional<ProcessHandle> trainingRun(ProcessHandle gateway) {
        List<ProcessHandle> all = gateway.descendants().toList();
        return all.stream().filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream()
                .anyMatch(a -> a.startsWith("-XX:AOTCacheOutput=") || a.startsWith("-XX:ArchiveClassesAtExit=")))
                .findFirst();
    }
}
