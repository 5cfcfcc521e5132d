package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local mode's container runtime with real podman and runc: an OpenFaaS-style image (the function runtime base with
 * the classic {@code fprocess} contract, built and loaded here: nothing is pulled) deployed through the packaged
 * gateway's API, isolated and limited by the container, through the same lifecycle as child JVMs, and nothing left
 * behind.
 */
class ContainerRuntimeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String image;
    private static Path work;

    @TempDir
    Path dir;
    private ContainerFunctions.Gateway gateway;

    @BeforeAll
    static void loadImage(@TempDir Path tmp) throws Exception {
        Programs.requirePodman();
        work = tmp;
        image = ContainerFunctions.probeTag();
        ContainerFunctions.loadProbe(image, tmp);
    }

    @AfterAll
    static void removeImage() throws Exception {
        if (image != null) {
            ContainerFunctions.removeProbe(image);
            assertThat(Programs.podman("image", "exists", image).exit()).as("the probe image is removed").isEqualTo(1);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
            List<String> left = ContainerFunctions.containersOf(gateway.stateDir());
            if (!left.isEmpty()) {
                Programs.podman(concat(List.of("rm", "--force", "--time", "0"), left));
            }
            if (Files.exists(gateway.log())) {
                System.out.println("---- gateway log ----\n" + Files.readString(gateway.log()));
            }
            assertThat(left).as("containers left by a gateway that stopped").isEmpty();
        }
    }

    @Test
    void an_openfaas_image_runs_as_a_non_root_container_with_only_its_secrets_env_and_labels() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        assertThat(gateway.send("POST", "/system/secrets", "{\"name\":\"api-key\",\"value\":\"k-123\"}")
                .statusCode()).isIn(200, 201, 202);
        assertThat(gateway.send("POST", "/system/secrets", "{\"name\":\"other\",\"value\":\"not-yours\"}")
                .statusCode()).isIn(200, 201, 202);
        HttpResponse<String> deployed = gateway.send("POST", "/system/functions", """
                {"service":"probe","image":"%s","secrets":["api-key"],"envVars":{"GREETING":"hi",
                 "DB_PASSWORD":"pw-7f3e9a"},"labels":{"team":"a"},"annotations":{"topic":"t"},"limits":{"cpu":"500m"}}""".formatted(image));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
        assertThat(deployed.headers().firstValue("Warning")).as("cpu limits are enforced by cgroups").isEmpty();

        assertThat(invoke("probe", "secret api-key")).isEqualTo("k-123");
        assertThat(invoke("probe", "ls /var/openfaas/secrets")).isEqualTo("api-key");
        assertThat(invoke("probe", "uid")).isEqualTo("10001");
        assertThat(invoke("probe", "env GREETING")).isEqualTo("hi");
        assertThat(invoke("probe", "env DB_PASSWORD")).isEqualTo("pw-7f3e9a");
        assertThat(ProcessHandle.allProcesses().flatMap(p -> p.info().commandLine().stream()))
                .as("no process shows the environment on its command line").noneMatch(c -> c.contains("pw-7f3e9a"));
        assertThat(invoke("probe", "ls " + gateway.stateDir())).as("the state directory").isEqualTo("missing");
        assertThat(invoke("probe", "alloc 300")).as("no memory limit").isEqualTo("allocated 300");

        List<String> containers = ContainerFunctions.containersOf(gateway.stateDir());
        assertThat(containers).hasSize(1);
        JsonNode inspected = inspect(containers.getFirst());
        assertThat(inspected.at("/Config/Labels/team").asText()).isEqualTo("a");
        assertThat(inspected.at("/Config/Labels/com.openfaas.annotations.topic").asText()).isEqualTo("t");
        assertThat(inspected.at("/HostConfig/NanoCpus").asLong()).isEqualTo(500_000_000L);
        JsonNode binding = inspected.at("/HostConfig/PortBindings/8080~1tcp/0");
        assertThat(binding.get("HostIp").asText()).isEqualTo("127.0.0.1");

        HttpResponse<String> status = gateway.send("GET", "/system/function/probe", null);
        assertThat(status.headers().firstValue("Warning")).isEmpty();
        HttpResponse<String> logs = gateway.send("GET", "/system/logs?name=probe&follow=false", null);
        assertThat(logs.body()).as("the container's output in the function's log").contains(containers.getFirst());

        assertThat(gateway.send("DELETE", "/system/functions", "{\"functionName\":\"probe\"}").statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(ContainerFunctions.containersOf(gateway.stateDir())).isEmpty());
    }

    @Test
    void a_memory_limit_stops_a_function_that_uses_more_and_a_read_only_root_leaves_tmp_writable() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        HttpResponse<String> deployed = gateway.send("POST", "/system/functions", """
                {"service":"capped","image":"%s","limits":{"memory":"160Mi"},"readOnlyRootFilesystem":true}"""
                .formatted(image));
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);

        assertThat(invoke("capped", "alloc 16")).isEqualTo("allocated 16");
        // the classic watchdog streams: the status is sent before the process ends, so the answer is what is missing
        assertThat(call("capped", "alloc 400").body()).doesNotContain("allocated");
        assertThat(invoke("capped", "write /home/app/file")).startsWith("refused").contains("Read-only file system");
        assertThat(invoke("capped", "write /tmp/file")).isEqualTo("wrote");
        JsonNode inspected = inspect(ContainerFunctions.containersOf(gateway.stateDir()).getFirst());
        assertThat(inspected.at("/HostConfig/Memory").asLong()).isEqualTo(160L << 20);
        assertThat(inspected.at("/HostConfig/ReadonlyRootfs").asBoolean()).isTrue();
    }

    @Test
    void a_function_scales_to_zero_without_a_container_and_a_call_brings_one_back() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        assertThat(gateway.send("POST", "/system/functions", """
                {"service":"sleepy","image":"%s"}""".formatted(image)).statusCode()).isEqualTo(202);
        assertThat(invoke("sleepy", "uid")).isEqualTo("10001");
        assertThat(gateway.send("POST", "/system/scale-function/sleepy", "{\"serviceName\":\"sleepy\",\"replicas\":0}")
                .statusCode()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(ContainerFunctions.containersOf(gateway.stateDir())).isEmpty());
        assertThat(invoke("sleepy", "uid")).as("woken from zero").isEqualTo("10001");
        assertThat(ContainerFunctions.containersOf(gateway.stateDir())).hasSize(1);
    }

    @Test
    void an_update_rolls_out_a_new_container_and_a_container_that_dies_is_replaced() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        assertThat(gateway.send("POST", "/system/functions", """
                {"service":"rolling","image":"%s","envVars":{"GREETING":"one"}}""".formatted(image)).statusCode())
                .isEqualTo(202);
        assertThat(invoke("rolling", "env GREETING")).isEqualTo("one");
        List<String> first = ContainerFunctions.containersOf(gateway.stateDir());

        assertThat(gateway.send("PUT", "/system/functions", """
                {"service":"rolling","image":"%s","envVars":{"GREETING":"two"}}""".formatted(image)).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(invoke("rolling", "env GREETING")).isEqualTo("two");
            assertThat(ContainerFunctions.containersOf(gateway.stateDir())).hasSize(1)
                    .doesNotContainAnyElementsOf(first);
        });

        List<String> second = ContainerFunctions.containersOf(gateway.stateDir());
        assertThat(Programs.podman("kill", second.getFirst()).exit()).isZero();
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(ContainerFunctions.containersOf(gateway.stateDir())).hasSize(1)
                        .doesNotContainAnyElementsOf(second));
        assertThat(invoke("rolling", "env GREETING")).as("the replacement serves").isEqualTo("two");
        HttpResponse<String> logs = gateway.send("GET", "/system/logs?name=rolling&follow=false", null);
        assertThat(logs.body()).contains("replica exited with code");
    }

    @Test
    void a_killed_gateways_container_is_removed_by_the_next_gateway() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        assertThat(gateway.send("POST", "/system/functions", """
                {"service":"survivor","image":"%s"}""".formatted(image)).statusCode()).isEqualTo(202);
        assertThat(invoke("survivor", "uid")).isEqualTo("10001");
        List<String> before = ContainerFunctions.containersOf(gateway.stateDir());
        assertThat(before).hasSize(1);

        gateway.process().destroyForcibly().waitFor();
        assertThat(ContainerFunctions.containersOf(gateway.stateDir())).as("the killed gateway's container")
                .containsExactlyElementsOf(before);

        gateway = ContainerFunctions.startGateway(dir, Map.of());
        assertThat(ContainerFunctions.containersOf(gateway.stateDir())).as("after the next gateway started")
                .doesNotContainAnyElementsOf(before);
        assertThat(invoke("survivor", "uid")).as("the function is restored").isEqualTo("10001");
        assertThat(ContainerFunctions.containersOf(gateway.stateDir())).hasSize(1);
    }

    @Test
    void an_image_that_cannot_be_pulled_is_400_naming_it_and_the_registrys_answer() throws Exception {
        gateway = ContainerFunctions.startGateway(dir, Map.of());
        String missing = "127.0.0.1:" + Programs.freePort() + "/nothing/here:1";
        HttpResponse<String> deployed = gateway.send("POST", "/system/functions", """
                {"service":"ghost","image":"%s"}""".formatted(missing));
        assertThat(deployed.statusCode()).isEqualTo(400);
        assertThat(deployed.body()).contains("podman cannot pull image " + missing, "connection refused");
        assertThat(gateway.send("GET", "/system/function/ghost", null).statusCode()).isEqualTo(404);
    }

    private String invoke(String function, String command) throws Exception {
        HttpResponse<String> response = call(function, command);
        assertThat(response.statusCode()).as("%s: %s", command, response.body()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> call(String function, String command) throws Exception {
        return gateway.send("POST", "/function/" + function, command);
    }

    private static JsonNode inspect(String container) throws Exception {
        Programs.Run run = Programs.podman("container", "inspect", container);
        assertThat(run.exit()).as(run.out()).isZero();
        String out = run.out();
        return JSON.readTree(out.substring(out.indexOf('['))).get(0);
    }

    static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
