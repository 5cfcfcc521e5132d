package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionResources;
import io.jfaas.provider.Upstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm pool with real watchdog JVMs: replicas start in pooled JVMs, the pool refills and keeps its bound. */
class WarmPoolIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration LONG = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path state;
    private LocalProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close().join();
        }
    }

    @Test
    void a_function_scaled_to_zero_answers_its_first_call_from_a_warm_jvm_which_the_pool_replaces() throws Exception {
        start(1);
        ProcessHandle pooled = awaitWarm(1).getFirst();
        assertThat(Files.readString(state.resolve("run/pids").resolve(pidFileOf(pooled)))).startsWith(pooled.pid() + " ");

        provider.deploy(deployment("hello", null, Map.of())).join();
        scale("hello", 0);
        await().atMost(LONG).until(() -> provider.processes().isEmpty());
        // the deploy's replica took the first warm JVM, which stopped with it: the pool holds a new one
        assertThat(pooled.isAlive()).isFalse();
        ProcessHandle refill = awaitWarm(1).getFirst();
        assertThat(refill.pid()).isNotEqualTo(pooled.pid());

        scale("hello", 1);
        String answer = call("hello", "world");

        // HOSTNAME and GREETING come from System.getenv(): the function's own environment, as in a cold start
        assertThat(answer).as(log("hello")).startsWith("hello-").endsWith(" v1 world");
        assertThat(provider.processes()).extracting(ProcessHandle::pid).containsExactly(refill.pid());
        assertThat(log("hello")).contains("from the warm pool: serving").doesNotContain("/warm-up");
        ProcessHandle next = awaitWarm(1).getFirst();
        assertThat(next.pid()).isNotIn(pooled.pid(), refill.pid());
    }

    @Test
    void a_pooled_jvm_is_never_given_a_second_function() throws Exception {
        start(1);
        Set<Long> served = new HashSet<>();
        for (String name : List.of("one", "two", "three")) {
            ProcessHandle pooled = awaitWarm(1).getFirst();
            provider.deploy(deployment(name, null, Map.of())).join();
            call(name, "hi");
            long pid = newReplica(served);
            assertThat(pid).isEqualTo(pooled.pid());
            assertThat(served.add(pid)).as("a JVM that served another function").isTrue();
        }
        await().atMost(LONG).until(() -> provider.warmPool().size() == 1);
        assertThat(served).doesNotContain(provider.warmPool().getFirst().pid());
    }

    @Test
    void the_pool_holds_at_most_its_size_while_it_refills() throws Exception {
        start(2);
        awaitWarm(2);
        for (String name : List.of("a", "b", "c")) {
            provider.deploy(deployment(name, null, Map.of())).join();
        }
        long deadline = System.nanoTime() + LONG.toNanos();
        int most = 0;
        while (System.nanoTime() < deadline && provider.warmPool().size() < 2) {
            most = Math.max(most, provider.warmPool().size());
            Thread.sleep(20);
        }
        assertThat(provider.warmPool()).hasSize(2);
        assertThat(most).isLessThanOrEqualTo(2);
        for (String name : List.of("a", "b", "c")) {
            call(name, "hi");
        }
        // three replicas and two warm JVMs: nothing more was started
        long watchdogs = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains(ReplicaCommand.WATCHDOG_MAIN)).count();
        assertThat(watchdogs).isEqualTo(5);
        assertThat(provider.warmPool()).hasSize(2);
    }

    @Test
    void a_function_with_a_memory_limit_starts_cold_and_leaves_the_warm_jvm_waiting() throws Exception {
        start(1);
        ProcessHandle pooled = awaitWarm(1).getFirst();

        provider.deploy(deployment("limited", new FunctionResources("128Mi", null), Map.of())).join();
        provider.deploy(deployment("optout", null, Map.of(WarmPool.ANNOTATION, "false"))).join();
        call("limited", "hi");
        call("optout", "hi");

        assertThat(provider.processes()).extracting(ProcessHandle::pid).doesNotContain(pooled.pid()).hasSize(2);
        assertThat(provider.warmPool()).containsExactly(pooled);
        assertThat(log("limited")).doesNotContain("from the warm pool");
        assertThat(log("optout")).doesNotContain("from the warm pool");
    }

    @Test
    void with_a_pool_of_zero_replicas_start_cold_as_before() throws Exception {
        start(0);
        provider.deploy(deployment("cold", null, Map.of())).join();

        assertThat(call("cold", "hi")).startsWith("cold-").endsWith(" v1 hi");
        assertThat(provider.warmPool()).isEmpty();
        assertThat(provider.processes()).singleElement()
                .satisfies(p -> assertThat(p.info().commandLine().orElse("")).doesNotContain("--warm-pool"));
        assertThat(log("cold")).contains("ready on").doesNotContain("from the warm pool");
    }

    @Test
    void a_warm_jvm_that_dies_while_it_waits_is_replaced() throws Exception {
        start(1);
        ProcessHandle pooled = awaitWarm(1).getFirst();

        pooled.destroyForcibly();

        await().atMost(LONG).until(() -> provider.warmPool().size() == 1
                && provider.warmPool().getFirst().pid() != pooled.pid());
        provider.deploy(deployment("after", null, Map.of())).join();
        assertThat(call("after", "hi")).startsWith("after-");
    }

    @Test
    void closing_the_provider_stops_the_warm_jvms() throws Exception {
        start(2);
        List<ProcessHandle> pooled = awaitWarm(2);

        provider.close().join();
        provider = null;

        for (ProcessHandle process : pooled) {
            await().atMost(LONG).until(() -> !process.isAlive());
        }
    }

    private void start(int pool) throws Exception {
        state = dir.resolve("state");
        Path images = TestProviders.storeWhoAmI(dir);
        LocalProvider.Settings base = TestProviders.settings(state, images, Duration.ofSeconds(60));
        provider = LocalProvider.start(new LocalProvider.Settings(base.stateDir(), base.imageStore(),
                base.watchdogClasspath(), base.java(), base.readyTimeout(), base.startTimeout(), false,
                base.machineEnv(), base.defaultNamespace(), base.version(), base.transport(), base.slowStart(),
                base.liveness(), base.containers(), pool));
    }

    private List<ProcessHandle> awaitWarm(int count) {
        await().atMost(LONG).until(() -> provider.warmPool().size() == count);
        return provider.warmPool();
    }

    private String pidFileOf(ProcessHandle pooled) throws Exception {
        try (var files = Files.list(state.resolve("run/pids"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("warm-pool-"))
                    .filter(f -> {
                        try {
                            return Files.readString(state.resolve("run/pids").resolve(f))
                                    .startsWith(pooled.pid() + " ");
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).findFirst().orElseThrow();
        }
    }

    /** The one replica process that is not one of {@code others}. */
    private long newReplica(Set<Long> others) {
        List<Long> pids = provider.processes().stream().map(ProcessHandle::pid).filter(p -> !others.contains(p))
                .toList();
        assertThat(pids).hasSize(1);
        return pids.getFirst();
    }

    private void scale(String name, int replicas) {
        provider.scale(new FunctionRef(name, "openfaas-fn"), replicas).join();
    }

    private String log(String name) throws Exception {
        Path file = state.resolve("logs").resolve("openfaas-fn").resolve(name + ".log");
        await().atMost(LONG).until(() -> Files.exists(file) && Files.readString(file).contains("ready on"));
        return Files.readString(file);
    }

    private String call(String name, String body) throws Exception {
        Upstream upstream = provider.resolve(new FunctionRef(name, "openfaas-fn")).get(60, TimeUnit.SECONDS);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + upstream.host() + ":" + upstream.port() + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        } finally {
            upstream.release();
        }
    }

    private static FunctionDeployment deployment(String name, FunctionResources limits,
                                                 Map<String, String> annotations) {
        return new FunctionDeployment(name, TestProviders.IMAGE, "openfaas-fn", null,
                Map.of("GREETING", "v1", "JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName()), null, null, null,
                annotations, limits, null, false);
    }
}
