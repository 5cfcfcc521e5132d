package io.jfaas.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.jfaas.operator.provider.ProviderApi;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * End to end on a real (k3s) cluster: the committed CRD is installed, the operator runs with server-side apply and
 * leader election as in production, a function is deployed through the provider API, becomes available, and answers
 * through its Service. Opt-in: {@code ./mvnw -pl operator -am verify -Djfaas.k3s=true -Dit.test=K3sIT
 * -Dfailsafe.failIfNoSpecifiedTests=false}; needs Docker and image pulls (rancher/k3s, ghcr.io/openfaas/alpine).
 */
@EnabledIfSystemProperty(named = "jfaas.k3s", matches = "true")
@Testcontainers(disabledWithoutDocker = true)
class K3sIT {

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.31.4-k3s1"));

    @Test
    void a_function_deployed_through_the_provider_api_runs_and_answers() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml())).build()) {
            Path crd = Path.of(System.getProperty("crd.committed", "../charts/jfaas/crds/functions.openfaas.com-v1.yml"));
            try (InputStream in = Files.newInputStream(crd)) {
                client.load(in).serverSideApply();
            }
            client.apiextensions().v1().customResourceDefinitions().withName("functions.openfaas.com")
                    .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions().stream()
                            .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
                            60, TimeUnit.SECONDS);
            client.resource(new NamespaceBuilder().withNewMetadata().withName("openfaas-fn").endMetadata().build())
                    .serverSideApply();

            OperatorConfig config = OperatorConfig.fromEnv(Map.of("POD_NAME", "k3s-it", "image_pull_policy",
                    "IfNotPresent", "JFAAS_AUTOSCALE", "false"));
            try (FunctionOperator operator = new FunctionOperator(client, config);
                    ProviderApi api = ProviderApi.start(client, 0, null, "openfaas-fn", Set.of(), operator::health)) {
                operator.start();
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + api.port();
                HttpResponse<String> deploy = http.send(HttpRequest.newBuilder(URI.create(base + "/system/functions"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"service\":\"echo\",\"image\":\"ghcr.io/openfaas/alpine:latest\",\"envProcess\":\"cat\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(deploy.statusCode()).isEqualTo(202);

                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).until(() -> http.send(
                        HttpRequest.newBuilder(URI.create(base + "/system/function/echo")).build(),
                        HttpResponse.BodyHandlers.ofString()).body().contains("\"availableReplicas\":1"));

                try (LocalPortForward forward = client.services().inNamespace("openfaas-fn").withName("echo")
                        .portForward(8080)) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/"))
                            .POST(HttpRequest.BodyPublishers.ofString("hello from k3s")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).isEqualTo(200);
                    assertThat(answer.body()).isEqualTo("hello from k3s");
                }
            }
        }
    }
}
