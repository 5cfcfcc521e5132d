package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.provider.Upstream;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A memory limit bounds a local replica's JVM: a real replica deployed with 64Mi serves a call that fits and dies
 * (then is replaced) on one that needs more, instead of growing to the machine's memory.
 */
class MemoryLimitIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
    void a_replica_cannot_grow_past_its_memory_limit() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(30)));
        FunctionRef ref = new FunctionRef("bounded", "openfaas-fn");
        provider.deploy(new FunctionDeployment("bounded", "whoami:latest", "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName()), null, null, null, null,
                new FunctionResources("64Mi", null), null, false)).join();

        assertThat(call(ref, "/allocate/4")).isEqualTo("allocated 4");
        ProcessHandle first = provider.processes().get(0);
        assertThat(first.info().arguments().map(List::of).orElse(List.of())).contains("-Xmx32m",
                "-XX:MaxDirectMemorySize=6m", "-XX:+ExitOnOutOfMemoryError");

        boolean failed;
        try {
            call(ref, "/allocate/256");
            failed = false;
        } catch (IOException e) {
            failed = true; // the replica ran out of memory and exited while answering
        }

        assertThat(failed).as("a call needing 256 MiB does not get an answer").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isAlive());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(call(ref, "/allocate/4"))
                .isEqualTo("allocated 4"));
    }

    private String call(FunctionRef ref, String path) throws Exception {
        Upstream upstream = provider.resolve(ref).get(60, TimeUnit.SECONDS);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + upstream.host()
                    + ":" + upstream.port() + path)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "status " + response.statusCode();
        } finally {
            upstream.release();
        }
    }
}
