package io.jfaas.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.testing.GatewayProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway process runs with the JVM options it ships with ({@code src/dist/jvm.options}, which bin/gateway and
 * the image read too): the serial collector and a heap of at most 256 MiB, and it rests in well under the resident
 * memory the default options gave it (159-187 MiB): under 128 MiB (about 94 on an idle machine). It runs one event
 * loop per core, not Vert.x's default of two: the second set would idle, each loop with its stack and Netty's caches.
 */
class GatewayMemoryIT {

    private static final Pattern HEAP_MAX = Pattern.compile(
            "jvm_memory_max_bytes\\{area=\"heap\",id=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)");

    @TempDir
    Path work;

    @Test
    void the_gateway_runs_with_the_serial_collector_a_bounded_heap_and_rests_under_128_mib() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of())) {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher heap = HEAP_MAX.matcher(metrics);
            double max = 0;
            StringBuilder pools = new StringBuilder();
            while (heap.find()) {
                pools.append(heap.group(1)).append(';');
                max += Math.max(0, Double.parseDouble(heap.group(2)));
            }

            assertThat(pools.toString()).as("the serial collector's pools").contains("Tenured Gen");
            assertThat(max).as("the heap's maximum, bytes").isLessThanOrEqualTo(256.0 * 1024 * 1024);
            long rssKib = Files.readAllLines(Path.of("/proc", Long.toString(gateway.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).map(line -> line.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong).findFirst().orElseThrow();
            assertThat(rssKib / 1024).as("resident MiB at rest").isLessThan(128);
        }
    }

    @Test
    void the_gateway_runs_one_event_loop_per_core() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(work, Map.of())) {
            // a thread's name in /proc is cut to 15 characters: "vert.x-eventloop-thread-0" reads "vert.x-eventloo"
            long eventLoops = gateway.threadNames().stream().filter(name -> name.startsWith("vert.x-eventloo")).count();

            assertThat(eventLoops).as("the gateway's event loop threads")
                    .isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }
}
