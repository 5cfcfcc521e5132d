package io.jfaas.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.jfaas.operator.OperatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChartTest {

    /** The quick start's {@code helm upgrade --install} flags. */
    static final Map<String, Object> QUICK_START = Map.of(
            "basic_auth", "true", "serviceType", "LoadBalancer", "functionNamespace", "openfaas-fn");

    static Stream<Arguments> valueSets() {
        return Stream.of(
                Arguments.of("defaults", Map.of()),
                Arguments.of("the quick start's --set values", QUICK_START),
                Arguments.of("async off", Map.of("async", "false")),
                Arguments.of("prometheus off", Map.of("prometheus.create", "false")),
                Arguments.of("network policies on", Map.of("networkPolicies.enabled", "true")),
                Arguments.of("basic auth off", Map.of("basic_auth", "false")),
                Arguments.of("persistent JetStream", Map.of("nats.persistence.enabled", "true")),
                Arguments.of("both namespaces created, ClusterIP",
                        Map.of("namespaces.createCore", "true", "serviceType", "ClusterIP")),
                Arguments.of("functions in another namespace",
                        Map.of("functionNamespace", "team-a", "networkPolicies.enabled", "true")),
                Arguments.of("sync over NATS", Map.of("gateway.syncTransport", "nats")),
                Arguments.of("functions as uid 12000", Map.of("functions.setNonRootUser", "true")),
                Arguments.of("cluster role", Map.of("clusterRole", "true")));
    }

    @Test
    void theChartPassesStrictLint() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedObjectParsesIntoTheTypedModel(String label, Map<String, Object> values) {
        RenderedChart chart = RenderedChart.render(values);
        assertThat(chart.objects()).isNotEmpty();
        assertThat(chart.objects()).as("objects fabric8 has no type for")
                .noneMatch(GenericKubernetesResource.class::isInstance);
        for (HasMetadata object : chart.objects()) {
            assertThat(object.getMetadata().getName()).as(object.getKind()).isNotBlank();
        }
    }

    @Test
    void theChartShipsTheGeneratedFunctionCrd() throws Exception {
        // Helm installs crds/ before the templates (and `helm template` leaves it out unless --include-crds)
        try (var files = java.nio.file.Files.list(RenderedChart.CHART.resolve("crds"))) {
            List<Object> crds = files.map(file -> {
                try {
                    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                            java.nio.file.Files.readString(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(crds).singleElement().isInstanceOfSatisfying(CustomResourceDefinition.class, crd -> {
                assertThat(crd.getMetadata().getName()).isEqualTo("functions.openfaas.com");
                assertThat(crd.getSpec().getVersions()).anySatisfy(v -> {
                    assertThat(v.getName()).isEqualTo("v1");
                    var schema = v.getSchema().getOpenAPIV3Schema();
                    assertThat(schema.getRequired()).as("a Function without spec is refused").contains("spec");
                    assertThat(schema.getXKubernetesValidations()).anySatisfy(rule -> assertThat(rule.getRule())
                            .isEqualTo("self.spec.name == self.metadata.name"));
                    var conditions = schema.getProperties().get("status").getProperties().get("conditions");
                    assertThat(conditions.getXKubernetesListType()).isEqualTo("map");
                    assertThat(conditions.getXKubernetesListMapKeys()).containsExactly("type");
                });
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyContainerIsNonRootWithAReadOnlyRootFileSystemResourcesAndProbes(String label, Map<String, Object> values) {
        RenderedChart chart = RenderedChart.render(values);
        assertThat(chart.podSpecs()).isNotEmpty();
        for (PodSpec pod : chart.podSpecs()) {
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container container : containers) {
                String name = container.getName();
                assertThat(container.getSecurityContext()).as(name).isNotNull();
                assertThat(container.getSecurityContext().getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name + " read-only root")
                        .isTrue();
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getResources().getRequests()).as(name + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name + " limits").containsKey("memory");
                assertThat(container.getReadinessProbe()).as(name + " readiness").isNotNull();
                assertThat(container.getLivenessProbe()).as(name + " liveness").isNotNull();
                assertThat(container.getImage()).as(name).doesNotEndWith(":").doesNotEndWith(":latest");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void rbacHasNoWildcardsAndNamespacedRolesLiveInTheFunctionNamespace(String label, Map<String, Object> values) {
        RenderedChart chart = RenderedChart.render(values);
        List<PolicyRule> rules = new ArrayList<>();
        chart.all(Role.class).forEach(role -> rules.addAll(role.getRules()));
        chart.all(ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
        assertThat(rules).isNotEmpty();
        for (PolicyRule rule : rules) {
            assertThat(rule.getVerbs()).as(rule.toString()).isNotEmpty().doesNotContain("*");
            assertThat(rule.getResources()).as(rule.toString()).isNotEmpty().noneMatch(r -> r.contains("*"));
            assertThat(rule.getApiGroups()).as(rule.toString()).doesNotContain("*");
            assertThat(rule.getNonResourceURLs()).as(rule.toString()).isNullOrEmpty();
        }
        String functionNamespace = (String) values.getOrDefault("functionNamespace", "openfaas-fn");
        Role operator = chart.get(Role.class, "jfaas-operator");
        assertThat(operator.getMetadata().getNamespace()).isEqualTo(functionNamespace);
        Deployment deployment = chart.get(Deployment.class, "jfaas-operator");
        ClusterRole clusterRole = chart.get(ClusterRole.class, "jfaas-jfaas-operator");
        if ("true".equals(values.get("clusterRole"))) {
            assertThat(clusterRole.getRules()).anySatisfy(rule -> assertThat(rule.getResources()).contains("functions"));
            assertThat(RenderedChart.env(RenderedChart.container(deployment), "JFAAS_WATCH_NAMESPACES"))
                    .as("with a ClusterRole the operator watches every namespace").hasValue("");
            return;
        }
        // cluster-wide, the operator only reads namespaces
        assertThat(clusterRole.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("namespaces");
            assertThat(rule.getVerbs()).containsExactly("get", "list");
        });
        assertThat(RenderedChart.env(RenderedChart.container(deployment), "JFAAS_WATCH_NAMESPACES"))
                .as("the operator watches only the namespace its Role covers").hasValue(functionNamespace);
    }

    @Test
    void theQuickStartsValuesGiveALoadBalancerAndBasicAuthOnEveryService() {
        RenderedChart chart = RenderedChart.render(QUICK_START);
        assertThat(chart.get(Service.class, "gateway-external").getSpec().getType()).isEqualTo("LoadBalancer");
        Service gateway = chart.get(Service.class, "gateway");
        assertThat(gateway.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(gateway.getSpec().getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        for (String name : List.of("gateway", "jfaas-operator", "queue-worker")) {
            Deployment deployment = chart.get(Deployment.class, name);
            Container container = RenderedChart.container(deployment);
            assertThat(RenderedChart.env(container, "basic_auth")).as(name).hasValue("true");
            assertThat(RenderedChart.env(container, "function_namespace")).as(name).hasValue("openfaas-fn");
            assertThat(container.getVolumeMounts()).as(name)
                    .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/secrets"));
            assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes()).as(name)
                    .anySatisfy(v -> assertThat(v.getSecret()).extracting("secretName").isEqualTo("basic-auth"));
        }
    }

    @Test
    void theGatewayCallsTheOperatorsProviderApiAndTheSharedJetStream() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Container gateway = RenderedChart.container(chart.get(Deployment.class, "gateway"));
        String provider = RenderedChart.env(gateway, "functions_provider_url").orElseThrow();
        Service operator = chart.get(Service.class, "jfaas-operator");
        assertThat(provider).isEqualTo("http://jfaas-operator.openfaas.svc.cluster.local:"
                + operator.getSpec().getPorts().getFirst().getPort() + "/");
        assertThat(operator.getSpec().getSelector())
                .isEqualTo(chart.get(Deployment.class, "jfaas-operator").getSpec().getSelector().getMatchLabels());
        String password = chart.get(Secret.class, "nats-auth").getStringData().get("gateway-password");
        String nats = "nats://gateway:" + password + "@nats.openfaas.svc.cluster.local:4222";
        assertThat(chart.environment("gateway")).containsEntry("JFAAS_NATS_URL", nats);
        assertThat(RenderedChart.env(gateway, "JFAAS_QUEUE_WORKER")).hasValue("false");
        Container worker = RenderedChart.container(chart.get(Deployment.class, "queue-worker"));
        assertThat(chart.environment("queue-worker")).containsEntry("JFAAS_NATS_URL", nats);
        assertThat(RenderedChart.env(worker, "faas_gateway_address")).hasValue("gateway.openfaas.svc.cluster.local");
        assertThat(chart.get(Service.class, "gateway-external").getSpec().getType()).isEqualTo("NodePort");
        assertThat(chart.get(Service.class, "gateway-external").getSpec().getPorts().getFirst().getNodePort())
                .isEqualTo(31112);
        assertThat(gateway.getImage()).isEqualTo("ghcr.io/jfaas/gateway:0.1.0");
        assertThat(RenderedChart.container(chart.get(Deployment.class, "jfaas-operator")).getImage())
                .isEqualTo("ghcr.io/jfaas/operator:0.1.0");
    }

    @Test
    void theConnectorRunsFromTheGatewayImageAndCallsTheGatewayWithTheBasicAuthSecretWithoutRbac() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Deployment deployment = chart.get(Deployment.class, "connector");
        Container connector = RenderedChart.container(deployment);
        assertThat(connector.getImage()).isEqualTo(RenderedChart.container(chart.get(Deployment.class, "gateway"))
                .getImage());
        assertThat(connector.getCommand()).endsWith("io.jfaas.gateway.connector.ConnectorMain");
        assertThat(RenderedChart.env(connector, "gateway_url")).hasValue("http://gateway.openfaas.svc.cluster.local:8080");
        assertThat(RenderedChart.env(connector, "secret_mount_path")).hasValue("/var/secrets");
        assertThat(connector.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/var/secrets"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anySatisfy(v -> assertThat(v.getSecret()).extracting("secretName").isEqualTo("basic-auth"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
        assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(connector.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(connector.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(connector.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort())
                .hasToString(RenderedChart.env(connector, "JFAAS_METRICS_PORT").orElseThrow()));

        assertThat(RenderedChart.env(RenderedChart.container(RenderedChart.render(QUICK_START)
                .get(Deployment.class, "connector")), "basic_auth")).hasValue("true");
        NetworkPolicy nats = RenderedChart.render(Map.of("networkPolicies.enabled", "true"))
                .get(NetworkPolicy.class, "nats-from-gateway");
        assertThat(nats.getSpec().getIngress()).anySatisfy(rule -> assertThat(rule.getFrom()).anySatisfy(peer ->
                assertThat(peer.getPodSelector().getMatchExpressions()).anySatisfy(e ->
                        assertThat(e.getValues()).contains("connector"))));

        RenderedChart scaled = RenderedChart.render(Map.of("connector.replicas", "3",
                "connector.asyncInvocation", "true", "connector.maxInflight", "8"));
        assertThat(scaled.get(Deployment.class, "connector").getSpec().getReplicas()).isEqualTo(3);
        assertThat(scaled.environment("connector")).containsEntry("asynchronous_invocation", "true")
                .containsEntry("JFAAS_CONNECTOR_MAX_INFLIGHT", "8");
        assertThat(RenderedChart.render(Map.of("connector.enabled", "false")).find(Deployment.class, "connector"))
                .isEmpty();
    }

    @Test
    void withAsyncOffThereIsNoNatsNorQueueWorkerAndTheGatewayKeepsCallsInMemory() {
        RenderedChart chart = RenderedChart.render(Map.of("async", "false"));
        assertThat(chart.find(Deployment.class, "nats")).isEmpty();
        assertThat(chart.find(Deployment.class, "queue-worker")).isEmpty();
        assertThat(chart.find(Deployment.class, "connector")).as("the connector needs NATS").isEmpty();
        Container gateway = RenderedChart.container(chart.get(Deployment.class, "gateway"));
        assertThat(RenderedChart.env(gateway, "JFAAS_NATS_URL")).isEmpty();
        assertThat(RenderedChart.env(gateway, "JFAAS_NATS_SERVER")).hasValue("off");
    }

    @Test
    void jetStreamKeepsItsStoreOnAClaimOnlyWhenPersistenceIsOn() {
        RenderedChart ephemeral = RenderedChart.render(Map.of());
        assertThat(ephemeral.get(Deployment.class, "nats").getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("data"))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        RenderedChart persistent = RenderedChart.render(Map.of("nats.persistence.enabled", "true",
                "nats.persistence.size", "5Gi"));
        assertThat(persistent.get(Deployment.class, "nats").getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().equals("data"))
                .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName())
                        .isEqualTo("nats-jetstream"));
        assertThat(persistent.get(io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class, "nats-jetstream")
                .getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("5Gi");
    }

    @Test
    void prometheusIsOnByDefaultAndScrapesTheGatewayAndTheFunctions() {
        RenderedChart chart = RenderedChart.render(Map.of());
        String config = chart.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "prometheus-config").getData()
                .get("prometheus.yml");
        assertThat(config).contains("job_name: gateway", "job_name: functions", "names: [\"openfaas-fn\"]",
                "regex: gw-metrics");
        assertThat(chart.get(Role.class, "jfaas-prometheus")).isNotNull();
        RenderedChart off = RenderedChart.render(Map.of("prometheus.create", "false"));
        assertThat(off.find(Deployment.class, "prometheus")).isEmpty();
        assertThat(off.all(Role.class)).noneMatch(r -> r.getMetadata().getName().equals("jfaas-prometheus"));
    }

    @Test
    void networkPoliciesLetOnlyTheGatewayReachTheFunctions() {
        assertThat(RenderedChart.render(Map.of()).all(NetworkPolicy.class)).isEmpty();
        RenderedChart chart = RenderedChart.render(Map.of("networkPolicies.enabled", "true"));
        NetworkPolicy functions = chart.get(NetworkPolicy.class, "functions-from-gateway");
        assertThat(functions.getMetadata().getNamespace()).isEqualTo("openfaas-fn");
        assertThat(functions.getSpec().getPolicyTypes()).containsExactly("Ingress");
        var rule = functions.getSpec().getIngress().getFirst();
        assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app", "gateway");
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "openfaas");
        });
        assertThat(rule.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080));
    }

    @Test
    void theBasicAuthSecretHasARandomPasswordForUserAdmin() {
        Secret first = RenderedChart.render(Map.of()).get(Secret.class, "basic-auth");
        Secret second = RenderedChart.render(Map.of()).get(Secret.class, "basic-auth");
        assertThat(decode(first, "basic-auth-user")).isEqualTo("admin");
        String password = decode(first, "basic-auth-password");
        assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
        assertThat(decode(second, "basic-auth-password")).as("generated anew where no Secret exists")
                .isNotEqualTo(password);
        assertThat(first.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(RenderedChart.render(Map.of("basic_auth", "false")).find(Secret.class, "basic-auth")).isEmpty();
        assertThat(RenderedChart.render(Map.of("basic_auth", "false")).podSpecs()).allSatisfy(pod ->
                assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null
                        && v.getSecret().getSecretName().equals("basic-auth")));
        assertThat(RenderedChart.render(Map.of("generateBasicAuth", "false")).find(Secret.class, "basic-auth"))
                .isEmpty();
    }

    @Test
    void theFunctionNamespaceIsCreatedWithOpenFaasLabelsAndTheCoreOneOnlyWhenAsked() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertThat(chart.all(Namespace.class)).singleElement().satisfies(ns -> {
            assertThat(ns.getMetadata().getName()).isEqualTo("openfaas-fn");
            assertThat(ns.getMetadata().getLabels()).containsEntry("role", "openfaas-fn");
        });
        Map<String, Object> both = new LinkedHashMap<>(Map.of("namespaces.createCore", "true"));
        Namespace core = RenderedChart.render(both).get(Namespace.class, "openfaas");
        assertThat(core.getMetadata().getLabels()).containsEntry("role", "openfaas-system")
                .containsEntry("access", "openfaas-system");
        assertThat(RenderedChart.render(Map.of("namespaces.createFunctions", "false")).all(Namespace.class)).isEmpty();
    }

    @Test
    void anExistingFunctionNamespaceThatTheReleaseDoesNotOwnIsLeftAloneAndOneItOwnsIsKept() {
        ApiServerStandIn api = ApiServerStandIn.start();
        api.namespace("openfaas-fn", """
                {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"openfaas-fn"}}""");
        try {
            assertThat(RenderedChart.render(Map.of()).all(Namespace.class)).as("created by kubectl first").isEmpty();
            api.namespace("openfaas-fn", """
                    {"kind":"Namespace","apiVersion":"v1","metadata":{"name":"openfaas-fn","annotations":{
                     "meta.helm.sh/release-name":"jfaas","meta.helm.sh/release-namespace":"openfaas"}}}""");
            assertThat(RenderedChart.render(Map.of()).all(Namespace.class)).as("created by this release")
                    .singleElement().satisfies(ns -> assertThat(ns.getMetadata().getName()).isEqualTo("openfaas-fn"));
        } finally {
            api.namespace("openfaas-fn", null);
        }
    }

    @Test
    void withClusterRolePrometheusDiscoversFunctionsInEveryNamespace() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of("clusterRole", "true"));
        assertThat(scrapeJob(chart, "functions").at("/kubernetes_sd_configs/0/namespaces").isMissingNode()).isTrue();
        for (RenderedChart rendered : List.of(chart, RenderedChart.render(Map.of()))) {
            assertThat(scrapeJob(rendered, "functions").get("relabel_configs")).as("only functions' pods are scraped")
                    .anySatisfy(rule -> assertThat(rule.get("source_labels").toString() + " "
                            + rule.get("regex").asText() + " " + rule.get("action").asText())
                            .isEqualTo("[\"__meta_kubernetes_pod_label_faas_function\"] .+ keep"));
        }
        assertThat(chart.get(ClusterRole.class, "jfaas-jfaas-prometheus-pods").getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getResources()).containsExactly("pods"));
        assertThat(chart.all(Role.class)).noneMatch(r -> r.getMetadata().getName().equals("jfaas-prometheus"));
    }

    @Test
    void anExistingBasicAuthSecretKeepsItsPassword() {
        ApiServerStandIn api = ApiServerStandIn.start();
        String user = Base64.getEncoder().encodeToString("admin".getBytes());
        String password = Base64.getEncoder().encodeToString("kept-password-of-an-earlier-install".getBytes());
        api.secret("openfaas", "basic-auth", """
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"basic-auth","namespace":"openfaas"},
                 "type":"Opaque","data":{"basic-auth-user":"%s","basic-auth-password":"%s"}}""".formatted(user, password));
        try {
            Secret secret = RenderedChart.render(Map.of()).get(Secret.class, "basic-auth");
            assertThat(decode(secret, "basic-auth-password")).isEqualTo("kept-password-of-an-earlier-install");
            assertThat(decode(secret, "basic-auth-user")).isEqualTo("admin");
        } finally {
            api.secret("openfaas", "basic-auth", null);
        }
    }

    @Test
    void theOperatorsAutoscalerReadsTheChartsPrometheusOnlyWhenItIsCreated() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Container operator = RenderedChart.container(chart.get(Deployment.class, "jfaas-operator"));
        Service prometheus = chart.get(Service.class, "prometheus");
        assertThat(prometheus.getSpec().getSelector())
                .isEqualTo(chart.get(Deployment.class, "prometheus").getSpec().getSelector().getMatchLabels());
        assertThat(RenderedChart.env(operator, "JFAAS_AUTOSCALE")).hasValue("true");
        assertThat(RenderedChart.env(operator, "JFAAS_PROMETHEUS_URL")).hasValue(
                "http://prometheus.openfaas.svc.cluster.local:" + prometheus.getSpec().getPorts().getFirst().getPort());

        Container withoutPrometheus = RenderedChart.container(RenderedChart.render(Map.of("prometheus.create", "false"))
                .get(Deployment.class, "jfaas-operator"));
        assertThat(RenderedChart.env(withoutPrometheus, "JFAAS_AUTOSCALE")).hasValue("false");
        assertThat(RenderedChart.env(withoutPrometheus, "JFAAS_PROMETHEUS_URL")).isEmpty();
    }

    @Test
    void theGatewayScrapeJobKeepsTheGatewaysMetricsPortOftenEnoughForTheOperatorsRpsQuery() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of());
        JsonNode gatewayJob = scrapeJob(chart, "gateway");
        Deployment gateway = chart.get(Deployment.class, "gateway");
        Container container = RenderedChart.container(gateway);
        String appLabel = gateway.getSpec().getTemplate().getMetadata().getLabels().get("app");
        String metricsPortName = container.getPorts().stream().filter(p -> String.valueOf(p.getContainerPort())
                .equals(RenderedChart.env(container, "JFAAS_METRICS_PORT").orElseThrow())).findFirst().orElseThrow()
                .getName();
        assertThat(keepRegex(gatewayJob, "__meta_kubernetes_pod_label_app")).isEqualTo(appLabel);
        assertThat(keepRegex(gatewayJob, "__meta_kubernetes_pod_container_port_name")).isEqualTo(metricsPortName);
        assertThat(gatewayJob.at("/kubernetes_sd_configs/0/namespaces/names/0").asText())
                .isEqualTo(gateway.getMetadata().getNamespace());

        Matcher window = Pattern.compile("gateway_function_invocation_started\\[(\\d+)s]")
                .matcher(OperatorConfig.RPS_QUERY);
        assertThat(window.find()).as(OperatorConfig.RPS_QUERY).isTrue();
        Duration interval = Duration.parse("PT" + gatewayJob.get("scrape_interval").asText().toUpperCase());
        assertThat(interval.multipliedBy(2)).as("two samples of the gateway in the rps query's window")
                .isLessThanOrEqualTo(Duration.ofSeconds(Long.parseLong(window.group(1))));
        assertThat(OperatorConfig.CAPACITY_QUERY).contains("gateway_function_invocation_inflight");
    }

    @Test
    void theCadvisorScrapeJobKeepsTheCpuSeriesOfTheFunctionNamespaceThatTheCpuQueryReads() throws Exception {
        Matcher metric = Pattern.compile("rate\\((\\w+)\\{").matcher(OperatorConfig.CPU_QUERY);
        assertThat(metric.find()).as(OperatorConfig.CPU_QUERY).isTrue();
        assertThat(OperatorConfig.CPU_QUERY).contains("\"container\", \"namespace\"");
        for (String namespace : List.of("openfaas-fn", "team-a")) {
            JsonNode job = scrapeJob(RenderedChart.render(Map.of("functionNamespace", namespace)), "kubelet-cadvisor");
            assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics/cadvisor");
            assertThat(job.at("/kubernetes_sd_configs/0/role").asText()).isEqualTo("node");
            JsonNode keep = job.get("metric_relabel_configs").get(0);
            assertThat(keep.get("action").asText()).isEqualTo("keep");
            assertThat(keep.get("source_labels").toString()).isEqualTo("[\"__name__\",\"namespace\"]");
            Pattern regex = Pattern.compile(keep.get("regex").asText());
            assertThat(regex.matcher(metric.group(1) + ";" + namespace).matches()).isTrue();
            assertThat(regex.matcher(metric.group(1) + ";kube-system").matches()).isFalse();
            assertThat(regex.matcher("container_memory_usage_bytes;" + namespace).matches()).isFalse();
        }
        ClusterRole nodes = RenderedChart.render(Map.of()).get(ClusterRole.class, "jfaas-jfaas-prometheus-nodes");
        assertThat(nodes.getRules()).extracting(r -> r.getResources() + " " + r.getVerbs())
                .containsExactlyInAnyOrder("[nodes] [get, list, watch]", "[nodes/metrics] [get]");
        assertThat(RenderedChart.render(Map.of("prometheus.create", "false")).find(ClusterRole.class,
                "jfaas-jfaas-prometheus-nodes")).isEmpty();
    }

    @Test
    void theOperatorMayScaleDeploymentsAndWriteFunctionStatusInTheFunctionNamespace() {
        Role operator = RenderedChart.render(Map.of()).get(Role.class, "jfaas-operator");
        assertThat(operator.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("apps");
            assertThat(rule.getResources()).contains("deployments/scale");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "update");
        });
        assertThat(operator.getRules()).anySatisfy(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("openfaas.com");
            assertThat(rule.getResources()).contains("functions/status");
            assertThat(rule.getVerbs()).containsExactly("patch");
        });
    }

    @Test
    void theGatewayAndTheOperatorShareTheSyncTransportAndTheOperatorGivesFunctionsTheGatewaysNats() {
        RenderedChart chart = RenderedChart.render(Map.of());
        Container gateway = RenderedChart.container(chart.get(Deployment.class, "gateway"));
        Container operator = RenderedChart.container(chart.get(Deployment.class, "jfaas-operator"));
        assertThat(RenderedChart.env(gateway, "JFAAS_SYNC_TRANSPORT")).hasValue("http");
        assertThat(RenderedChart.env(operator, "JFAAS_SYNC_TRANSPORT")).hasValue("http");
        String functionPassword = chart.get(Secret.class, "nats-auth").getStringData().get("function-password");
        assertThat(chart.environment("jfaas-operator")).as("the functions' pods get the functions' user")
                .containsEntry("JFAAS_NATS_URL", "nats://function:" + functionPassword
                        + "@nats.openfaas.svc.cluster.local:4222");

        RenderedChart nats = RenderedChart.render(Map.of("gateway.syncTransport", "NATS"));
        assertThat(RenderedChart.env(RenderedChart.container(nats.get(Deployment.class, "gateway")),
                "JFAAS_SYNC_TRANSPORT")).hasValue("nats");
        assertThat(RenderedChart.env(RenderedChart.container(nats.get(Deployment.class, "jfaas-operator")),
                "JFAAS_SYNC_TRANSPORT")).hasValue("nats");

        Container withoutNats = RenderedChart.container(RenderedChart.render(Map.of("async", "false"))
                .get(Deployment.class, "jfaas-operator"));
        assertThat(RenderedChart.env(withoutNats, "JFAAS_NATS_URL")).isEmpty();
        assertThatThrownBy(() -> RenderedChart.render(Map.of("gateway.syncTransport", "nats", "async", "false")))
                .hasMessageContaining("gateway.syncTransport: nats needs NATS: set async=true");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("gateway.syncTransport", "grpc")))
                .hasMessageContaining("gateway.syncTransport: \"grpc\" is not a transport: use http or nats");
    }

    @Test
    void theClustersDnsDomainReachesEveryServiceAddress() {
        RenderedChart chart = RenderedChart.render(Map.of("kubernetesDNSDomain", "corp.internal"));
        Container gateway = RenderedChart.container(chart.get(Deployment.class, "gateway"));
        Container operator = RenderedChart.container(chart.get(Deployment.class, "jfaas-operator"));
        assertThat(RenderedChart.env(gateway, "functions_provider_url"))
                .hasValue("http://jfaas-operator.openfaas.svc.corp.internal:8081/");
        assertThat(RenderedChart.env(operator, "JFAAS_NATS_URL"))
                .hasValue("nats://function:$(NATS_PASSWORD)@nats.openfaas.svc.corp.internal:4222");
        assertThat(RenderedChart.env(operator, "JFAAS_PROMETHEUS_URL"))
                .hasValue("http://prometheus.openfaas.svc.corp.internal:9090");
    }

    @Test
    void withNetworkPoliciesFunctionPodsMayReachNatsForTheNatsTransport() {
        NetworkPolicy nats = RenderedChart.render(Map.of("networkPolicies.enabled", "true", "functionNamespace", "team-a"))
                .get(NetworkPolicy.class, "nats-from-gateway");
        assertThat(nats.getSpec().getIngress()).filteredOn(rule -> rule.getFrom().getFirst().getNamespaceSelector() != null)
                .singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsEntry("kubernetes.io/metadata.name", "team-a");
                assertThat(peer.getPodSelector().getMatchExpressions()).singleElement()
                        .satisfies(e -> assertThat(e.getKey() + " " + e.getOperator()).isEqualTo("faas_function Exists"));
            });
            assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(4222));
        });
    }

    /** A scrape job of the chart's Prometheus configuration. */
    private static JsonNode scrapeJob(RenderedChart chart, String name) throws Exception {
        String config = chart.get(io.fabric8.kubernetes.api.model.ConfigMap.class, "prometheus-config").getData()
                .get("prometheus.yml");
        for (JsonNode job : new ObjectMapper(new YAMLFactory()).readTree(config).get("scrape_configs")) {
            if (job.get("job_name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no scrape job " + name + " in:\n" + config);
    }

    /** The regex of the job's {@code keep} relabelling on one source label. */
    private static String keepRegex(JsonNode job, String sourceLabel) {
        for (JsonNode relabel : job.get("relabel_configs")) {
            if ("keep".equals(relabel.path("action").asText())
                    && relabel.get("source_labels").toString().equals("[\"" + sourceLabel + "\"]")) {
                return relabel.get("regex").asText();
            }
        }
        throw new AssertionError("no keep on " + sourceLabel + " in " + job);
    }

    private static String decode(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)));
    }
}
