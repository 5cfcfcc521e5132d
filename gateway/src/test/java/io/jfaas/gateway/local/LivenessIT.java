package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.provider.Upstream;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that stops answering (handlers spinning on every core of its JVM, so not even its health endpoint gets a
 * thread) is found by the liveness check and replaced; the calls stuck in it fail at once instead of hanging. Real
 * replica processes.
 */
class LivenessIT {

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
    void a_replica_that_stops_answering_is_replaced_and_its_calls_fail_fast() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(60),
                new LocalProvider.Liveness(Duration.ofMillis(500), Duration.ofSeconds(1), 3)));
        FunctionRef ref = new FunctionRef("stuck", "openfaas-fn");
        provider.deploy(new FunctionDeployment("stuck", "whoami:latest", "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName()), null, null, null, null, null, null,
                false)).join();
        Upstream upstream = provider.resolve(ref).get(60, TimeUnit.SECONDS);
        ProcessHandle first = provider.processes().get(0);
        upstream.release();

        // one spinning call per core of the replica's JVM, and one more: nothing is left to answer /_/health
        List<CompletableFuture<HttpResponse<String>>> spinning = new ArrayList<>();
        for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
            spinning.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + upstream.port()
                    + "/spin")).timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !first.isAlive());
        for (CompletableFuture<HttpResponse<String>> call : spinning) {
            assertThat(call).as("the stuck call fails once its replica is replaced")
                    .failsWithin(Duration.ofSeconds(30));
        }
        Upstream replacement = provider.resolve(ref).get(60, TimeUnit.SECONDS);
        try {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + replacement.port() + "/")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
        } finally {
            replacement.release();
        }
        assertThat(provider.processes()).hasSize(1).doesNotContain(first);
        assertThat(Files.readString(dir.resolve("state/logs/openfaas-fn/stuck.log")))
                .contains("failed its liveness check");
    }
}
