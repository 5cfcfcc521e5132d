package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jfaas.provider.LogQuery;
import io.jfaas.provider.LogStream;
import io.jfaas.provider.ProviderException;
import io.jfaas.provider.Upstream;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.model.FunctionRef;
import io.jfaas.model.FunctionStatus;
import io.jfaas.model.LogMessage;
import io.jfaas.model.Secret;
import io.jfaas.imagestore.LocalImageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local provider with real replica processes: the watchdog from target/watchdog and a test function. */
class LocalProviderIT {

    private static final String IMAGE = "whoami:latest";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private Path state;
    private Path images;
    private LocalProvider provider;

    @BeforeEach
    void start() throws Exception {
        state = dir.resolve("state");
        images = dir.resolve("images");
        TestImages.store(new LocalImageStore(images), IMAGE, Files.createDirectories(dir.resolve("work")),
                WhoAmIHandler.class);
        provider = startProvider(Duration.ofSeconds(30), false);
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close().join();
        }
    }

    @Test
    void a_deployed_function_serves_through_a_ready_replica() throws Exception {
        provider.deploy(deployment("hello", Map.of())).join();

        String answer = call("hello", "world");

        assertThat(answer).startsWith("hello-").endsWith(" world");
        assertThat(status("hello").availableReplicas()).isEqualTo(1);
        assertThat(status("hello").replicas()).isEqualTo(1);
    }

    @Test
    void a_killed_replica_is_replaced_by_a_new_one() throws Exception {
        provider.deploy(deployment("phoenix", Map.of())).join();
        call("phoenix", "warm");
        ProcessHandle first = provider.processes().get(0);

        first.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(provider.processes()).hasSize(1).doesNotContain(first);
            assertThat(status("phoenix").availableReplicas()).isEqualTo(1);
        });
        assertThat(call("phoenix", "again")).endsWith(" again");
    }

    @Test
    void remove_stops_every_replica_and_leaves_no_process_behind() throws Exception {
        provider.deploy(deployment("gone", Map.of("com.openfaas.scale.min", "2"))).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("gone").availableReplicas() == 2);
        List<ProcessHandle> replicas = provider.processes();
        assertThat(replicas).hasSize(2);
        assertThat(provider.exists(new FunctionRef("gone", "openfaas-fn")).join()).isTrue();

        provider.remove(new FunctionRef("gone", "openfaas-fn")).join();

        assertThat(replicas).noneMatch(ProcessHandle::isAlive);
        assertThat(provider.status(new FunctionRef("gone", "openfaas-fn")).join()).isEmpty();
        assertThat(provider.exists(new FunctionRef("gone", "openfaas-fn")).join()).isFalse();
        assertThat(Files.exists(state.resolve("functions/openfaas-fn/gone.json"))).isFalse();
        assertThatThrownBy(() -> provider.resolve(new FunctionRef("gone", "openfaas-fn")).join())
                .hasCauseInstanceOf(ProviderException.class);
    }

    @Test
    void a_restarted_provider_brings_its_functions_back() throws Exception {
        provider.deploy(deployment("durable", Map.of())).join();
        String before = call("durable", "x");
        List<ProcessHandle> old = provider.processes();

        provider.close().join();
        assertThat(old).noneMatch(ProcessHandle::isAlive);
        provider = startProvider(Duration.ofSeconds(30));

        String after = call("durable", "y");
        assertThat(after).endsWith(" y");
        assertThat(after.split(" ")[0]).isNotEqualTo(before.split(" ")[0]);
    }

    @Test
    void calls_are_spread_over_the_ready_replicas() throws Exception {
        provider.deploy(deployment("spread", Map.of("com.openfaas.scale.min", "2"))).join();
        await().atMost(Duration.ofSeconds(30)).until(() -> status("spread").availableReplicas() == 2);

        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            instances.add(call("spread", "x").split(" ")[0]);
        }

        assertThat(instances).hasSize(2);
    }

    @Test
    void an_update_rolls_out_a_new_revision_and_retires_the_old_one() throws Exception {
        provider.deploy(deployment("rolling", Map.of())).join();
        assertThat(call("rolling", "x")).contains(" v1 ");

        provider.update(deploymentWithGreeting("rolling", "v2")).join();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(call("rolling", "x")).contains(" v2 ");
            assertThat(provider.processes()).hasSize(1);
        });
        assertThat(status("rolling").createdAt()).isNotNull();
    }

    @Test
    void deploying_an_image_that_was_never_built_is_invalid_and_says_how_to_build_it() {
        FunctionDeployment missing = FunctionDeployment.of("nobuild", "nobuild:latest").withNamespace("openfaas-fn");

        assertThatThrownBy(() -> provider.deploy(missing).join())
                .hasCauseInstanceOf(ProviderException.class)
                .hasMessageContaining("nobuild:latest is not in the local image store")
                .hasMessageContaining("faas-cli build");
    }

    @Test
    void deploying_an_existing_function_conflicts() {
        provider.deploy(deployment("once", Map.of())).join();

        assertThatThrownBy(() -> provider.deploy(deployment("once", Map.of())).join())
                .cause().isInstanceOf(ProviderException.class)
                .extracting(e -> ((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.CONFLICT);
    }

    @Test
    void a_replica_that_never_becomes_ready_fails_calls_with_503_naming_its_log() throws Exception {
        provider.close().join();
        provider = startProvider(Duration.ofSeconds(3));
        FunctionDeployment broken = new FunctionDeployment("broken", IMAGE, "openfaas-fn", null,
                Map.of("JFAAS_HANDLER_CLASS", "com.example.Missing"), null, null, null, null, null, null, false);
        provider.deploy(broken).join();

        assertThatThrownBy(() -> provider.resolve(new FunctionRef("broken", "openfaas-fn")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ProviderException.class)
                .hasMessageContaining("no ready replica after 3s")
                .hasMessageContaining("faas-cli logs broken")
                .hasMessageNotContaining(state.toString()); // seen by callers without credentials: no file path
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                Files.readString(state.resolve("logs/openfaas-fn/broken.log")))
                .contains("com.example.Missing is not on the classpath")
                .contains("restarting in"));
    }

    @Test
    void replicas_started_after_training_use_the_start_up_cache() throws Exception {
        provider.close().join();
        provider = startProvider(Duration.ofSeconds(30), true);
        provider.deploy(deployment("cached", Map.of())).join();
        assertThat(health("cached").headers().firstValue("X-Startup-Cache")).hasValue("none");

        await().atMost(Duration.ofMinutes(2)).until(() -> cacheFiles().size() == 1);
        provider.processes().forEach(ProcessHandle::destroyForcibly);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                health("cached").headers().firstValue("X-Startup-Cache").orElseThrow())
                .startsWith("aot ").endsWith(cacheFiles().get(0).toString()));
        assertThat(call("cached", "x")).endsWith(" x");
    }

    @Test
    void a_second_provider_on_the_same_state_directory_is_refused() {
        assertThatThrownBy(() -> startProvider(Duration.ofSeconds(30)))
                .hasMessageContaining("another gateway (pid " + ProcessHandle.current().pid() + ")")
                .hasMessageContaining("JFAAS_STATE_DIR");
    }

    @Test
    void a_secret_is_an_owner_only_file_that_replicas_read_and_see_updated() throws Exception {
        provider.createSecret(new Secret("api-key", "openfaas-fn", "first", null)).join();
        provider.deploy(withSecrets("keyed", List.of("api-key"))).join();

        String first = callPath("keyed", "/secret/api-key");
        provider.updateSecret(new Secret("api-key", "openfaas-fn", null, new byte[] {'s', 'e', 'c', 'o', 'n', 'd'}))
                .join();

        assertThat(first).isEqualTo("first");
        assertThat(callPath("keyed", "/secret/api-key")).isEqualTo("second");
        Path file = state.resolve("secrets/openfaas-fn/api-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(provider.listSecrets("openfaas-fn").join())
                .containsExactly(new Secret("api-key", "openfaas-fn", null, null));
    }

    @Test
    void secrets_conflict_on_create_are_missing_on_update_and_delete_and_required_at_deploy() {
        provider.createSecret(new Secret("once", "openfaas-fn", "x", null)).join();

        assertThat(kindOf(() -> provider.createSecret(new Secret("once", "openfaas-fn", "y", null)).join()))
                .isEqualTo(ProviderException.Kind.CONFLICT);
        assertThat(kindOf(() -> provider.updateSecret(new Secret("never", "openfaas-fn", "y", null)).join()))
                .isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(kindOf(() -> provider.deleteSecret("never", "openfaas-fn").join()))
                .isEqualTo(ProviderException.Kind.NOT_FOUND);
        assertThat(kindOf(() -> provider.deploy(withSecrets("needy", List.of("never"))).join()))
                .isEqualTo(ProviderException.Kind.INVALID);
    }

    @Test
    void scaling_to_zero_stops_every_replica_and_scaling_up_serves_again() throws Exception {
        provider.deploy(deployment("dozy", Map.of())).join();
        call("dozy", "warm");
        List<ProcessHandle> running = provider.processes();

        provider.scale(new FunctionRef("dozy", "openfaas-fn"), 0).join();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(running).noneMatch(ProcessHandle::isAlive);
            assertThat(status("dozy").replicas()).isZero();
            assertThat(status("dozy").availableReplicas()).isZero();
        });

        provider.scale(new FunctionRef("dozy", "openfaas-fn"), 2).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> status("dozy").availableReplicas() == 2);
        assertThat(call("dozy", "awake")).endsWith(" awake");
    }

    @Test
    void logs_give_the_history_then_follow_new_lines() throws Exception {
        provider.deploy(deployment("talker", Map.of())).join();
        callPath("talker", "/print", "before-follow");
        BlockingQueue<LogMessage> lines = new LinkedBlockingQueue<>();

        LogStream stream = provider.logs(new LogQuery(new FunctionRef("talker", "openfaas-fn"), null, -1, true, null),
                lines::add).join();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
                    .anyMatch(m -> m.text().contains("before-follow")));
            callPath("talker", "/print", "after-follow");
            await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream()
                    .anyMatch(m -> m.text().contains("after-follow")));
        } finally {
            stream.cancel();
        }
        LogMessage printed = lines.stream().filter(m -> m.text().contains("after-follow")).findFirst().orElseThrow();
        assertThat(printed.name()).isEqualTo("talker");
        assertThat(printed.namespace()).isEqualTo("openfaas-fn");
        assertThat(printed.instance()).startsWith("talker-");
        assertThat(printed.timestamp()).isNotNull();
    }

    @Test
    void namespaces_start_with_the_default_and_include_those_in_use() {
        provider.createSecret(new Secret("db", "team-b", "x", null)).join();

        assertThat(provider.namespaces().join()).containsExactly("openfaas-fn", "team-b");
    }

    private static ProviderException.Kind kindOf(Runnable action) {
        try {
            action.run();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ProviderException p) {
                return p.kind();
            }
            throw e;
        }
        throw new AssertionError("expected a ProviderException");
    }

    private static FunctionDeployment withSecrets(String name, List<String> secrets) {
        return new FunctionDeployment(name, IMAGE, "openfaas-fn", null, environment("v1"), null, secrets, null,
                null, null, null, false);
    }

    private String callPath(String name, String path) throws Exception {
        return callPath(name, path, "");
    }

    private String callPath(String name, String path, String body) throws Exception {
        Upstream upstream = provider.resolve(new FunctionRef(name, "openfaas-fn")).get(30, TimeUnit.SECONDS);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + upstream.host() + ":" + upstream.port()
                    + path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } finally {
            upstream.release();
        }
    }

    private LocalProvider startProvider(Duration readyTimeout) throws Exception {
        return startProvider(readyTimeout, false);
    }

    /** Training a start-up cache costs seconds of CPU: only the test about it turns it on. */
    private LocalProvider startProvider(Duration readyTimeout, boolean startupCache) throws Exception {
        String watchdog = Path.of("target", "watchdog").toAbsolutePath() + "/*";
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return LocalProvider.start(new LocalProvider.Settings(state, images, watchdog, java, readyTimeout,
                Duration.ofSeconds(60), startupCache, Map.of("PATH", System.getenv().getOrDefault("PATH", "")),
                "openfaas-fn", "test", io.jfaas.model.SyncTransport.HTTP_ONLY));
    }

    private static FunctionDeployment deployment(String name, Map<String, String> labels) {
        return new FunctionDeployment(name, IMAGE, "openfaas-fn", null, environment("v1"), null, null, labels,
                null, null, null, false);
    }

    private static FunctionDeployment deploymentWithGreeting(String name, String greeting) {
        return new FunctionDeployment(name, IMAGE, "openfaas-fn", null, environment(greeting), null, null,
                null, null, null, null, false);
    }

    private static Map<String, String> environment(String greeting) {
        return Map.of("GREETING", greeting, "JFAAS_HANDLER_CLASS", WhoAmIHandler.class.getName());
    }

    private FunctionStatus status(String name) {
        return provider.status(new FunctionRef(name, "openfaas-fn")).join().orElseThrow();
    }

    private List<Path> cacheFiles() throws Exception {
        Path cache = state.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.toString().endsWith(".aot") || f.toString().endsWith(".jsa")).toList();
        }
    }

    private HttpResponse<String> health(String name) throws Exception {
        Upstream upstream = provider.resolve(new FunctionRef(name, "openfaas-fn")).get(30, TimeUnit.SECONDS);
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + upstream.host() + ":" + upstream.port()
                    + "/_/health")).build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            upstream.release();
        }
    }

    private String call(String name, String body) throws Exception {
        Upstream upstream = provider.resolve(new FunctionRef(name, "openfaas-fn")).get(30, TimeUnit.SECONDS);
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
}
