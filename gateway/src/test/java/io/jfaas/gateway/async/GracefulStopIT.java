package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jfaas.gateway.testing.GatewayProcess;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.imagestore.LocalImageStore;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain SIGTERM to the packaged gateway in local mode, with JetStream, while an async call runs in a real replica:
 * the gateway stops taking calls, lets that one finish (its callback says 200), acknowledges it, and only then stops
 * the replicas and exits; the stream is left empty, so no gateway started later runs the call again.
 */
class GracefulStopIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_the_async_call_in_flight_finish_and_acknowledges_it() throws Exception {
        TestImages.store(new LocalImageStore(dir.resolve("images")), "whoami:latest",
                Files.createDirectories(dir.resolve("build")), WhoAmIHandler.class);
        try (var nats = TestNats.start(dir.resolve("nats"));
             CallbackReceiver callbacks = CallbackReceiver.start(0);
             GatewayProcess gateway = GatewayProcess.start(dir, Map.of("JFAAS_NATS_URL", nats.url()))) {
            String base = "http://127.0.0.1:" + gateway.port();
            assertThat(gateway.lines()).as("the start-up log says where the UI is")
                    .anyMatch(line -> line.contains("web UI: " + base + "/ui/"));
            HttpResponse<String> deployed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"slow\",\"image\":\"whoami:latest\","
                            + "\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName() + "\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(202);
            String callId = UUID.randomUUID().toString();
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base
                    + "/async-function/slow/sleep/4000")).header("X-Call-Id", callId)
                    .header("X-Callback-Url", callbacks.url()).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            Path log = dir.resolve("state/logs/openfaas-fn/slow.log");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.exists(log) && Files.readString(log).contains("sleeping 4000"));

            gateway.process().destroy(); // a plain SIGTERM, mid-call
            assertThat(gateway.process().waitFor(120, TimeUnit.SECONDS)).as("the gateway stopped").isTrue();

            assertThat(callbacks.forCall(callId)).as("the call ran to its end before the gateway exited")
                    .hasValueSatisfying(callback -> {
                        assertThat(callback.header("X-Function-Status")).isEqualTo("200");
                        assertThat(callback.body()).isEqualTo("slept");
                    });
            assertThat(callbacks.received()).hasSize(1);
            try (Connection connection = Nats.connect(nats.url())) {
                assertThat(connection.jetStreamManagement().getStreamInfo(JetStreamQueue.STREAM).getStreamState()
                        .getMsgCount()).as("acknowledged: nothing left for the next gateway to run").isZero();
            }
            assertThat(String.join("\n", gateway.lines())).doesNotContain("Exception");
        }
    }
}
