package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.provider.Upstream;
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
 * thread) or whose handler is stuck in a call past its exec_timeout (a deadlock: its health endpoint still has
 * threads, but says 503) is found by the liveness check: out of rotation at the first miss, replaced after the last;
 * the calls stuck in it fail at once instead of hanging. Real replica processes.
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

    @Test
    void a_replica_stuck_past_exec_timeout_gets_no_calls_until_it_recovers() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(60),
                new LocalProvider.Liveness(Duration.ofMillis(300), Duration.ofSeconds(2), 1_000)));
        FunctionRef ref = new FunctionRef("deadlock", "openfaas-fn");
        provider.deploy(wedgeable("deadlock", Map.of("com.openfaas.scale.min", "2"))).join();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> provider.status(ref).join().orElseThrow().availableReplicas() == 2);
        int wedged = resolvePort(ref);

        assertThat(get(wedged, "/wedge").statusCode()).as("the watchdog answers at exec_timeout").isEqualTo(504);

        await().atMost(Duration.ofSeconds(60)).until(() -> provider.status(ref).join().orElseThrow()
                .availableReplicas() == 1);
        for (int i = 0; i < 40; i++) {
            assertThat(resolvePort(ref)).as("a replica missing probes gets no new calls").isNotEqualTo(wedged);
        }
        assertThat(get(wedged, "/").statusCode()).as("it is out of rotation, not dead").isEqualTo(200);

        assertThat(get(wedged, "/unwedge").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> provider.status(ref).join().orElseThrow()
                .availableReplicas() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> resolvePort(ref) == wedged);
        assertThat(provider.processes()).hasSize(2);
        String log = Files.readString(dir.resolve("state/logs/openfaas-fn/deadlock.log"));
        assertThat(log).contains("after their exec_timeout", "missed a liveness probe", "back in rotation");
    }

    @Test
    void a_replica_stuck_past_exec_timeout_is_replaced() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(60),
                new LocalProvider.Liveness(Duration.ofMillis(300), Duration.ofSeconds(2), 3)));
        FunctionRef ref = new FunctionRef("wedged", "openfaas-fn");
        provider.deploy(wedgeable("wedged", Map.of())).join();
        int port = resolvePort(ref);
        ProcessHandle first = provider.processes().get(0);

        assertThat(get(port, "/wedge").statusCode()).isEqualTo(504);

        await().atMost(Duration.ofSeconds(60)).until(() -> !first.isAlive());
        int replacement = resolvePort(ref);
        assertThat(get(replacement, "/").statusCode()).isEqualTo(200);
        assertThat(provider.processes()).hasSize(1).doesNotContain(first);
        assertThat(Files.readString(dir.resolve("state/logs/openfaas-fn/wedged.log")))
                .contains("after their exec_timeout", "failed its liveness check");
    }

    private static FunctionDeployment wedgeable(String name, Map<String, String> labels) {
        return new FunctionDeployment(name, "whoami:latest", "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName(), "exec_timeout", "1s"), null, null,
                labels, null, null, null, false);
    }

    private int resolvePort(FunctionRef ref) throws Exception {
        Upstream upstream = provider.resolve(ref).get(60, TimeUnit.SECONDS);
        upstream.release();
        return upstream.port();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
