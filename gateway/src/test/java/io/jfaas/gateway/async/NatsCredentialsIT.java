package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.contracts.NatsEnvelope;
import io.jfaas.model.Json;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nats-server a local gateway starts takes no client without credentials, and the credentials replicas get let
 * them serve calls only: not queue calls, not read the streams. A real nats-server.
 */
class NatsCredentialsIT {

    @TempDir
    Path dir;

    @Test
    void only_the_platform_holds_credentials_that_reach_the_queue() throws Exception {
        Path program = TestNats.program();
        AsyncService async = AsyncService.open(AsyncConfig.fromEnv(Map.of("JFAAS_NATS_SERVER", program.toString()),
                dir), "openfaas-fn", Json.newMapper());
        try {
            String gatewayUrl = async.natsUrl().orElseThrow();
            String functionUrl = async.functionNatsUrl().orElseThrow();
            String anonymous = NatsEnvelope.withoutCredentials(gatewayUrl);
            assertThat(async.description()).doesNotContain("@").contains(anonymous);
            assertThat(Files.getPosixFilePermissions(dir.resolve("nats").resolve(NatsServerProcess.AUTH_FILE)))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

            assertThatThrownBy(() -> Nats.connect(Options.builder().server(anonymous).maxReconnects(0)
                    .connectionTimeout(Duration.ofSeconds(5)).build()))
                    .as("a client without credentials").hasMessageContaining("Authorization");

            try (Connection function = Nats.connect(functionUrl);
                 Connection gateway = Nats.connect(gatewayUrl)) {
                // a replica serves its subject and answers
                function.createDispatcher(message -> function.publish(message.getReplyTo(),
                        "served".getBytes(StandardCharsets.UTF_8))).subscribe("jfaas.invoke.openfaas-fn.f");
                function.flush(Duration.ofSeconds(5));
                Message answer = gateway.request("jfaas.invoke.openfaas-fn.f", new byte[0], Duration.ofSeconds(10));
                assertThat(new String(answer.getData(), StandardCharsets.UTF_8)).isEqualTo("served");

                // but cannot queue a call nor read the stream of calls
                assertThatThrownBy(() -> function.jetStream().publish(JetStreamQueue.STREAM, "x".getBytes()))
                        .as("publishing a call");
                assertThatThrownBy(() -> function.jetStreamManagement().getStreamInfo(JetStreamQueue.STREAM))
                        .as("reading the stream");
            }
        } finally {
            async.close();
        }
    }
}
