package io.jfaas.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.GatewayProcess;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.imagestore.LocalImageStore;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway in local mode, with basic auth and a real nats-server, runs the connector in its own process:
 * a real replica is invoked on its schedule and by a NATS request, each tick's outcome is in the gateway's log and in
 * the function's invocation metrics.
 */
class LocalConnectorIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void a_local_gateway_runs_schedules_and_topics_itself_with_its_own_credentials() throws Exception {
        TestImages.store(new LocalImageStore(dir.resolve("images")), "whoami:latest",
                Files.createDirectories(dir.resolve("build")), WhoAmIHandler.class);
        try (ConnectorNats nats = ConnectorNats.start(dir.resolve("nats"), 1024 * 1024);
             GatewayProcess gateway = GatewayProcess.start(dir, Map.of("JFAAS_NATS_URL", nats.url(),
                     "basic_auth", "true", "rebuild_interval", "300ms"));
             Connection client = Nats.connect(nats.url())) {
            String base = "http://127.0.0.1:" + gateway.port();
            String authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Files.readString(
                    dir.resolve("state/basic-auth-password")).trim()).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"tick\",\"image\":\"whoami:latest\","
                            + "\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName()
                            + "\",\"GREETING\":\"hello\"},\"annotations\":{\"topic\":\"cron-function,greet.me\","
                            + "\"schedule\":\"@every 1s\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);

            assertThat(gateway.lines()).anyMatch(line -> line.contains("connector: functions from " + base));
            await().atMost(Duration.ofSeconds(120)).until(() -> gateway.lines().stream()
                    .filter(line -> line.contains("schedule: tick.openfaas-fn tick") && line.contains("(sync): 200"))
                    .count() >= 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> invocations(gateway, "tick.openfaas-fn") >= 2);

            await().atMost(Duration.ofSeconds(30)).until(() -> gateway.lines().stream()
                    .anyMatch(line -> line.contains("topics: subscribed to greet.me")));
            Message reply = client.request("greet.me", "world".getBytes(StandardCharsets.UTF_8),
                    Duration.ofSeconds(60));
            assertThat(reply).as("an answer on the reply subject").isNotNull();
            assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).endsWith("hello world");
            assertThat(reply.getHeaders().getFirst("X-Function-Status")).isEqualTo("200");
            assertThat(String.join("\n", gateway.lines())).doesNotContain("cannot read the functions");

            // the connector travels on the connection of the gateway's queue: one NATS connection in the process
            assertThat(nats.connectionNames()).filteredOn(name -> name.startsWith("jfaas"))
                    .containsExactly("jfaas-gateway");
            // whose platform threads are its reader, its writer and two dispatchers (replies, topics): its timers,
            // connecting and events run on virtual threads, and no executor is left unnamed
            assertThat(gateway.threadNames()).filteredOn(name -> name.startsWith("jfaas-gateway"))
                    .hasSizeLessThanOrEqualTo(4);
            assertThat(gateway.threadNames()).noneMatch(name -> name.startsWith("pool-"));

            // NATS restarts: the one connection comes back, with the topic's subscription and the schedule's claims
            nats.restart();
            long ticksBefore = scheduledTicks(gateway);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
                Message again = client.request("greet.me", "again".getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(5));
                assertThat(again).as("an answer after the restart").isNotNull();
                assertThat(new String(again.getData(), StandardCharsets.UTF_8)).endsWith("hello again");
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> scheduledTicks(gateway) >= ticksBefore + 2);
            assertThat(nats.connectionNames()).filteredOn(name -> name.startsWith("jfaas"))
                    .containsExactly("jfaas-gateway");
        }
    }

    private static long scheduledTicks(GatewayProcess gateway) {
        return gateway.lines().stream()
                .filter(line -> line.contains("schedule: tick.openfaas-fn tick") && line.contains("(sync): 200"))
                .count();
    }

    @Test
    void with_the_setting_off_a_local_gateway_runs_no_connector() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(dir, Map.of("JFAAS_CONNECTOR", "false"))) {
            // the connector starts (and says so) before the gateway announces itself: its absence is final here
            assertThat(gateway.lines()).anyMatch(line -> line.contains("connector: off (JFAAS_CONNECTOR=false)"))
                    .noneMatch(line -> line.contains("connector: functions from"));
        }
    }

    private static final Pattern COUNT = Pattern.compile(
            "gateway_function_invocation_total\\{code=\"200\",function_name=\"([^\"]+)\"} ([0-9.]+)");

    private static double invocations(GatewayProcess gateway, String function) throws Exception {
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.metricsPort()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher matcher = COUNT.matcher(metrics);
        while (matcher.find()) {
            if (matcher.group(1).equals(function)) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
