package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.testing.TestGateway;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies far larger than the heap pass through the gateway. The build runs this class alone in a JVM with a 256 MiB
 * heap (the gateway's pom: failsafe execution {@code large-bodies}) that holds the client, the gateway and the
 * function: buffering a body anywhere would fail with OutOfMemoryError.
 */
class LargeBodiesIT {

    private static final long SIZE = 1L << 30;
    private static final int BLOCK = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path state;

    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        assertThat(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax())
                .as("this test must run with -Xmx256m (failsafe execution large-bodies)")
                .isLessThanOrEqualTo(256L << 20);
        gateway = TestGateway.start(state, Map.of());
        gateway.deploy("bulk");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void a_one_gib_request_reaches_the_function_whole() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.uri("/function/bulk/count"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(pattern(SIZE), SIZE)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(SIZE + " " + patternChecksum(SIZE));
    }

    @Test
    void a_one_gib_response_reaches_the_client_whole() throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                gateway.uri("/function/bulk/generate/" + SIZE)).build(), HttpResponse.BodyHandlers.ofInputStream());
        CRC32 received = new CRC32();
        long count = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[BLOCK];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                received.update(buffer, 0, n);
                count += n;
            }
        }

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(count).isEqualTo(SIZE);
        assertThat(received.getValue()).isEqualTo(patternChecksum(SIZE));
    }

    /** The checksum of {@code total} bytes of the pattern {@code /generate} sends: 64 KiB blocks of 0, 1, 2, ... */
    private static long patternChecksum(long total) {
        CRC32 checksum = new CRC32();
        byte[] block = new byte[BLOCK];
        int round = 0;
        for (long left = total; left > 0; left -= BLOCK) {
            Arrays.fill(block, (byte) round++);
            checksum.update(block, 0, (int) Math.min(BLOCK, left));
        }
        return checksum.getValue();
    }

    /** The same pattern as a request body, produced as the client asks for it. */
    private static Flow.Publisher<ByteBuffer> pattern(long total) {
        return subscriber -> {
            SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>(Runnable::run, 4);
            publisher.subscribe(subscriber);
            Thread.ofVirtual().start(() -> {
                int round = 0;
                for (long left = total; left > 0; left -= BLOCK) {
                    byte[] block = new byte[BLOCK];
                    Arrays.fill(block, (byte) round++);
                    publisher.submit(ByteBuffer.wrap(block, 0, (int) Math.min(BLOCK, left)));
                }
                publisher.close();
            });
        };
    }
}
