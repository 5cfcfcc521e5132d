package io.jfaas.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}, Debian's package) started for a test, scraping the given targets
 * every second. Outside CI a missing binary skips the test; in CI ({@code CI=true}) it fails it.
 */
final class PrometheusProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;

    private PrometheusProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Starts Prometheus with its data and log under {@code work}, and waits until it is ready. */
    static PrometheusProcess start(Path work, String... targets) throws IOException {
        if (!ci()) {
            assumeTrue(Files.isExecutable(BINARY), BINARY + " is missing: apt-get install prometheus");
        }
        assertThat(BINARY).as("Prometheus (apt-get install prometheus)").isExecutable();
        Files.createDirectories(work);
        int port = freePort();
        Path config = work.resolve("prometheus.yml");
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                """);
        if (targets.length > 0) {
            yaml.append("scrape_configs:\n  - job_name: gateway\n    static_configs:\n      - targets: [");
            for (int i = 0; i < targets.length; i++) {
                yaml.append(i == 0 ? "" : ", ").append('"').append(targets[i]).append('"');
            }
            yaml.append("]\n");
        }
        Files.writeString(config, yaml);
        Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        PrometheusProcess prometheus = new PrometheusProcess(process, port);
        awaitOk(prometheus.url() + "/-/ready", "Prometheus (log: " + work.resolve("prometheus.log") + ")");
        return prometheus;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void awaitOk(String url, String what) {
        await().alias(what + " answers 200 at " + url).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
