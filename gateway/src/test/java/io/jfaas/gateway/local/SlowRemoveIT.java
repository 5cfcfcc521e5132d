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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remove whose replica takes long to stop (it drains a call that runs for 15 s) holds up no other change: a deploy
 * and a scale of another function are done while it is still stopping. Real replica processes.
 */
class SlowRemoveIT {

    private static final String IMAGE = "whoami:latest";
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
    void other_changes_go_on_while_a_removed_replica_drains() throws Exception {
        Path images = TestProviders.storeWhoAmI(dir);
        provider = LocalProvider.start(TestProviders.settings(dir.resolve("state"), images, Duration.ofSeconds(30)));
        provider.deploy(deployment("draining")).join();
        Upstream upstream = provider.resolve(ref("draining")).get(60, TimeUnit.SECONDS);
        List<ProcessHandle> replicas = provider.processes();
        CompletableFuture<HttpResponse<String>> longCall = HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
                "http://" + upstream.host() + ":" + upstream.port() + "/sleep/15000")).build(),
                HttpResponse.BodyHandlers.ofString());
        Path log = dir.resolve("state/logs/openfaas-fn/draining.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(log)
                && Files.readString(log).contains("sleeping 15000"));

        CompletableFuture<Void> removing = provider.remove(ref("draining"));
        provider.deploy(deployment("other")).get(10, TimeUnit.SECONDS);
        provider.scale(ref("other"), 2).get(10, TimeUnit.SECONDS);

        assertThat(removing).as("still draining its call").isNotDone();
        assertThat(replicas).allMatch(ProcessHandle::isAlive);
        removing.get(60, TimeUnit.SECONDS);
        upstream.release();
        assertThat(longCall.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(replicas).noneMatch(ProcessHandle::isAlive);
    }

    private static FunctionRef ref(String name) {
        return new FunctionRef(name, "openfaas-fn");
    }

    private static FunctionDeployment deployment(String name) {
        return new FunctionDeployment(name, IMAGE, "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName()), null, null, null, null, null, null,
                false);
    }
}
