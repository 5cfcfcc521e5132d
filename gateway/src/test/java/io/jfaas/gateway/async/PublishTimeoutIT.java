package io.jfaas.gateway.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A nats-server that takes a call and never acknowledges it (the process is stopped with SIGSTOP, so its socket stays
 * open): the call is answered 503 once the publish times out (the NATS client's own timeout, no timer per call), not
 * 202, and not never.
 */
class PublishTimeoutIT {

    @TempDir
    Path dir;

    @Test
    void a_call_the_stream_does_not_acknowledge_within_the_publish_timeout_is_503() throws Exception {
        try (NatsServerProcess nats = TestNats.start(dir.resolve("nats"));
             AsyncGateway gateway = AsyncGateway.start(dir.resolve("state"), Map.of("JFAAS_NATS_URL", nats.url()))) {
            gateway.deploy("plain", "{}");
            String callId = UUID.randomUUID().toString();
            assertThat(gateway.send("POST", "/async-function/plain", "before", Map.of("X-Call-Id", callId))
                    .statusCode()).isEqualTo(202);

            signal(nats.pid(), "STOP");
            HttpResponse<String> refused;
            long took;
            try {
                long start = System.nanoTime();
                refused = gateway.send("POST", "/async-function/plain", "while stopped", Map.of());
                took = System.nanoTime() - start;
            } finally {
                signal(nats.pid(), "CONT");
            }

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body()).contains("nothing was queued");
            // timed out by the client's clean-up, which looks every PUBLISH_TIMEOUT: between one and two of it
            // (and some slack for a loaded machine)
            assertThat(Duration.ofNanos(took)).isGreaterThanOrEqualTo(JetStreamQueue.PUBLISH_TIMEOUT)
                    .isLessThan(JetStreamQueue.PUBLISH_TIMEOUT.multipliedBy(2).plusSeconds(10));
        }
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }
}
