package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.jfaas.operator.cluster.AuthorizedCluster;
import io.jfaas.operator.cluster.ChartRbac;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator as a process ({@link Main}), as the chart's pod runs it, against the mock server behind the chart's
 * RBAC: it exits non-zero when it cannot start and when it loses its lease, instead of staying up with a healthy
 * {@code /healthz}.
 */
class OperatorProcessIT {

    static final Duration EXIT_WAIT = Duration.ofMinutes(3);
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    AuthorizedCluster cluster;
    Process process;

    @AfterEach
    void stop() {
        if (process != null) {
            process.destroyForcibly();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    Process start(int port) throws IOException {
        Path kubeconfig = cluster.writeOperatorKubeconfig(dir.resolve("kubeconfig"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectErrorStream(true).redirectOutput(dir.resolve("operator.log").toFile());
        builder.environment().clear();
        builder.environment().putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", dir.toString(),
                "port", Integer.toString(port), "basic_auth", "false", "JFAAS_AUTOSCALE", "false", "JFAAS_WATCH_NAMESPACES", "openfaas-fn", "JFAAS_LEASE_DURATION", "3s",
                "POD_NAME", "operator-process"));
        return builder.start();
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("operator.log"));
    }

    int exitCode() throws Exception {
        assertThat(process.waitFor(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS)).as("the operator exited").isTrue();
        return process.exitValue();
    }

    static int healthz(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void an_operator_the_cluster_does_not_let_list_functions_exits_with_1() throws Exception {
        List<ChartRbac.Grant> withoutFunctions = AuthorizedCluster.chartGrants(Map.of()).stream()
                .filter(g -> !g.rule().getResources().contains("functions")).toList();
        cluster = AuthorizedCluster.withGrants(withoutFunctions);
        process = start(freePort());

        assertThat(exitCode()).as(log()).isEqualTo(1);
        assertThat(log()).contains("the operator cannot start");
        assertThat(cluster.denied()).anySatisfy(d -> assertThat(d.toString()).startsWith("list openfaas.com/functions"));
    }

    @Test
    void an_operator_that_loses_its_lease_exits_with_1_after_a_healthy_start() throws Exception {
        cluster = AuthorizedCluster.withChartDefaults();
        int port = freePort();
        process = start(port);
        await().atMost(EXIT_WAIT).until(() -> {
            Lease lease = cluster.admin().leases().inNamespace("openfaas-fn").withName("jfaas-operator").get();
            return lease != null && "operator-process".equals(lease.getSpec().getHolderIdentity());
        });
        await().atMost(EXIT_WAIT).until(() -> healthz(port) == 200);

        cluster.outage(true);

        assertThat(exitCode()).as(log()).isEqualTo(1);
        assertThat(log()).contains("lost the leader lease openfaas-fn/jfaas-operator");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
