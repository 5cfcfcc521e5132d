package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.model.FunctionDeployment;
import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaCommandTest {

    private static final LocalImage IMAGE = new LocalImage(ImageRef.parse("hello:latest"), "sha256:" + "a".repeat(64),
            Path.of("/images/blob"), List.of(Path.of("/images/blob/lib/function.jar"), Path.of("/images/blob/lib/dep.jar")),
            Instant.EPOCH);

    @Test
    void runs_the_watchdog_with_its_jars_first_then_the_functions_in_order() {
        ReplicaCommand command = command(FunctionDeployment.of("hello", "hello:latest").withNamespace("openfaas-fn"),
                Map.of());

        assertThat(command.command()).startsWith("/jdk/bin/java").endsWith(ReplicaCommand.WATCHDOG_MAIN);
        int cp = command.command().indexOf("-cp");
        assertThat(command.command().get(cp + 1))
                .isEqualTo("/gw/watchdog/*:/images/blob/lib/function.jar:/images/blob/lib/dep.jar");
    }

    @Test
    void gives_the_replica_its_name_port_and_the_functions_environment() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "hello:latest", "team", "cat",
                Map.of("GREETING", "hi"), null, null, null, null, null, null, false);

        Map<String, String> env = command(deployment, Map.of()).environment();

        assertThat(env).containsEntry("GREETING", "hi")
                .containsEntry("fprocess", "cat")
                .containsEntry("OPENFAAS_NAME", "hello")
                .containsEntry("OPENFAAS_NAMESPACE", "team")
                .containsEntry("HOSTNAME", "hello-abcde")
                .containsEntry("port", "4321")
                .containsEntry("JFAAS_BIND_ADDRESS", "127.0.0.1")
                .containsEntry("HOME", "/state/run/team/hello/hello-abcde");
    }

    @Test
    void a_functions_environment_cannot_move_its_port() {
        FunctionDeployment deployment = new FunctionDeployment("hello", "hello:latest", "team", null,
                Map.of("port", "80", "JFAAS_BIND_ADDRESS", "0.0.0.0"), null, null, null, null, null, null, false);

        Map<String, String> env = command(deployment, Map.of()).environment();

        assertThat(env).containsEntry("port", "4321").containsEntry("JFAAS_BIND_ADDRESS", "127.0.0.1");
    }

    @Test
    void inherits_only_machine_settings_from_the_gateway() {
        Map<String, String> gatewayEnv = Map.of("PATH", "/usr/bin", "TZ", "UTC", "basic_auth", "true",
                "JFAAS_STATE_DIR", "/secret/state", "AWS_SECRET_ACCESS_KEY", "x");

        Map<String, String> env = command(FunctionDeployment.of("hello", "hello:latest").withNamespace("ns"),
                gatewayEnv).environment();

        assertThat(env).containsEntry("PATH", "/usr/bin").containsEntry("TZ", "UTC")
                .doesNotContainKeys("basic_auth", "JFAAS_STATE_DIR", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void start_up_cache_options_come_after_the_shared_jvm_options() {
        ReplicaCommand command = ReplicaCommand.of(new ReplicaCommand.Launch("/jdk/bin/java", "/gw/watchdog/*", IMAGE,
                FunctionDeployment.of("hello", "hello:latest").withNamespace("ns"), "hello-abcde", 4321, 4322,
                Path.of("/state/run/ns/hello/hello-abcde"), Map.of(), List.of("-XX:AOTMode=on", "-XX:AOTCache=/c.aot"),
                java.util.Optional.empty()));

        int shared = ReplicaCommand.JVM_OPTIONS.size();
        assertThat(command.command().subList(1, 1 + shared)).isEqualTo(ReplicaCommand.JVM_OPTIONS);
        assertThat(command.command().subList(1 + shared, 3 + shared)).containsExactly("-XX:AOTMode=on",
                "-XX:AOTCache=/c.aot");
    }

    @Test
    void a_replica_runs_a_collector_that_gives_memory_back_from_a_small_heap_with_few_malloc_arenas() {
        ReplicaCommand command = command(FunctionDeployment.of("hello", "hello:latest").withNamespace("ns"), Map.of());

        assertThat(command.command()).contains("-XX:+UseG1GC", "-Xms8m", "-XX:MaxHeapFreeRatio=30",
                "-XX:G1PeriodicGCInterval=5000").doesNotContain("-XX:+UseSerialGC");
        if (Runtime.version().feature() >= 22) {
            assertThat(command.command()).contains("-XX:TrimNativeHeapInterval=5000");
        }
        assertThat(command.environment()).containsEntry("MALLOC_ARENA_MAX", "2");
    }

    @Test
    void each_replica_has_its_own_directory_as_home_and_tmpdir() {
        Map<String, String> env = command(FunctionDeployment.of("hello", "hello:latest").withNamespace("ns"), Map.of())
                .environment();

        assertThat(env).containsEntry("TMPDIR", "/state/run/ns/hello/hello-abcde")
                .containsEntry("HOME", "/state/run/ns/hello/hello-abcde")
                .containsEntry("JFAAS_METRICS_PORT", "4322")
                .containsEntry("healthcheck_interval", "0");
    }

    private static ReplicaCommand command(FunctionDeployment deployment, Map<String, String> machineEnv) {
        return ReplicaCommand.of(new ReplicaCommand.Launch("/jdk/bin/java", "/gw/watchdog/*", IMAGE, deployment,
                "hello-abcde", 4321, 4322, Path.of("/state/run/" + deployment.namespace() + "/hello/hello-abcde"),
                machineEnv, List.of(), java.util.Optional.empty()));
    }

    @Test
    void a_replica_on_the_nats_transport_gets_the_server_and_its_subject_and_others_get_neither() {
        FunctionDeployment deployment = FunctionDeployment.of("hello", "hello:latest").withNamespace("ns");
        ReplicaCommand onNats = ReplicaCommand.of(new ReplicaCommand.Launch("/jdk/bin/java", "/gw/watchdog/*", IMAGE,
                deployment, "hello-abcde", 4321, 4322, Path.of("/state/run/ns/hello/hello-abcde"), Map.of(), List.of(),
                java.util.Optional.of(new ReplicaCommand.Nats("nats://127.0.0.1:4222", "jfaas.invoke.ns.hello"))));

        assertThat(onNats.environment()).containsEntry("JFAAS_NATS_URL", "nats://127.0.0.1:4222")
                .containsEntry("JFAAS_NATS_SUBJECT", "jfaas.invoke.ns.hello");
        assertThat(command(deployment, Map.of()).environment())
                .doesNotContainKeys("JFAAS_NATS_URL", "JFAAS_NATS_SUBJECT");
    }

    @Test
    void a_memory_limit_bounds_heap_metadata_code_and_direct_memory_and_cpu_sizes_the_jvm() {
        FunctionDeployment limited = new FunctionDeployment("hello", "hello:latest", "team", null, null, null, null,
                null, null, new io.jfaas.model.FunctionResources("256Mi", "1500m"), null, false);

        assertThat(ReplicaCommand.limitOptions(limited)).containsExactly("-Xmx128m", "-XX:MaxMetaspaceSize=38m",
                "-XX:ReservedCodeCacheSize=25m", "-XX:MaxDirectMemorySize=25m", "-XX:+ExitOnOutOfMemoryError",
                "-XX:ActiveProcessorCount=2");
    }

    @Test
    void a_memory_request_bounds_the_replica_when_there_is_no_limit_and_neither_means_no_options() {
        FunctionDeployment requested = new FunctionDeployment("hello", "hello:latest", "team", null, null, null, null,
                null, null, null, new io.jfaas.model.FunctionResources("1Gi", null), false);
        FunctionDeployment none = new FunctionDeployment("hello", "hello:latest", "team", null, null, null, null,
                null, null, null, null, false);

        assertThat(ReplicaCommand.limitOptions(requested)).contains("-Xmx512m");
        assertThat(ReplicaCommand.limitOptions(none)).isEmpty();
    }
}
